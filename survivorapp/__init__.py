"""survivorapp: offline, encrypted case management for sexual-violence support services."""

__version__ = "0.1.0"
