"""Well-being referrals: where a survivor was referred, and the dated history of what happened.

A referral records the destination (a kind of service from ``referral_destination.json``, and
optionally a named organisation from the service's directory) and who made it. What happened
next is an append-only list of :class:`ReferralStatusChange`: the current status is the
latest, and the waits are worked out from the dates (``referrals.waits``), never typed in. The
allowed moves live in ``referrals.status``.

Consent (DESIGN.md 4, choice and control): a referral is only *made* when the survivor's
consent to referrals is in place. The consent ledger has one purpose for this,
``referral_named_agencies``, whose scope names the agencies it covers. The rule, in
:func:`referral_consent_problem`: the latest decision for that purpose must be "given", and
consent must already have been given on the date the referral is made (the survivor agreed
first). *Offering* a referral needs no consent: the survivor is only being told about it. The
app cannot check that a free-text scope names this particular agency; the form shows the
scope beside the choice so the worker can. A referral made before consent was later withdrawn
stays on record and can still be followed up, because what already happened is a fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.consent import NAMED_AGENCIES, ConsentRecord, has_consent, latest_consent
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, read_note, write_fields
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.vocabularies import Vocabularies

NOTE_LIMIT = 500
NAME_LIMIT = 120
REFERRAL_CONSENT_PURPOSE = NAMED_AGENCIES


@dataclass(frozen=True)
class Referral:
    """One referral of a survivor on to another service.

    ``started_on`` is the date it was first recorded: offered or made, whichever came first.
    ``organisation_name`` is the organisation's name as it was when the referral was made
    (copied from the directory, or typed for one that is not in it), so renaming or removing
    a directory entry never rewrites what was referred where.
    """

    case_reference: str
    destination_type: str
    started_on: date
    id: int | None = None
    organisation_id: int | None = None
    organisation_name: str | None = None
    made_by: str | None = None
    note: str = ""

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "case_reference", "The case reference", self.case_reference, CASE_REFERENCE, "C-000123"
        )
        if not self.destination_type:
            check.add("destination_type", "Please choose what kind of service this is to.")
        check.code(
            "destination_type",
            "the kind of service",
            "referral_destination",
            self.destination_type or None,
        )
        check.not_future("started_on", "The referral date", self.started_on)
        check.not_blank("organisation_name", "The organisation", self.organisation_name)
        check.max_length(
            "organisation_name", "The organisation", self.organisation_name, NAME_LIMIT
        )
        check.not_blank("made_by", "Made by", self.made_by)
        check.max_length("made_by", "Made by", self.made_by, NAME_LIMIT)
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _REFERRAL_SPEC))


@dataclass(frozen=True)
class ReferralStatusChange:
    """One step in a referral's history: the new status and the date it happened.

    ``reason`` (from ``referral_rejection_reason.json``) is given when, and only when, the
    service did not accept the referral.
    """

    referral_id: int | None
    status: str
    changed_on: date
    reason: str | None = None
    note: str = ""
    id: int | None = None
    recorded_by: str | None = None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        if not self.status:
            check.add("status", "Please choose the new status.")
        check.code("status", "the referral status", "referral_status", self.status or None)
        check.not_future("changed_on", "The date", self.changed_on)
        if self.status in rs.NEEDS_REASON:
            if not self.reason:
                check.add("reason", "Please choose the reason the service gave.")
            check.code("reason", "the reason", "referral_rejection_reason", self.reason or None)
        elif self.reason is not None:
            check.add("reason", "A reason is only recorded when a service doesn't accept.")
        check.max_length("note", "The note", self.note, NOTE_LIMIT)
        check.not_blank("recorded_by", "Recorded by", self.recorded_by)
        check.max_length("recorded_by", "Recorded by", self.recorded_by, NAME_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _CHANGE_SPEC))


def current_status(history: Sequence[ReferralStatusChange]) -> str | None:
    """The latest status: history is kept in the order it was recorded (dates never fall)."""
    return history[-1].status if history else None


def next_change_problems(
    history: Sequence[ReferralStatusChange], change: ReferralStatusChange
) -> list[Problem]:
    """Whether ``change`` may follow ``history``: an allowed move, on or after the last date."""
    problems: list[Problem] = []
    current = current_status(history)
    refused = rs.transition_problem(current, change.status)
    if refused is not None:
        problems.append(Problem("status", refused))
    if history and change.changed_on < history[-1].changed_on:
        last = history[-1].changed_on.strftime("%d %B %Y").lstrip("0")
        problems.append(
            Problem(
                "changed_on",
                f"The date can't be before the referral's last change ({last}). "
                "Dates in a referral's history only move forward.",
            )
        )
    return problems


def history_problems(history: Sequence[ReferralStatusChange]) -> list[Problem]:
    """Every problem with a whole history (an import, or a test of stored data)."""
    problems: list[Problem] = []
    for index, change in enumerate(history):
        problems.extend(next_change_problems(history[:index], change))
    return problems


def referral_consent_problem(consents: Iterable[ConsentRecord], made_on: date) -> Problem | None:
    """Why a referral can't be made on ``made_on`` for want of consent, or None if it can."""
    records = list(consents)
    own = [c for c in records if c.purpose == REFERRAL_CONSENT_PURPOSE]
    latest = latest_consent(own).get(REFERRAL_CONSENT_PURPOSE)
    prefix = "Record the survivor's consent to this referral first: "
    if latest is None:
        return Problem(
            "consent",
            prefix + "there is no record of their consent to referrals to other agencies. "
            "Use “Record consent” on the case, with what it covers.",
        )
    if not has_consent(own, REFERRAL_CONSENT_PURPOSE):
        decision = "withdrawn" if latest.state == "withdrawn" else "not given"
        return Problem(
            "consent",
            prefix + f"their consent to referrals is recorded as {decision}. If they have "
            "since agreed, record their new decision on the case.",
        )
    if not has_consent([c for c in own if c.recorded_on <= made_on], REFERRAL_CONSENT_PURPOSE):
        return Problem(
            "consent",
            prefix + "their consent is recorded from a later date than this referral. If they "
            "agreed earlier, record consent with the date they gave it, or change the "
            "referral's date.",
        )
    return None


def consent_scope(consents: Iterable[ConsentRecord]) -> str | None:
    """What the survivor's current consent to referrals says it covers (agencies named)."""
    latest = latest_consent(c for c in consents if c.purpose == REFERRAL_CONSENT_PURPOSE)
    record = latest.get(REFERRAL_CONSENT_PURPOSE)
    return record.scope if record is not None and record.state == "given" else None


_REFERRAL_SPEC: FieldSpec = {
    "case_reference": "text",
    "destination_type": "text",
    "started_on": "iso_date",
    "id": "optional_int",
    "organisation_id": "optional_int",
    "organisation_name": "optional_text",
    "made_by": "optional_text",
    "note": read_note,
}

_CHANGE_SPEC: FieldSpec = {
    "referral_id": "optional_int",
    "status": "text",
    "changed_on": "iso_date",
    "reason": "optional_text",
    "note": read_note,
    "id": "optional_int",
    "recorded_by": "optional_text",
}
