"""The justice journey (issue 5): matters, their append-only events, and court support.

Columns mirror the domain records' keys (survivorapp/domain/justice/records.py and
support.py), so the generic mapper stores and loads every entity. Events are never updated or
deleted by the services: a correction is a new row whose ``supersedes`` names the row it
corrects. A matter's rows go with its case (ON DELETE CASCADE), as every other case record
does.
"""

VERSION = 5
STATEMENTS = [
    """CREATE TABLE justice_matters (
        id              INTEGER PRIMARY KEY,
        case_reference  TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        police_force    TEXT,
        crime_reference TEXT,
        date_reported   TEXT,
        bail_status     TEXT,
        bail_conditions TEXT,
        bail_expiry     TEXT,
        label           TEXT
    )""",
    "CREATE INDEX justice_matters_by_case ON justice_matters(case_reference)",
    """CREATE TABLE justice_events (
        id           INTEGER PRIMARY KEY,
        matter_id    INTEGER NOT NULL REFERENCES justice_matters(id) ON DELETE CASCADE,
        event_type   TEXT NOT NULL,
        event_date   TEXT NOT NULL,
        informed_by  TEXT NOT NULL,
        note         TEXT NOT NULL DEFAULT '',
        outcome_code TEXT,
        defendant    TEXT,
        "count"      INTEGER,
        reason       TEXT,
        hearing_date TEXT,
        court        TEXT,
        supersedes   INTEGER REFERENCES justice_events(id),
        recorded_on  TEXT
    )""",
    "CREATE INDEX justice_events_by_matter ON justice_events(matter_id, event_date, id)",
    "CREATE INDEX justice_events_by_hearing ON justice_events(hearing_date) "
    "WHERE hearing_date IS NOT NULL",
    """CREATE TABLE survivor_positions (
        id          INTEGER PRIMARY KEY,
        matter_id   INTEGER NOT NULL REFERENCES justice_matters(id) ON DELETE CASCADE,
        position    TEXT NOT NULL,
        recorded_on TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX survivor_positions_by_matter ON survivor_positions(matter_id, recorded_on)",
    """CREATE TABLE special_measures (
        id          INTEGER PRIMARY KEY,
        matter_id   INTEGER NOT NULL REFERENCES justice_matters(id) ON DELETE CASCADE,
        measure     TEXT NOT NULL,
        status      TEXT NOT NULL,
        status_date TEXT NOT NULL
    )""",
    "CREATE INDEX special_measures_by_matter ON special_measures(matter_id, status_date)",
    """CREATE TABLE victim_personal_statements (
        id                 INTEGER PRIMARY KEY,
        matter_id          INTEGER NOT NULL UNIQUE
                           REFERENCES justice_matters(id) ON DELETE CASCADE,
        offered_on         TEXT,
        made_on            TEXT,
        updated_on         TEXT,
        reading_preference TEXT
    )""",
    """CREATE TABLE court_support (
        id                          INTEGER PRIMARY KEY,
        matter_id                   INTEGER NOT NULL UNIQUE
                                    REFERENCES justice_matters(id) ON DELETE CASCADE,
        pre_trial_visit_on          TEXT,
        witness_service_referred_on TEXT
    )""",
    """CREATE TABLE victims_code_rights (
        id             INTEGER PRIMARY KEY,
        case_reference TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        "right"        TEXT NOT NULL,
        status         TEXT NOT NULL,
        updated_on     TEXT NOT NULL,
        UNIQUE (case_reference, "right")
    )""",
    """CREATE TABLE family_proceedings (
        id              INTEGER PRIMARY KEY,
        case_reference  TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        proceeding_type TEXT NOT NULL,
        court           TEXT,
        hearing_dates   TEXT NOT NULL,        -- JSON list of dates
        orders          TEXT NOT NULL,        -- JSON list of {order, expiry}
        protections     TEXT
    )""",
    "CREATE INDEX family_proceedings_by_case ON family_proceedings(case_reference)",
]
