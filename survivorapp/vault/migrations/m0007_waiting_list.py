"""The service's own waiting list: triage priority and contact attempts (issue 6).

Columns mirror the domain records' keys (survivorapp/domain/waiting_list.py), so the generic
mapper stores and loads them. A case has at most one waiting-list entry (its priority, kept
after allocation so waits can be told apart by priority) and any number of contact attempts;
both go with their case (ON DELETE CASCADE).

``contact_attempts_spoken`` finds each case's first "spoke" from the index alone (the
service's time to first contact reads it for every case referred in a year).
``sessions_by_worker`` lets Today count the sessions a worker logged this week from the index
alone, rather than reading every session of the week across the service.
"""

VERSION = 7
STATEMENTS = [
    """CREATE TABLE waiting_list (
        id             INTEGER PRIMARY KEY,
        case_reference TEXT NOT NULL UNIQUE REFERENCES cases(reference) ON DELETE CASCADE,
        priority       TEXT NOT NULL,
        triaged_on     TEXT,
        triaged_by     TEXT COLLATE NOCASE,
        note           TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE contact_attempts (
        id             INTEGER PRIMARY KEY,
        case_reference TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        attempted_on   TEXT NOT NULL,
        channel        TEXT NOT NULL,
        outcome        TEXT NOT NULL,
        attempted_at   TEXT,
        note           TEXT NOT NULL DEFAULT '',
        recorded_by    TEXT COLLATE NOCASE
    )""",
    "CREATE INDEX contact_attempts_by_case ON contact_attempts(case_reference, attempted_on, id)",
    "CREATE INDEX contact_attempts_spoken ON contact_attempts(case_reference, attempted_on) "
    "WHERE outcome = 'spoke'",
    "CREATE INDEX sessions_by_worker ON sessions(worker, session_date)",
]
