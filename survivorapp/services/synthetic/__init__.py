"""Synthetic people and records for the demo vault, tests and benchmarks (never real data)."""
