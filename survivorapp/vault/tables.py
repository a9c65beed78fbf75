"""Which table holds which domain entity, and which columns need converting."""

from __future__ import annotations

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.justice import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice_support import (
    CourtSupport,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
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
