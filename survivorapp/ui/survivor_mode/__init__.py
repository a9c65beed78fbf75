"""Survivor mode: full screen, one calm question at a time, leaving needs the worker."""
