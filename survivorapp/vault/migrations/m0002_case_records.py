"""Case records: people, cases, incidents, sessions, consent, tasks, drafts, audit, search.

Columns mirror the domain records' keys (survivorapp/domain), so one generic mapper stores and
loads every entity. Records refer to each other by their stable references (S-000123,
C-000123) and staff by user name; tuples are stored as JSON text; an unanswered question is
stored as its code ('not_asked', 'declined', 'unknown') in the same column as real answers.
"""

VERSION = 2
STATEMENTS = [
    """CREATE TABLE users (
        id           INTEGER PRIMARY KEY,
        username     TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        roles        TEXT NOT NULL,           -- JSON list of role codes
        active       INTEGER NOT NULL DEFAULT 1,
        created_at   TEXT NOT NULL
    )""",
    """CREATE TABLE survivors (
        id                   INTEGER PRIMARY KEY,
        reference            TEXT NOT NULL UNIQUE,
        name                 TEXT,
        known_as             TEXT,
        pronouns             TEXT,
        pronouns_text        TEXT,
        date_of_birth        TEXT,
        birth_year,
        sex                  TEXT,
        gender_identity      TEXT,
        gender_identity_text TEXT,
        trans_history,
        sexual_orientation   TEXT,
        ethnicity            TEXT,
        religion             TEXT,
        disability,
        disability_types     TEXT,
        vulnerabilities      TEXT,
        first_language       TEXT,
        interpreter_needed,
        residence_borough    TEXT,
        restricted           INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE survivor_access (
        survivor_reference TEXT NOT NULL REFERENCES survivors(reference) ON DELETE CASCADE,
        username           TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (survivor_reference, username)
    ) WITHOUT ROWID""",
    """CREATE TABLE safe_contacts (
        id                 INTEGER PRIMARY KEY,
        survivor_reference TEXT NOT NULL UNIQUE
                           REFERENCES survivors(reference) ON DELETE CASCADE,
        channels           TEXT NOT NULL,
        code_word          TEXT,
        safe_third_party   TEXT,
        never_contact_via  TEXT NOT NULL
    )""",
    """CREATE TABLE cases (
        id                         INTEGER PRIMARY KEY,
        reference                  TEXT NOT NULL UNIQUE,
        survivor_reference         TEXT NOT NULL REFERENCES survivors(reference),
        referral_date              TEXT NOT NULL,
        service_line               TEXT NOT NULL,
        status                     TEXT NOT NULL,
        referral_source            TEXT,
        first_contact_attempt_date TEXT,
        first_contact_date         TEXT,
        allocation_date            TEXT,
        closure_date               TEXT,
        closure_reason             TEXT,
        allocated_worker           TEXT COLLATE NOCASE,
        last_contact_date          TEXT      -- kept by triggers on sessions, for the caseload
    )""",
    "CREATE INDEX cases_by_survivor ON cases(survivor_reference)",
    "CREATE INDEX cases_by_worker ON cases(allocated_worker, status)",
    "CREATE INDEX cases_by_status ON cases(status, referral_date)",
    "CREATE INDEX cases_by_referral ON cases(referral_date)",
    """CREATE TABLE case_shares (
        case_reference TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        username       TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (case_reference, username)
    ) WITHOUT ROWID""",
    "CREATE INDEX case_shares_by_user ON case_shares(username)",
    """CREATE TABLE incidents (
        id                     INTEGER PRIMARY KEY,
        case_reference         TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        is_presenting          INTEGER NOT NULL DEFAULT 0,
        types                  TEXT,
        incident_date          TEXT,
        incident_date_to       TEXT,
        age_band_at_incident   TEXT,
        recent_band            TEXT,
        location               TEXT,
        domestic_abuse_related,
        perpetrator_count,
        perpetrators           TEXT NOT NULL
    )""",
    "CREATE INDEX incidents_by_case ON incidents(case_reference)",
    """CREATE TABLE sessions (
        id               INTEGER PRIMARY KEY,
        case_reference   TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        session_date     TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL,
        mode             TEXT NOT NULL,
        kind             TEXT NOT NULL,
        start_time       TEXT,
        worker           TEXT COLLATE NOCASE,
        note             TEXT NOT NULL DEFAULT '',
        risk_flags       TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_by_case ON sessions(case_reference, session_date)",
    "CREATE INDEX sessions_by_date ON sessions(session_date)",
    """CREATE TABLE consents (
        id             INTEGER PRIMARY KEY,
        case_reference TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        purpose        TEXT NOT NULL,
        state          TEXT NOT NULL,
        recorded_on    TEXT NOT NULL,
        method         TEXT NOT NULL,
        scope          TEXT,
        recorded_by    TEXT
    )""",
    "CREATE INDEX consents_by_case ON consents(case_reference, purpose, recorded_on)",
    """CREATE TABLE tasks (
        id             INTEGER PRIMARY KEY,
        due_date       TEXT NOT NULL,
        text           TEXT NOT NULL,
        case_reference TEXT REFERENCES cases(reference) ON DELETE CASCADE,
        done           INTEGER NOT NULL DEFAULT 0,
        owner          TEXT COLLATE NOCASE
    )""",
    "CREATE INDEX tasks_by_case ON tasks(case_reference)",
    "CREATE INDEX tasks_due ON tasks(owner, done, due_date)",
    """CREATE TABLE drafts (
        username       TEXT NOT NULL COLLATE NOCASE,
        draft_key      TEXT NOT NULL,
        case_reference TEXT,
        text           TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (username, draft_key)
    ) WITHOUT ROWID""",
    """CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        entity      TEXT NOT NULL,
        entity_ref  TEXT,
        case_ref    TEXT,
        fields      TEXT NOT NULL,
        prev_mac    TEXT NOT NULL,
        mac         TEXT NOT NULL
    )""",
    "CREATE INDEX audit_by_case ON audit_log(case_ref, seq)",
    # Full-text search inside the encrypted database (never a LIKE scan in the UI path).
    # One row per case, rowid = the case's id: its references and names, and all its session
    # notes. A match yields case ids straight from the index, with no lookups, which keeps
    # as-you-type search fast at 100,000 cases and 2,000,000 sessions. Contentless: the text
    # lives in the tables it comes from, and is not stored twice.
    """CREATE VIRTUAL TABLE search_index USING fts5(
        names,
        notes,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )""",
    """CREATE TRIGGER search_case_insert AFTER INSERT ON cases BEGIN
        INSERT INTO search_index(rowid, names, notes)
        SELECT NEW.id,
               NEW.reference || ' ' || s.reference || ' ' || coalesce(s.name, '') || ' '
               || coalesce(s.known_as, ''),
               ''
        FROM survivors s WHERE s.reference = NEW.survivor_reference;
    END""",
    """CREATE TRIGGER search_case_delete AFTER DELETE ON cases BEGIN
        DELETE FROM search_index WHERE rowid = OLD.id;
    END""",
    """CREATE TRIGGER search_survivor_update AFTER UPDATE OF name, known_as ON survivors BEGIN
        DELETE FROM search_index
        WHERE rowid IN (SELECT id FROM cases WHERE survivor_reference = NEW.reference);
        INSERT INTO search_index(rowid, names, notes)
        SELECT c.id,
               c.reference || ' ' || NEW.reference || ' ' || coalesce(NEW.name, '') || ' '
               || coalesce(NEW.known_as, ''),
               coalesce((SELECT group_concat(note, ' ') FROM sessions
                         WHERE case_reference = c.reference), '')
        FROM cases c WHERE c.survivor_reference = NEW.reference;
    END""",
    *[
        f"""CREATE TRIGGER search_session_{event} AFTER {event.upper()}{columns} ON sessions
        BEGIN
            DELETE FROM search_index
            WHERE rowid = (SELECT id FROM cases WHERE reference = {row}.case_reference);
            INSERT INTO search_index(rowid, names, notes)
            SELECT c.id,
                   c.reference || ' ' || s.reference || ' ' || coalesce(s.name, '') || ' '
                   || coalesce(s.known_as, ''),
                   coalesce((SELECT group_concat(note, ' ') FROM sessions
                             WHERE case_reference = c.reference), '')
            FROM cases c JOIN survivors s ON s.reference = c.survivor_reference
            WHERE c.reference = {row}.case_reference;
        END"""
        for event, columns, row in (
            ("insert", "", "NEW"),
            ("update", " OF note", "NEW"),
            ("delete", "", "OLD"),
        )
    ],
    # The caseload's "last contact" column, kept current without a per-row subquery.
    """CREATE TRIGGER last_contact_insert AFTER INSERT ON sessions BEGIN
        UPDATE cases SET last_contact_date = NEW.session_date
        WHERE reference = NEW.case_reference
          AND (last_contact_date IS NULL OR last_contact_date < NEW.session_date);
    END""",
    """CREATE TRIGGER last_contact_delete AFTER DELETE ON sessions BEGIN
        UPDATE cases SET last_contact_date =
            (SELECT max(session_date) FROM sessions WHERE case_reference = OLD.case_reference)
        WHERE reference = OLD.case_reference;
    END""",
    """CREATE TRIGGER last_contact_update AFTER UPDATE OF session_date ON sessions BEGIN
        UPDATE cases SET last_contact_date =
            (SELECT max(session_date) FROM sessions WHERE case_reference = NEW.case_reference)
        WHERE reference = NEW.case_reference;
    END""",
]
