"""What a records file may hold (docs/interchange.md): the record types in export order, how
each maps to a domain entity, the fields kept beside an entity, and which records name which.

Shared by the checker, the reference checks and the import and export service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.waiting_list import ContactAttempt, WaitingEntry

FORMAT = "survivorapp-records"
VERSION = 1

ENTITY_TYPES: dict[str, type[Any]] = {
    "survivor": Survivor,
    "safe_contact": SafeContact,
    "case": Case,
    "incident": Incident,
    "session": Session,
    "consent": ConsentRecord,
    "task": Task,
    "justice_matter": JusticeMatter,
    "justice_event": JusticeEvent,
    "survivor_position": SurvivorPosition,
    "special_measure": SpecialMeasure,
    "victim_personal_statement": VictimPersonalStatement,
    "court_support": CourtSupport,
    "victims_code_right": VictimsCodeRight,
    "family_proceeding": FamilyProceeding,
    "waiting_list_entry": WaitingEntry,
    "contact_attempt": ContactAttempt,
    "directory_organisation": DirectoryOrganisation,
    "referral": Referral,
    "referral_status_change": ReferralStatusChange,
    "feedback_administration": Administration,
    "anonymous_feedback": Administration,
}
LINK_TYPES = ("case_share", "survivor_access")
RECORD_TYPES = (
    "survivor",
    "safe_contact",
    "case",
    "case_share",
    "survivor_access",
    "incident",
    "session",
    "consent",
    "task",
    "justice_matter",
    "justice_event",
    "survivor_position",
    "special_measure",
    "victim_personal_statement",
    "court_support",
    "victims_code_right",
    "family_proceeding",
    "waiting_list_entry",
    "contact_attempt",
    "directory_organisation",
    "referral",
    "referral_status_change",
    "feedback_administration",
    "anonymous_feedback",
    "release_register_entry",
)
"""Every record type, in the order an export writes them (the release register, which is the
organisation's rather than anyone's record, last: see services/interchange/register.py)."""

MATTER_RECORDS = (
    "justice_event",
    "survivor_position",
    "special_measure",
    "victim_personal_statement",
    "court_support",
)
"""Records that belong to a matter: in a file they name it by ``matter_key``, not by id."""
ONE_PER_MATTER = frozenset({"victim_personal_statement", "court_support"})
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "task": ("owner",),
    "justice_matter": ("matter_key",),
    "justice_event": ("matter_key", "event_key", "supersedes_key"),
    **{kind: ("matter_key",) for kind in MATTER_RECORDS if kind != "justice_event"},
    "directory_organisation": ("organisation_key",),
    "referral": ("referral_key", "organisation_key"),
    "referral_status_change": ("referral_key",),
}
"""Interchange fields kept beside an entity (in its table, or keys between lines in a file)
but not part of it."""

LINK_REFERENCE = {"case_share": "case_reference", "survivor_access": "survivor_reference"}
"""The field of a link record that names the survivor or case it links a user to."""
PARENT_FIELD = {
    "case": ("survivor", "survivor_reference"),
    "safe_contact": ("survivor", "survivor_reference"),
    "survivor_access": ("survivor", "survivor_reference"),
    "case_share": ("case", "case_reference"),
    "incident": ("case", "case_reference"),
    "session": ("case", "case_reference"),
    "consent": ("case", "case_reference"),
    "task": ("case", "case_reference"),
    "justice_matter": ("case", "case_reference"),
    "victims_code_right": ("case", "case_reference"),
    "family_proceeding": ("case", "case_reference"),
    "waiting_list_entry": ("case", "case_reference"),
    "contact_attempt": ("case", "case_reference"),
    "referral": ("case", "case_reference"),
    "feedback_administration": ("case", "case_reference"),
}
"""Record type -> (the type it belongs to, the field that names it by reference)."""


@dataclass(frozen=True)
class ImportProblem:
    """One problem on one line (line 0 means the file as a whole)."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Item:
    """One checked record, ready to store: an entity (with extras) or a link."""

    type: str
    entity: Any
    extra: Mapping[str, Any]
