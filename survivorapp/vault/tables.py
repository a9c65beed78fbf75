"""Which table holds which domain entity, and which columns need converting."""

from __future__ import annotations

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.questionnaires.instruments import ImportedInstrument
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.waiting_list import ContactAttempt, WaitingEntry
from survivorapp.vault.records import TableSpec

SURVIVORS = TableSpec(
    "survivors",
    Survivor,
    json_columns=frozenset({"disability_types", "vulnerabilities"}),
    bool_columns=frozenset({"trans_history", "disability", "interpreter_needed", "restricted"}),
)
SAFE_CONTACTS = TableSpec(
    "safe_contacts", SafeContact, json_columns=frozenset({"channels", "never_contact_via"})
)
CASES = TableSpec("cases", Case)
INCIDENTS = TableSpec(
    "incidents",
    Incident,
    json_columns=frozenset({"types", "perpetrators"}),
    bool_columns=frozenset({"is_presenting", "domestic_abuse_related"}),
)
SESSIONS = TableSpec("sessions", Session, json_columns=frozenset({"risk_flags"}))
CONSENTS = TableSpec("consents", ConsentRecord)
TASKS = TableSpec("tasks", Task, bool_columns=frozenset({"done"}))

# The justice journey (migration 5).
JUSTICE_MATTERS = TableSpec("justice_matters", JusticeMatter)
JUSTICE_EVENTS = TableSpec("justice_events", JusticeEvent)
SURVIVOR_POSITIONS = TableSpec("survivor_positions", SurvivorPosition)
SPECIAL_MEASURES = TableSpec("special_measures", SpecialMeasure)
VICTIM_PERSONAL_STATEMENTS = TableSpec("victim_personal_statements", VictimPersonalStatement)
COURT_SUPPORT = TableSpec("court_support", CourtSupport)
VICTIMS_CODE_RIGHTS = TableSpec("victims_code_rights", VictimsCodeRight)
FAMILY_PROCEEDINGS = TableSpec(
    "family_proceedings", FamilyProceeding, json_columns=frozenset({"hearing_dates", "orders"})
)

# Well-being referrals and the directory of local organisations (migration 6).
DIRECTORY_ORGANISATIONS = TableSpec("directory_organisations", DirectoryOrganisation)
REFERRALS = TableSpec("referrals", Referral)
REFERRAL_STATUS_CHANGES = TableSpec("referral_status_changes", ReferralStatusChange)

# The service's own waiting list (migration 7).
WAITING_LIST = TableSpec("waiting_list", WaitingEntry)
CONTACT_ATTEMPTS = TableSpec("contact_attempts", ContactAttempt)

# Survivor feedback and outcome measures (migration 8).
FEEDBACK_ADMINISTRATIONS = TableSpec(
    "feedback_administrations",
    Administration,
    json_columns=frozenset({"responses", "score_subscales", "flags"}),
    bool_columns=frozenset({"stopped_early", "score_prorated"}),
)
IMPORTED_INSTRUMENTS = TableSpec("imported_instruments", ImportedInstrument)
