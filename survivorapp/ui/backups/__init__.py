"""Backups in the desktop app: the Admin panel, the runner, the Today notice, restore."""
