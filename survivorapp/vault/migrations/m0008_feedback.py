"""Survivor feedback and outcome measures: administrations and imported instruments (issue 7).

Columns of ``feedback_administrations`` mirror ``domain.feedback.Administration`` (answers and
subscale scores as JSON objects, raised flags as a JSON list), so the generic mapper stores
and loads it; ``instrument_kind`` is copied from the instrument when recorded, so counts of
outcome measures and of service feedback can be taken in SQL. ``case_reference`` is NULL for
anonymous feedback (after a group session, say). An administration goes with its case, as every
other case record does.

``imported_instruments`` holds the files a licensed service imports for itself (CORE-10,
WEMWBS: their licences forbid shipping them), exactly as imported, inside the encrypted vault.
"""

VERSION = 8
STATEMENTS = [
    """CREATE TABLE feedback_administrations (
        id                 INTEGER PRIMARY KEY,
        instrument_id      TEXT NOT NULL,
        instrument_version INTEGER NOT NULL,
        instrument_kind    TEXT NOT NULL,       -- outcome_measure / service_feedback
        timepoint          TEXT NOT NULL,
        mode               TEXT NOT NULL,
        administered_on    TEXT NOT NULL,
        responses          TEXT NOT NULL,       -- JSON object: item id -> value or 'declined'
        case_reference     TEXT REFERENCES cases(reference) ON DELETE CASCADE,
        review_number      INTEGER,
        stopped_early      INTEGER NOT NULL DEFAULT 0,
        score_status       TEXT NOT NULL,       -- scored / not_scorable / no_score
        score_total        NUMERIC,
        score_band         TEXT,
        score_subscales    TEXT NOT NULL,       -- JSON object: subscale id -> score or null
        score_prorated     INTEGER NOT NULL DEFAULT 0,
        score_note         TEXT,
        flags              TEXT NOT NULL,       -- JSON list of the flag ids raised
        recorded_by        TEXT COLLATE NOCASE
    )""",
    "CREATE INDEX feedback_by_case ON feedback_administrations"
    "(case_reference, instrument_kind, timepoint, administered_on) "
    "WHERE case_reference IS NOT NULL",
    "CREATE INDEX feedback_by_date ON feedback_administrations(instrument_kind, administered_on)",
    """CREATE TABLE imported_instruments (
        id            INTEGER PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        version       INTEGER NOT NULL,
        definition    TEXT NOT NULL,            -- the file as imported (JSON text)
        imported_on   TEXT NOT NULL,
        imported_by   TEXT COLLATE NOCASE,
        UNIQUE (instrument_id, version)
    )""",
]
