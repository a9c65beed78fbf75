"""Well-being referrals and the directory of local organisations (issue 6).

Columns mirror the domain records' keys (survivorapp/domain/referrals/records.py and
directory.py), so the generic mapper stores and loads every entity. A referral's history
(``referral_status_changes``) is append-only: the services insert, never update or delete.

``referrals`` also keeps the current status and the key dates derived from the history
(``status``, ``status_on``, ``referred_on``, ``accepted_on``, ``first_appointment_on``),
written in the same transaction as each history row, so the cross-caseload Referrals page and
the Today reminders filter and sort by index instead of reading every history at 100,000 cases.
The mapper leaves these columns alone (they are not entity fields); a test checks they always
equal what the history gives.

Removing a directory entry keeps the referrals that named it: they hold the organisation's
name as it was, and lose only the link (ON DELETE SET NULL).
"""

VERSION = 6
STATEMENTS = [
    """CREATE TABLE directory_organisations (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL,
        destination_type TEXT NOT NULL,
        borough          TEXT,
        phone            TEXT,
        email            TEXT,
        address          TEXT,
        notes            TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX directory_by_type ON directory_organisations(destination_type, name)",
    """CREATE TABLE referrals (
        id                   INTEGER PRIMARY KEY,
        case_reference       TEXT NOT NULL REFERENCES cases(reference) ON DELETE CASCADE,
        destination_type     TEXT NOT NULL,
        started_on           TEXT NOT NULL,
        organisation_id      INTEGER REFERENCES directory_organisations(id) ON DELETE SET NULL,
        organisation_name    TEXT,
        made_by              TEXT COLLATE NOCASE,
        note                 TEXT NOT NULL DEFAULT '',
        status               TEXT NOT NULL,
        status_on            TEXT NOT NULL,
        referred_on          TEXT,
        accepted_on          TEXT,
        first_appointment_on TEXT
    )""",
    "CREATE INDEX referrals_by_case ON referrals(case_reference, id)",
    "CREATE INDEX referrals_by_status ON referrals(status, referred_on)",
    "CREATE INDEX referrals_by_organisation ON referrals(organisation_id) "
    "WHERE organisation_id IS NOT NULL",
    """CREATE TABLE referral_status_changes (
        id          INTEGER PRIMARY KEY,
        referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
        status      TEXT NOT NULL,
        changed_on  TEXT NOT NULL,
        reason      TEXT,
        note        TEXT NOT NULL DEFAULT '',
        recorded_by TEXT COLLATE NOCASE
    )""",
    "CREATE INDEX referral_changes_by_referral ON referral_status_changes(referral_id, id)",
]
