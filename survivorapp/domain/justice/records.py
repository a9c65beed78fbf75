"""Justice matters and their append-only events: the criminal justice journey (issue 5).

A case has zero or more matters (several suspects or a second offence make more). A matter's
history is a list of dated events, never a status field: the stage and status are worked out
from the events (``justice.derive``), and a correction is a new event that supersedes the
wrong one, so nothing recorded is ever erased (REFERENCE.md 1.2, notes for the tracker).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.justice.events import (
    ENTERED_IN_ERROR,
    HEARING_DATE_ALLOWED,
    HEARING_DATE_REQUIRED,
    OUTCOME_REQUIRED,
    OUTCOME_VOCABULARY,
    PER_DEFENDANT,
    TRIAL_CHANGES,
)
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, read_note, write_fields
from survivorapp.domain.vocabularies import Vocabularies

NOTE_LIMIT = 500
SHORT_LIMIT = 100
COURT_LIMIT = 120
CONDITIONS_LIMIT = 500
BAIL_WITH_CONDITIONS = "bail_with_conditions"
NO_CONDITIONS = frozenset({"released_under_investigation", "bail_without_conditions"})
NO_RETURN_DATE = frozenset({"released_under_investigation", "remanded_in_custody"})


def _case_reference(check: Checker, value: str) -> None:
    check.reference("case_reference", "The case reference", value, CASE_REFERENCE, "C-000123")


def _short_text(check: Checker, field: str, label: str, value: str | None, limit: int) -> None:
    check.not_blank(field, label, value)
    check.max_length(field, label, value, limit)


@dataclass(frozen=True)
class JusticeMatter:
    """One police investigation (one crime reference) within a case.

    ``crime_reference`` is a restricted field: it is needed for CICA and for calls to the
    police, and it identifies the survivor to anyone with police access, so services show it
    only to the allocated worker.
    """

    case_reference: str
    id: int | None = None
    police_force: str | None = None
    crime_reference: str | None = None
    date_reported: date | None = None
    bail_status: str | None = None
    bail_conditions: str | None = None
    bail_expiry: date | None = None
    label: str | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        """A bail expiry may be in the future: that is what a reminder is for."""
        check = Checker(vocabularies, today)
        _case_reference(check, self.case_reference)
        _short_text(check, "police_force", "Police force", self.police_force, SHORT_LIMIT)
        _short_text(check, "crime_reference", "Crime reference", self.crime_reference, SHORT_LIMIT)
        _short_text(check, "label", "The name for this matter", self.label, SHORT_LIMIT)
        check.not_future("date_reported", "The date reported", self.date_reported)
        check.code("bail_status", "bail status", "bail_status", self.bail_status)
        _short_text(
            check, "bail_conditions", "Bail conditions", self.bail_conditions, CONDITIONS_LIMIT
        )
        if self.bail_conditions and self.bail_status in NO_CONDITIONS:
            check.add(
                "bail_conditions",
                "Conditions are recorded but the bail status says there are none. "
                "Please change one of them.",
            )
        if self.bail_expiry is not None and self.bail_status in NO_RETURN_DATE:
            check.add(
                "bail_expiry",
                "Released under investigation and remand have no bail return date. "
                "Please clear the date or change the bail status.",
            )
        if self.bail_expiry is not None and self.bail_status is None:
            check.add("bail_status", "A bail expiry date needs a bail status.")
        check.not_before(
            "bail_expiry", "Bail expiry", self.bail_expiry, "the date reported", self.date_reported
        )
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _MATTER_SPEC))


@dataclass(frozen=True)
class JusticeEvent:
    """One dated thing that happened in a matter, who told us, and a short note.

    ``event_date`` is when it happened (never in the future). ``hearing_date`` is the date of
    a hearing the event lists or moves (trial listed for 2 March), which may be in the future;
    it lets a relisting be ordered by when we heard of it and still move the trial date.
    ``supersedes`` names an earlier event this one corrects: the earlier one stays stored but
    is left out of every derivation.
    """

    matter_id: int | None
    event_type: str
    event_date: date
    informed_by: str
    note: str = ""
    outcome_code: str | None = None
    defendant: str | None = None
    count: int | None = None
    reason: str | None = None
    hearing_date: date | None = None
    court: str | None = None
    supersedes: int | None = None
    id: int | None = None
    recorded_on: date | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.code("event_type", "the kind of event", "cjs_event_type", self.event_type)
        check.code("informed_by", "who told us", "informed_by", self.informed_by)
        check.not_future("event_date", "The event date", self.event_date)
        check.not_future("recorded_on", "The date recorded", self.recorded_on)
        check.not_before(
            "recorded_on", "The date recorded", self.recorded_on, "the event date", self.event_date
        )
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        _short_text(check, "court", "The court", self.court, COURT_LIMIT)
        self._check_outcome(check)
        self._check_details(check)
        return check.problems

    def _check_outcome(self, check: Checker) -> None:
        vocabulary = OUTCOME_VOCABULARY.get(self.event_type)
        if vocabulary is None:
            if self.outcome_code is not None:
                check.add("outcome_code", "This kind of event doesn't have an outcome to pick.")
            return
        if self.outcome_code is None:
            if self.event_type in OUTCOME_REQUIRED:
                check.add("outcome_code", "Please pick the outcome or decision.")
            return
        label = vocabularies_title(check.vocabularies, vocabulary)
        check.code("outcome_code", label, vocabulary, self.outcome_code)

    def _check_details(self, check: Checker) -> None:
        if self.event_type not in PER_DEFENDANT:
            if self.defendant is not None:
                check.add("defendant", "A defendant is only named on a verdict or sentence.")
            if self.count is not None:
                check.add("count", "A count is only recorded on a verdict or sentence.")
        _short_text(check, "defendant", "The defendant", self.defendant, SHORT_LIMIT)
        if self.count is not None and self.count < 1:
            check.add("count", "Counts are numbered from 1.")
        if self.reason is not None:
            if self.event_type in TRIAL_CHANGES:
                check.code(
                    "reason", "reason the trial date changed", "trial_change_reason", self.reason
                )
            else:
                check.add("reason", "A reason is only recorded when a trial date changes.")
        if self.hearing_date is None and self.event_type in HEARING_DATE_REQUIRED:
            check.add("hearing_date", "Please give the date of the hearing.")
        if self.hearing_date is not None and self.event_type not in HEARING_DATE_ALLOWED:
            check.add("hearing_date", "This kind of event doesn't have a hearing date.")
        if self.supersedes is not None and self.supersedes == self.id:
            check.add("supersedes", "An event can't correct itself.")
        if self.supersedes is None and self.event_type == ENTERED_IN_ERROR:
            check.add("supersedes", "Please pick the entry that was recorded in error.")

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _EVENT_SPEC))


def vocabularies_title(vocabularies: Vocabularies, vocabulary: str) -> str:
    """The vocabulary's title in lower case, for messages ("police crime outcome")."""
    return vocabularies[vocabulary].title.lower()


@dataclass(frozen=True)
class SurvivorPosition:
    """What the survivor says they want, in their own words' category, on a date.

    Kept apart from any police outcome code so that a withdrawal recorded by police without
    the survivor's view shows as such (REFERENCE.md 1.3, data-model note).
    """

    matter_id: int | None
    position: str
    recorded_on: date
    note: str = ""
    id: int | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.code("position", "the survivor's position", "survivor_position", self.position)
        check.not_future("recorded_on", "The date recorded", self.recorded_on)
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _POSITION_SPEC))


_MATTER_SPEC: FieldSpec = {
    "case_reference": "text",
    "id": "optional_int",
    "police_force": "optional_text",
    "crime_reference": "optional_text",
    "date_reported": "optional_date",
    "bail_status": "optional_text",
    "bail_conditions": "optional_text",
    "bail_expiry": "optional_date",
    "label": "optional_text",
}

_EVENT_SPEC: FieldSpec = {
    "matter_id": "optional_int",
    "event_type": "text",
    "event_date": "iso_date",
    "informed_by": "text",
    "note": read_note,
    "outcome_code": "optional_text",
    "defendant": "optional_text",
    "count": "optional_int",
    "reason": "optional_text",
    "hearing_date": "optional_date",
    "court": "optional_text",
    "supersedes": "optional_int",
    "id": "optional_int",
    "recorded_on": "optional_date",
}

_POSITION_SPEC: FieldSpec = {
    "matter_id": "optional_int",
    "position": "text",
    "recorded_on": "iso_date",
    "note": read_note,
    "id": "optional_int",
}
