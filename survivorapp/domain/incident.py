"""What happened, in categories only: no narrative is asked for or needed (REFERENCE.md 6.5).

A case has one presenting incident and may have others. Each answer can be left unanswered
without blocking anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, RecordReader, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

NOT_ASKED = Unanswered.NOT_ASKED
MAX_PERPETRATORS = 100


@dataclass(frozen=True)
class Perpetrator:
    """One person who harmed the survivor, described only by category."""

    relationship: Answer[str] = NOT_ASKED
    sex: Answer[str] = NOT_ASKED
    age_band: Answer[str] = NOT_ASKED
    known_to_police: Answer[bool] = NOT_ASKED

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object, prefix: str = "") -> Self:
        return cls(**read_fields(record, _PERPETRATOR_SPEC, prefix))


@dataclass(frozen=True)
class Incident:
    case_reference: str
    id: int | None = None
    is_presenting: bool = False
    types: Answer[tuple[str, ...]] = NOT_ASKED
    incident_date: Answer[date] = NOT_ASKED
    incident_date_to: date | None = None
    age_band_at_incident: Answer[str] = NOT_ASKED
    recent_band: Answer[str] = NOT_ASKED
    location: Answer[str] = NOT_ASKED
    domestic_abuse_related: Answer[bool] = NOT_ASKED
    perpetrator_count: Answer[int] = NOT_ASKED
    perpetrators: tuple[Perpetrator, ...] = ()

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.codes("types", "type of sexual violence", "incident_type", self.types)
        if self.types == ():
            check.add(
                "types",
                "Please choose at least one type, or record it as not asked, "
                "prefer not to say or unknown.",
            )
        check.code("age_band_at_incident", "age at the time", "age_band", self.age_band_at_incident)
        check.code("recent_band", "recent or non-recent", "recent_band", self.recent_band)
        check.code("location", "where it happened", "borough", self.location)
        self._check_dates(check)
        self._check_perpetrators(check)
        return check.problems

    def _check_dates(self, check: Checker) -> None:
        check.not_future("incident_date", "The date it happened", self.incident_date)
        check.not_future("incident_date_to", "The end of the date range", self.incident_date_to)
        if self.incident_date_to is not None and not isinstance(self.incident_date, date):
            check.add("incident_date_to", "An end date needs a start date as well.")
        check.not_before(
            "incident_date_to",
            "The end of the date range",
            self.incident_date_to,
            "its start",
            self.incident_date,
        )

    def _check_perpetrators(self, check: Checker) -> None:
        count = self.perpetrator_count
        if isinstance(count, int) and not 1 <= count <= MAX_PERPETRATORS:
            check.add(
                "perpetrator_count",
                f"Number of perpetrators should be between 1 and {MAX_PERPETRATORS}.",
            )
        if isinstance(count, int) and len(self.perpetrators) > count:
            check.add("perpetrators", "More perpetrators are described than the number given.")
        for index, person in enumerate(self.perpetrators):
            field = f"perpetrators[{index}]"
            check.code(
                f"{field}.relationship",
                "relationship",
                "perpetrator_relationship",
                person.relationship,
            )
            check.code(f"{field}.sex", "sex", "sex", person.sex)
            check.code(f"{field}.age_band", "age band", "age_band", person.age_band)

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_PERPETRATOR_SPEC: FieldSpec = {
    "relationship": "answer_code",
    "sex": "answer_code",
    "age_band": "answer_code",
    "known_to_police": "answer_bool",
}


def _read_perpetrators(reader: RecordReader, name: str) -> Any:
    return reader.nested(name, Perpetrator.from_record)


_SPEC: FieldSpec = {
    "case_reference": "text",
    "id": "optional_int",
    "is_presenting": "flag",
    "types": "answer_codes",
    "incident_date": "answer_date",
    "incident_date_to": "optional_date",
    "age_band_at_incident": "answer_code",
    "recent_band": "answer_code",
    "location": "answer_code",
    "domestic_abuse_related": "answer_bool",
    "perpetrator_count": "answer_int",
    "perpetrators": _read_perpetrators,
}
