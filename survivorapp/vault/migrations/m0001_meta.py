"""Vault identity and settings that travel with the data."""

VERSION = 1
STATEMENTS = [
    """CREATE TABLE vault_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
]
