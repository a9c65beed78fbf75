"""Court support around a justice matter: special measures, the VPS, visits, rights, family courts.

These are what an ISVA prepares for a hearing (REFERENCE.md 1.5-1.7, 1.10). Special measures
are a ledger like consent: each status change is a new record, and the latest per measure is
the current one, so the history of a refused-then-granted application is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, RecordReader, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

TEXT_LIMIT = 500
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHORT_LIMIT = 100
DECIDED = frozenset({"granted", "refused"})


@dataclass(frozen=True)
class SpecialMeasure:
    """One status of one special measure, on the date it reached that status."""

    matter_id: int | None
    measure: str
    status: str
    status_date: date
    id: int | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.code("measure", "special measure", "special_measure", self.measure)
        check.code("status", "special measure status", "special_measure_status", self.status)
        check.not_future("status_date", "The status date", self.status_date)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _MEASURE_SPEC))


def current_special_measures(records: Iterable[SpecialMeasure]) -> dict[str, SpecialMeasure]:
    """The latest status per measure. On the same date, the one listed later wins."""
    latest: dict[str, SpecialMeasure] = {}
    for record in sorted(records, key=lambda r: r.status_date):
        latest[record.measure] = record
    return latest


def undecided_special_measures(records: Iterable[SpecialMeasure]) -> tuple[str, ...]:
    """Measures asked for whose application the court has not decided yet (diary preparation)."""
    return tuple(
        measure
        for measure, record in current_special_measures(records).items()
        if record.status not in DECIDED
    )


@dataclass(frozen=True)
class VictimPersonalStatement:
    """The VPS for a matter: a signed VPS cannot be changed, so an update is a further one."""

    matter_id: int | None
    offered_on: date | None = None
    made_on: date | None = None
    updated_on: date | None = None
    reading_preference: str | None = None
    id: int | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        for field, label, value in (
            ("offered_on", "The date it was offered", self.offered_on),
            ("made_on", "The date it was made", self.made_on),
            ("updated_on", "The date it was updated", self.updated_on),
        ):
            check.not_future(field, label, value)
        check.not_before(
            "made_on", "The date it was made", self.made_on, "the date offered", self.offered_on
        )
        check.not_before(
            "updated_on", "The date it was updated", self.updated_on, "the date made", self.made_on
        )
        if self.updated_on is not None and self.made_on is None:
            check.add("made_on", "A statement can only be updated once it has been made.")
        check.code(
            "reading_preference",
            "how the statement should be heard",
            "vps_reading_preference",
            self.reading_preference,
        )
        return check.problems

    @property
    def status(self) -> str:
        """The ``vps_status`` code these dates amount to."""
        if self.updated_on is not None:
            return "updated"
        if self.made_on is not None:
            return "made"
        if self.offered_on is not None:
            return "offered"
        return "not_offered"

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _VPS_SPEC))


@dataclass(frozen=True)
class CourtSupport:
    """Practical court preparation: the pre-trial visit and the Witness Service referral."""

    matter_id: int | None
    pre_trial_visit_on: date | None = None
    witness_service_referred_on: date | None = None
    id: int | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        """A pre-trial visit may be booked ahead, so only the referral must be in the past."""
        check = Checker(vocabularies, today)
        check.not_future(
            "witness_service_referred_on", "The referral date", self.witness_service_referred_on
        )
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SUPPORT_SPEC))


@dataclass(frozen=True)
class VictimsCodeRight:
    """Whether one of the 12 Victims' Code rights has been delivered for a case."""

    case_reference: str
    right: str
    status: str
    updated_on: date
    id: int | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.code("right", "Victims' Code right", "victims_code_right", self.right)
        check.code("status", "whether the right was delivered", "victims_code_status", self.status)
        check.not_future("updated_on", "The date updated", self.updated_on)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _RIGHT_SPEC))


@dataclass(frozen=True)
class FamilyOrder:
    """An order made in family or civil proceedings, and when it ends (if it does)."""

    order: str
    expiry: date | None = None


@dataclass(frozen=True)
class FamilyProceeding:
    """Family or civil court proceedings, kept apart from the criminal journey (REFERENCE 1.10)."""

    case_reference: str
    proceeding_type: str
    court: str | None = None
    hearing_dates: tuple[date, ...] = ()
    orders: tuple[FamilyOrder, ...] = ()
    protections: str | None = None
    id: int | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        """Hearing and expiry dates may be in the future."""
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.code(
            "proceeding_type", "kind of proceedings", "family_proceeding_type", self.proceeding_type
        )
        check.not_blank("court", "Court", self.court)
        check.max_length("court", "Court", self.court, SHORT_LIMIT)
        if len(set(self.hearing_dates)) != len(self.hearing_dates):
            check.add("hearing_dates", "The same hearing date is listed more than once.")
        for index, order in enumerate(self.orders):
            field = f"orders[{index}].order"
            if not order.order.strip():
                check.add(field, "Please say what order was made.")
            check.max_length(field, "The order", order.order, SHORT_LIMIT)
        check.not_blank("protections", "Special measures and protections", self.protections)
        check.max_length(
            "protections", "Special measures and protections", self.protections, TEXT_LIMIT
        )
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _FAMILY_SPEC))


def _read_hearing_dates(reader: RecordReader, name: str) -> Any:
    values = reader.code_list(name, ())
    if values is None:
        return None
    if not all(_ISO_DATE.match(v) for v in values):
        reader.problems.append(Problem(name, "This should be a list of dates (YYYY-MM-DD)."))
        return None
    try:
        return tuple(date.fromisoformat(v) for v in values)
    except ValueError:
        reader.problems.append(Problem(name, "This should be a list of dates (YYYY-MM-DD)."))
        return None


def _read_order(record: object, prefix: str) -> FamilyOrder:
    return FamilyOrder(**read_fields(record, _ORDER_SPEC, prefix))


_MEASURE_SPEC: FieldSpec = {
    "matter_id": "optional_int",
    "measure": "text",
    "status": "text",
    "status_date": "iso_date",
    "id": "optional_int",
}
_VPS_SPEC: FieldSpec = {
    "matter_id": "optional_int",
    "offered_on": "optional_date",
    "made_on": "optional_date",
    "updated_on": "optional_date",
    "reading_preference": "optional_text",
    "id": "optional_int",
}
_SUPPORT_SPEC: FieldSpec = {
    "matter_id": "optional_int",
    "pre_trial_visit_on": "optional_date",
    "witness_service_referred_on": "optional_date",
    "id": "optional_int",
}
_RIGHT_SPEC: FieldSpec = {
    "case_reference": "text",
    "right": "text",
    "status": "text",
    "updated_on": "iso_date",
    "id": "optional_int",
}
_ORDER_SPEC: FieldSpec = {"order": "text", "expiry": "optional_date"}
_FAMILY_SPEC: FieldSpec = {
    "case_reference": "text",
    "proceeding_type": "text",
    "court": "optional_text",
    "hearing_dates": _read_hearing_dates,
    "orders": lambda reader, name: reader.nested(name, _read_order),
    "protections": "optional_text",
    "id": "optional_int",
}
