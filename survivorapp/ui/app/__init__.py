"""The application shell: controller, main window, workspace pages, preferences, idle lock."""
