"""A reminder for the worker, optionally tied to a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

TEXT_LIMIT = 500


@dataclass(frozen=True)
class Task:
    due_date: date
    text: str
    id: int | None = None
    case_reference: str | None = None
    done: bool = False

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        """Due dates in the past are allowed: that is what an overdue reminder is."""
        check = Checker(vocabularies, today)
        if self.case_reference is not None:
            check.reference(
                "case_reference",
                "The case reference",
                self.case_reference,
                CASE_REFERENCE,
                "C-000123",
            )
        if not self.text.strip():
            check.add("text", "Please say what the reminder is for.")
        check.max_length("text", "The reminder", self.text, TEXT_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_SPEC: FieldSpec = {
    "due_date": "iso_date",
    "text": "text",
    "id": "optional_int",
    "case_reference": "optional_text",
    "done": "flag",
}
