"""The service's own waiting list: priority and contact attempts (issue 6).

Reserved; filled in by the work on that issue.
"""

VERSION = 7
STATEMENTS: list[str] = []
