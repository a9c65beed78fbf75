"""The service's own waiting list: triage priority, contact attempts and the times they give.

Dates are stored, never durations (REFERENCE.md 2.5): how long someone has waited, how long it
took to first speak with them and how long to allocate a worker are worked out here, the same
way for the Waiting list page, the Today dashboard and the return.

Safety comes first (DESIGN.md 4): a voicemail message is recorded as left only where the
survivor has said voicemail is safe. Silence is never taken for permission.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Self

from survivorapp.domain.case import WAITING, Case
from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.contact import NOT_SAFE, SAFE, SafeContact
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, read_note, write_fields
from survivorapp.domain.vocabularies import Vocabularies

PRIORITY_VOCABULARY = "waiting_priority"
OUTCOME_VOCABULARY = "contact_attempt_outcome"
CHANNEL_VOCABULARY = "contact_channel"

PRIORITY_A = "a"
PRIORITY_B = "b"
PRIORITY_C = "c"
NOT_TRIAGED = "not_triaged"
PRIORITY_RANK: dict[str, int] = {PRIORITY_A: 0, NOT_TRIAGED: 1, PRIORITY_B: 2, PRIORITY_C: 3}
"""Order on the list. An untriaged referral could be urgent, so it sits just below A and above
the cases someone has already judged able to wait; an unknown code sorts last."""

NO_ANSWER = "no_answer"
LEFT_MESSAGE = "left_message"
SPOKE = "spoke"
WRONG_NUMBER = "wrong_number"
UNSAFE_TO_CONTINUE = "unsafe_to_continue"
VOICEMAIL = "voicemail"

NOTE_LIMIT = 500
NAME_LIMIT = 100

VOICEMAIL_NOT_SAFE = (
    "The survivor's safe-contact preferences say voicemail isn't safe, so please don't leave "
    "a message. If one was left by mistake, please let your manager know today so they can "
    "help with safety planning."
)
VOICEMAIL_NOT_KNOWN = (
    "We don't know yet whether voicemail is safe for this survivor, so please don't leave a "
    "message. Their safe-contact preferences can be recorded once you have spoken with them."
)


def priority_rank(priority: str | None) -> int:
    return PRIORITY_RANK.get(priority or NOT_TRIAGED, len(PRIORITY_RANK))


def waiting_order_key(priority: str | None, referral_date: date, reference: str) -> tuple[Any, ...]:
    """The waiting list's order: by priority (A first), then the longest wait, then reference."""
    return (priority_rank(priority), referral_date, reference)


@dataclass(frozen=True)
class WaitingEntry:
    """A case's place on the waiting list: its triage priority, when and by whom it was set."""

    case_reference: str
    priority: str = NOT_TRIAGED
    id: int | None = None
    triaged_on: date | None = None
    triaged_by: str | None = None
    note: str = ""

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.code("priority", "priority", PRIORITY_VOCABULARY, self.priority)
        check.not_future("triaged_on", "The triage date", self.triaged_on)
        if self.priority != NOT_TRIAGED and self.triaged_on is None:
            check.add("triaged_on", "A priority needs the date it was decided.")
        check.not_blank("triaged_by", "Triaged by", self.triaged_by)
        check.max_length("triaged_by", "Triaged by", self.triaged_by, NAME_LIMIT)
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _ENTRY_SPEC))


@dataclass(frozen=True)
class ContactAttempt:
    """One try at reaching a survivor: when, how, and what happened."""

    case_reference: str
    attempted_on: date
    channel: str
    outcome: str
    id: int | None = None
    attempted_at: time | None = None
    note: str = ""
    recorded_by: str | None = None

    def validate(
        self,
        vocabularies: Vocabularies,
        today: date | None = None,
        *,
        referral_date: date | None = None,
        safe_contact: SafeContact | None = None,
        check_voicemail: bool = False,
    ) -> list[Problem]:
        """The record on its own; with ``referral_date`` not before the referral; with
        ``check_voicemail`` (the services always ask) a left message only where voicemail is
        known to be safe (``safe_contact`` None means nothing is recorded yet)."""
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.not_future("attempted_on", "The date of the attempt", self.attempted_on)
        check.not_before(
            "attempted_on",
            "The date of the attempt",
            self.attempted_on,
            "the referral date",
            referral_date,
        )
        check.code("channel", "how contact was tried", CHANNEL_VOCABULARY, self.channel)
        check.code("outcome", "what happened", OUTCOME_VOCABULARY, self.outcome)
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        check.not_blank("recorded_by", "Recorded by", self.recorded_by)
        check.max_length("recorded_by", "Recorded by", self.recorded_by, NAME_LIMIT)
        if check_voicemail and self.outcome == LEFT_MESSAGE:
            refusal = message_refusal(safe_contact)
            if refusal is not None:
                check.add("outcome", refusal)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _ATTEMPT_SPEC))


_ENTRY_SPEC: FieldSpec = {
    "case_reference": "text",
    "priority": "text",
    "id": "optional_int",
    "triaged_on": "optional_date",
    "triaged_by": "optional_text",
    "note": read_note,
}
_ATTEMPT_SPEC: FieldSpec = {
    "case_reference": "text",
    "attempted_on": "iso_date",
    "channel": "text",
    "outcome": "text",
    "id": "optional_int",
    "attempted_at": "optional_time",
    "note": read_note,
    "recorded_by": "optional_text",
}


# --- safety -------------------------------------------------------------------------------------


def voicemail_safe(contact: SafeContact | None) -> bool:
    """True only when the survivor has said voicemail is safe (and not "never contact via")."""
    if contact is None or VOICEMAIL in contact.never_contact_via:
        return False
    preference = contact.preference(VOICEMAIL)
    return preference is not None and preference.safety == SAFE


def message_refusal(contact: SafeContact | None) -> str | None:
    """Why a voicemail message may not be left, or None when it may."""
    if voicemail_safe(contact):
        return None
    said_not_safe = contact is not None and (
        VOICEMAIL in contact.never_contact_via
        or (
            (preference := contact.preference(VOICEMAIL)) is not None
            and preference.safety == NOT_SAFE
        )
    )
    return VOICEMAIL_NOT_SAFE if said_not_safe else VOICEMAIL_NOT_KNOWN


def channel_not_safe(channel: str, contact: SafeContact | None) -> bool:
    """Whether the survivor has said this channel is not safe (a caution, not a refusal: an
    attempt that happened is recorded as it happened)."""
    if contact is None:
        return False
    if channel in contact.never_contact_via:
        return True
    preference = contact.preference(channel)
    return preference is not None and preference.safety == NOT_SAFE


# --- derived times ------------------------------------------------------------------------------


def days_waiting(case: Case, today: date) -> int | None:
    """Days since referral for a case still waiting; None once it has left the list."""
    if case.status != WAITING:
        return None
    return max(0, (today - case.referral_date).days)


def first_spoken(attempts: Iterable[ContactAttempt]) -> date | None:
    """The date of the first attempt that reached the survivor."""
    days = [a.attempted_on for a in attempts if a.outcome == SPOKE]
    return min(days) if days else None


def days_to_first_contact(case: Case, attempts: Iterable[ContactAttempt] = ()) -> int | None:
    """Referral to the first time we spoke: the first "spoke" attempt or the case's recorded
    first contact, whichever was earlier; None while nobody has reached them."""
    candidates = [d for d in (first_spoken(attempts), case.first_contact_date) if d is not None]
    if not candidates:
        return None
    return (min(candidates) - case.referral_date).days


def days_to_allocation(case: Case) -> int | None:
    if case.allocation_date is None:
        return None
    return (case.allocation_date - case.referral_date).days


@dataclass(frozen=True)
class DaySummary:
    """A set of waits in days: how many, the median and the 90th percentile (nearest rank)."""

    count: int
    median: float | None
    p90: int | None


def percentile(days: Sequence[int], pct: float) -> int | None:
    """Nearest rank: the smallest value with at least ``pct``% of the values at or below it."""
    if not days:
        return None
    ordered = sorted(days)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(days: Iterable[int]) -> DaySummary:
    values = list(days)
    if not values:
        return DaySummary(0, None, None)
    return DaySummary(len(values), float(statistics.median(values)), percentile(values, 90))


@dataclass(frozen=True)
class ServiceTimes:
    """The service-level view of waiting: who is waiting now, and how long it took others."""

    waiting: DaySummary
    first_contact: DaySummary
    allocation: DaySummary


# --- read models --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingListRow:
    """One line of the Waiting list page."""

    case_reference: str
    known_as: str | None
    referral_date: date
    service_line: str
    priority: str
    days_waiting: int
    attempt_count: int = 0
    last_attempt_on: date | None = None
    last_outcome: str | None = None
    first_contact_date: date | None = None

    @property
    def order_key(self) -> tuple[Any, ...]:
        return waiting_order_key(self.priority, self.referral_date, self.case_reference)


@dataclass(frozen=True)
class WorkerLoad:
    """A member of staff who can be allocated cases, and how many open cases they hold."""

    username: str
    display_name: str
    open_cases: int
