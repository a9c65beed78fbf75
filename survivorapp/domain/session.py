"""One contact or support session: counted in returns, with only a short note.

Notes can be requested by police and courts (REFERENCE.md 1.9), so they are short and
optional; nothing about the assault is needed to record that support happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, read_note, write_fields
from survivorapp.domain.vocabularies import Vocabularies

NOTE_LIMIT = 2000
MIN_MINUTES = 1
MAX_MINUTES = 720
WORKER_LIMIT = 100


@dataclass(frozen=True)
class Session:
    case_reference: str
    session_date: date
    duration_minutes: int
    mode: str
    kind: str
    id: int | None = None
    start_time: time | None = None
    worker: str | None = None
    note: str = ""
    risk_flags: tuple[str, ...] = ()

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.not_future("session_date", "The session date", self.session_date)
        if not MIN_MINUTES <= self.duration_minutes <= MAX_MINUTES:
            check.add(
                "duration_minutes",
                f"Duration should be between {MIN_MINUTES} minute and 12 hours "
                f"({MAX_MINUTES} minutes).",
            )
        check.code("mode", "how the session happened", "session_mode", self.mode)
        check.code("kind", "kind of session", "session_kind", self.kind)
        check.codes("risk_flags", "risks raised", "risk_flag", self.risk_flags)
        check.not_blank("worker", "Worker", self.worker)
        check.max_length("worker", "Worker", self.worker, WORKER_LIMIT)
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_SPEC: FieldSpec = {
    "case_reference": "text",
    "session_date": "iso_date",
    "duration_minutes": "integer",
    "mode": "text",
    "kind": "text",
    "id": "optional_int",
    "start_time": "optional_time",
    "worker": "optional_text",
    "note": read_note,
    "risk_flags": "codes",
}
