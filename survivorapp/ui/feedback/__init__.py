"""Feedback and outcome measures: the Feedback page, the case's Feedback tab, launching."""
