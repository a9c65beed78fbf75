"""The organisation's signing key and commissioners' public keys for returns (issue 8).

Reserved; filled in by the work on that issue.
"""

VERSION = 9
STATEMENTS: list[str] = []
