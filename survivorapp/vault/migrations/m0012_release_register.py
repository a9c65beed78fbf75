"""The release register: every publication-level or sealed return the organisation sent (issue 13).

One row per release: its period (label and dates), level, threshold k, rounding base, return
schema version, the SHA-256 of its manifest, the published cells (publication level only: the
same text as its files, a canonical JSON document from ``reporting.releases``; never an exact
count and never case data), who released it and when (UTC). Disclosure control reads it to
audit a new release together with every earlier one it overlaps, and to keep k fixed for a
period once released. Rows are never changed or deleted. Each row's ``entry_hash`` is the
SHA-256 of the previous row's hash and the row's own fields, so the last row's hash (the
register's head) stands for the whole register (``vault.release_register``).
"""

VERSION = 12
STATEMENTS = [
    """CREATE TABLE release_register (
        id             INTEGER PRIMARY KEY,
        period         TEXT NOT NULL,
        period_start   TEXT NOT NULL,
        period_end     TEXT NOT NULL,
        level          TEXT NOT NULL CHECK (level IN ('publication', 'sealed')),
        k              INTEGER NOT NULL,
        rounding_base  INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        published      TEXT,
        released_by    TEXT NOT NULL,
        released_at    TEXT NOT NULL,
        previous_hash  TEXT NOT NULL,
        entry_hash     TEXT NOT NULL UNIQUE
    )""",
    "CREATE INDEX release_register_by_period ON release_register(period_start, period_end)",
]
