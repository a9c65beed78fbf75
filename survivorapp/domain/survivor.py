"""The person being supported, described only as far as they choose.

Only the pseudonymous reference is required; every monitoring question can be left as not
asked, declined or unknown (DESIGN.md 4). Free-text fields sit beside coded answers so that
people can describe themselves in their own words (REFERENCE.md 6.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.ages import age_at
from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.checks import SURVIVOR_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

NOT_ASKED = Unanswered.NOT_ASKED
NAME_LIMIT = 200
EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class Survivor:
    reference: str
    id: int | None = None
    name: str | None = None
    known_as: str | None = None
    pronouns: Answer[str] = NOT_ASKED
    pronouns_text: str | None = None
    date_of_birth: Answer[date] = NOT_ASKED
    birth_year: Answer[int] = NOT_ASKED
    sex: Answer[str] = NOT_ASKED
    gender_identity: Answer[str] = NOT_ASKED
    gender_identity_text: str | None = None
    trans_history: Answer[bool] = NOT_ASKED
    sexual_orientation: Answer[str] = NOT_ASKED
    ethnicity: Answer[str] = NOT_ASKED
    religion: Answer[str] = NOT_ASKED
    disability: Answer[bool] = NOT_ASKED
    disability_types: Answer[tuple[str, ...]] = NOT_ASKED
    vulnerabilities: Answer[tuple[str, ...]] = NOT_ASKED
    first_language: Answer[str] = NOT_ASKED
    interpreter_needed: Answer[bool] = NOT_ASKED
    residence_borough: Answer[str] = NOT_ASKED
    restricted: bool = False

    def age_at(self, at: date) -> int | None:
        """Age on ``at`` from the date of birth, else the birth year; None when neither is known."""
        return age_at(
            at,
            date_of_birth=self.date_of_birth if isinstance(self.date_of_birth, date) else None,
            birth_year=self.birth_year if isinstance(self.birth_year, int) else None,
        )

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "reference", "The survivor reference", self.reference, SURVIVOR_REFERENCE, "S-000123"
        )
        for field, label, value in (
            ("name", "Name", self.name),
            ("known_as", "Known-as name", self.known_as),
            ("pronouns_text", "Pronouns in their own words", self.pronouns_text),
            (
                "gender_identity_text",
                "Gender identity in their own words",
                self.gender_identity_text,
            ),
        ):
            check.not_blank(field, label, value)
            check.max_length(field, label, value, NAME_LIMIT)
        for field, label, vocabulary, code in (
            ("pronouns", "pronouns", "pronouns", self.pronouns),
            ("sex", "sex", "sex", self.sex),
            ("gender_identity", "gender identity", "gender_identity", self.gender_identity),
            (
                "sexual_orientation",
                "sexual orientation",
                "sexual_orientation",
                self.sexual_orientation,
            ),
            ("ethnicity", "ethnicity", "ethnicity", self.ethnicity),
            ("religion", "religion or belief", "religion", self.religion),
            ("first_language", "first language", "language", self.first_language),
            ("residence_borough", "borough of residence", "borough", self.residence_borough),
        ):
            check.code(field, label, vocabulary, code)
        check.codes(
            "disability_types", "types of disability", "disability_type", self.disability_types
        )
        check.codes("vulnerabilities", "additional needs", "vulnerability", self.vulnerabilities)
        self._check_birth(check)
        if (
            self.disability is False
            and isinstance(self.disability_types, tuple)
            and self.disability_types
        ):
            check.add(
                "disability_types",
                "Types of disability are recorded, but disability is answered 'No'. "
                "Please check which is right.",
            )
        return check.problems

    def _check_birth(self, check: Checker) -> None:
        check.not_future("date_of_birth", "Date of birth", self.date_of_birth)
        if isinstance(self.date_of_birth, date) and self.date_of_birth.year < EARLIEST_BIRTH_YEAR:
            check.add(
                "date_of_birth", f"Date of birth should be in {EARLIEST_BIRTH_YEAR} or later."
            )
        if isinstance(self.birth_year, int):
            if not EARLIEST_BIRTH_YEAR <= self.birth_year <= check.today.year:
                check.add(
                    "birth_year",
                    f"Year of birth should be between {EARLIEST_BIRTH_YEAR} "
                    f"and {check.today.year}.",
                )
            if isinstance(self.date_of_birth, date) and self.date_of_birth.year != self.birth_year:
                check.add("birth_year", "Year of birth doesn't match the date of birth.")

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_SPEC: FieldSpec = {
    "reference": "text",
    "id": "optional_int",
    "name": "optional_text",
    "known_as": "optional_text",
    "pronouns": "answer_code",
    "pronouns_text": "optional_text",
    "date_of_birth": "answer_date",
    "birth_year": "answer_int",
    "sex": "answer_code",
    "gender_identity": "answer_code",
    "gender_identity_text": "optional_text",
    "trans_history": "answer_bool",
    "sexual_orientation": "answer_code",
    "ethnicity": "answer_code",
    "religion": "answer_code",
    "disability": "answer_bool",
    "disability_types": "answer_codes",
    "vulnerabilities": "answer_codes",
    "first_language": "answer_code",
    "interpreter_needed": "answer_bool",
    "residence_borough": "answer_code",
    "restricted": "flag",
}
