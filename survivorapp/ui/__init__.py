"""The Qt desktop app. Widgets talk to services through :mod:`survivorapp.ui.operations`."""
