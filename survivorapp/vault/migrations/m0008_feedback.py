"""Survivor feedback and outcome measures: instruments and administrations (issue 7).

Reserved; filled in by the work on that issue.
"""

VERSION = 8
STATEMENTS: list[str] = []
