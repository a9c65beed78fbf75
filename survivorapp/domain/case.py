"""One episode of support: a survivor can come back over the years, each time a new case.

Process dates are stored (not durations) so that waiting times and days to first contact are
derived the same way for every return (REFERENCE.md 2.5). They are None until the step happens,
which is different from a survivor's unanswered question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.checks import CASE_REFERENCE, SURVIVOR_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

WAITING = "waiting"
ACTIVE = "active"
CLOSED = "closed"
WORKER_LIMIT = 100


@dataclass(frozen=True)
class Case:
    reference: str
    survivor_reference: str
    referral_date: date
    service_line: str
    status: str
    id: int | None = None
    referral_source: Answer[str] = Unanswered.NOT_ASKED
    first_contact_attempt_date: date | None = None
    first_contact_date: date | None = None
    allocation_date: date | None = None
    closure_date: date | None = None
    closure_reason: str | None = None
    allocated_worker: str | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "reference", "The case reference", self.reference, CASE_REFERENCE, "C-000123"
        )
        check.reference(
            "survivor_reference",
            "The survivor reference",
            self.survivor_reference,
            SURVIVOR_REFERENCE,
            "S-000123",
        )
        check.code("referral_source", "referral source", "referral_source", self.referral_source)
        check.code("service_line", "service line", "service_line", self.service_line)
        check.code("status", "case status", "case_status", self.status)
        check.code("closure_reason", "reason support ended", "closure_reason", self.closure_reason)
        check.not_blank("allocated_worker", "Allocated worker", self.allocated_worker)
        check.max_length(
            "allocated_worker", "Allocated worker", self.allocated_worker, WORKER_LIMIT
        )
        check.not_future("referral_date", "Referral date", self.referral_date)
        for field, label, value in (
            (
                "first_contact_attempt_date",
                "First contact attempt",
                self.first_contact_attempt_date,
            ),
            ("first_contact_date", "First contact", self.first_contact_date),
            ("allocation_date", "Allocation date", self.allocation_date),
            ("closure_date", "Closure date", self.closure_date),
        ):
            check.not_future(field, label, value)
            check.not_before(field, label, value, "the referral date", self.referral_date)
        check.not_before(
            "first_contact_date",
            "First contact",
            self.first_contact_date,
            "the first attempt to make contact",
            self.first_contact_attempt_date,
        )
        check.not_before(
            "closure_date",
            "Closure date",
            self.closure_date,
            "the allocation date",
            self.allocation_date,
        )
        check.not_before(
            "closure_date",
            "Closure date",
            self.closure_date,
            "the first contact",
            self.first_contact_date,
        )
        self._check_status(check)
        return check.problems

    def _check_status(self, check: Checker) -> None:
        if self.status == CLOSED:
            if self.closure_date is None:
                check.add("closure_date", "A closed case needs the date it was closed.")
            if self.closure_reason is None:
                check.add("closure_reason", "A closed case needs a reason support ended.")
            return
        if self.closure_date is not None:
            check.add("closure_date", "A closure date is only recorded once the case is closed.")
        if self.closure_reason is not None:
            check.add(
                "closure_reason", "A reason support ended is only recorded once the case is closed."
            )
        if self.status == ACTIVE and self.allocation_date is None:
            check.add("allocation_date", "An active case needs the date it was allocated.")

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_SPEC: FieldSpec = {
    "reference": "text",
    "survivor_reference": "text",
    "referral_date": "iso_date",
    "service_line": "text",
    "status": "text",
    "id": "optional_int",
    "referral_source": "answer_code",
    "first_contact_attempt_date": "optional_date",
    "first_contact_date": "optional_date",
    "allocation_date": "optional_date",
    "closure_date": "optional_date",
    "closure_reason": "optional_text",
    "allocated_worker": "optional_text",
}
