"""Unit tests for the pure-Python domain layer."""
