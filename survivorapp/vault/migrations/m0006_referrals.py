"""Well-being referrals and the directory of local organisations (issue 6).

Reserved; filled in by the work on that issue.
"""

VERSION = 6
STATEMENTS: list[str] = []
