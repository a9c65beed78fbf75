"""Consent, recorded per purpose as a ledger that is only ever added to.

Choice and control (DESIGN.md 4): a survivor can agree to support but not to sharing with the
police, and can change their mind. Keeping every decision, rather than one flag per purpose,
shows when consent changed; the current state is the latest entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

GIVEN = "given"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
NAMED_AGENCIES = "referral_named_agencies"
TEXT_LIMIT = 300


@dataclass(frozen=True)
class ConsentRecord:
    """One decision about one purpose, on one date, and how it was recorded."""

    case_reference: str
    purpose: str
    state: str
    recorded_on: date
    method: str
    id: int | None = None
    scope: str | None = None
    recorded_by: str | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        check.code("purpose", "what consent is for", "consent_purpose", self.purpose)
        check.code("state", "the consent decision", "consent_state", self.state)
        check.code("method", "how consent was recorded", "consent_method", self.method)
        check.not_future("recorded_on", "The consent date", self.recorded_on)
        check.not_blank("scope", "What it covers", self.scope)
        check.max_length("scope", "What it covers", self.scope, TEXT_LIMIT)
        check.not_blank("recorded_by", "Recorded by", self.recorded_by)
        check.max_length("recorded_by", "Recorded by", self.recorded_by, TEXT_LIMIT)
        if self.purpose == NAMED_AGENCIES and self.state == GIVEN and not self.scope:
            check.add("scope", "Please name the agencies this consent covers.")
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_SPEC: FieldSpec = {
    "case_reference": "text",
    "purpose": "text",
    "state": "text",
    "recorded_on": "iso_date",
    "method": "text",
    "id": "optional_int",
    "scope": "optional_text",
    "recorded_by": "optional_text",
}


def latest_consent(records: Iterable[ConsentRecord]) -> dict[str, ConsentRecord]:
    """The latest decision per purpose. On the same date, the one listed later wins."""
    latest: dict[str, ConsentRecord] = {}
    for record in sorted(records, key=lambda r: r.recorded_on):
        latest[record.purpose] = record
    return latest


def current_consent(records: Iterable[ConsentRecord]) -> dict[str, str]:
    """The current state code (given, refused or withdrawn) per purpose that has any record."""
    return {purpose: record.state for purpose, record in latest_consent(records).items()}


def has_consent(records: Iterable[ConsentRecord], purpose: str) -> bool:
    """True only if the latest decision for ``purpose`` is "given"; no record means no consent."""
    latest = latest_consent(records).get(purpose)
    return latest is not None and latest.state == GIVEN
