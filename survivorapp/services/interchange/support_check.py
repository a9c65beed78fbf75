"""Checking the records of support around a case in a records file (docs/interchange.md).

The waiting list, well-being referrals with their status histories and the directory they
point to, and feedback questionnaires: kinds whose rules reach beyond one line. A referral's
history must follow the referral status state machine line by line; an organisation and a
referral are named by keys (ids belong to one vault); an administration is checked against its
questionnaire and its score is worked out here, never taken from the file. The
:class:`~survivorapp.services.interchange.check.FileChecker` hands these kinds to a
:class:`SupportChecker` and reports its problems with its own.

Two things the forms check are deliberately not checked again on import, because a record of
what happened stays true when circumstances change later: whether voicemail was safe when a
message was left (safe-contact preferences hold today's answer, not the answer on that day),
and whether consent to referrals was in place when a referral was made (a later withdrawal does
not undo it). A closed case may hold contact attempts made while it was open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from survivorapp.domain.checks import CASE_REFERENCE
from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.questionnaires.instruments import InstrumentRegistry
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import (
    Referral,
    ReferralStatusChange,
    next_change_problems,
)
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.domain.waiting_list import ContactAttempt
from survivorapp.vault.interchange import ExistingKeys, directory_key

FEEDBACK_KINDS = frozenset({"feedback_administration", "anonymous_feedback"})
SUPPORT_KINDS = frozenset(
    {
        "waiting_list_entry",
        "contact_attempt",
        "directory_organisation",
        "referral",
        "referral_status_change",
        *FEEDBACK_KINDS,
    }
)
SCORE_FIELDS = (
    "score_status",
    "score_total",
    "score_band",
    "score_subscales",
    "score_prorated",
    "score_note",
    "flags",
)
"""An administration's stored score: exported to be read, worked out afresh on import."""

UNKNOWN_INSTRUMENT = (
    "This questionnaire (this id and version) isn't in this vault. If it is one your service "
    "imported itself (a licensed measure such as CORE-10), import the same file in Admin "
    "first, then import the records."
)
SCORE_DIFFERS = (
    "This isn't what the answers give. survivorapp works scores out from the answers: leave "
    "the score fields out, or check the answers."
)

Report = Callable[[int, str, str], None]


@dataclass
class _Referral:
    """What later lines need to know about one referral line of the file."""

    line: int
    started_on: date | None = None
    last: ReferralStatusChange | None = None
    checked: int = 0
    """Its status changes read so far (those with problems of form are not read)."""
    named: int = 0
    """Lines naming it, read or not."""


class SupportChecker:
    """Keys, references and domain rules for the support kinds, line by line."""

    def __init__(
        self,
        existing: ExistingKeys,
        vocabularies: Vocabularies,
        today: date,
        instruments: InstrumentRegistry,
        report: Report,
    ) -> None:
        self.existing = existing
        self.vocabularies = vocabularies
        self.today = today
        self.instruments = instruments
        self.report = report
        self.case_dates: dict[str, str] = {}
        self._waiting: dict[str, int] = {}
        self._organisations: dict[str, int] = {}
        self._twins: dict[tuple[str, str | None], int] = {}
        self._referrals: dict[str, _Referral] = {}

    # --- keys and references, checked even when other fields are wrong -------------------------

    def note_case(self, record: Mapping[str, Any]) -> None:
        """A case line's referral date, which its contact attempts can't be earlier than."""
        reference, day = record.get("reference"), record.get("referral_date")
        if isinstance(reference, str) and isinstance(day, str):
            self.case_dates.setdefault(reference, day)

    def check_keys(self, number: int, kind: str, record: Mapping[str, Any]) -> None:
        if kind == "waiting_list_entry":
            self._claim_waiting(number, record.get("case_reference"))
        elif kind == "directory_organisation":
            key = record.get("organisation_key")
            if isinstance(key, str):
                earlier = self._organisations.setdefault(key, number)
                if earlier != number:
                    self._key_used(number, "record.organisation_key", earlier)
        elif kind == "referral":
            key = record.get("referral_key")
            if isinstance(key, str):
                if key in self._referrals:
                    self._key_used(number, "record.referral_key", self._referrals[key].line)
                else:
                    self._referrals[key] = _Referral(number)
            organisation = record.get("organisation_key")
            if isinstance(organisation, str) and organisation not in self._organisations:
                self.report(
                    number,
                    "record.organisation_key",
                    "No directory_organisation line before this one has this key. Put the "
                    "directory's lines before the referrals that name them.",
                )
        elif kind == "referral_status_change":
            key = record.get("referral_key")
            if isinstance(key, str) and key in self._referrals:
                self._referrals[key].named += 1
            elif isinstance(key, str):
                self.report(
                    number,
                    "record.referral_key",
                    "No referral line before this one has this key. Put each status change "
                    "after the referral it belongs to.",
                )

    def _claim_waiting(self, number: int, reference: object) -> None:
        if not isinstance(reference, str):
            return
        in_vault = reference in self.existing.waiting_list
        earlier = self._waiting.setdefault(reference, number)
        if in_vault or earlier != number:
            where = "in the vault" if in_vault else f"on line {earlier}"
            case = f"Case {reference}" if CASE_REFERENCE.match(reference) else "This case"
            self.report(
                number,
                "record.case_reference",
                f"{case} already has a waiting-list entry {where}; a case has one.",
            )

    def _key_used(self, number: int, field: str, earlier: int) -> None:
        self.report(number, field, f"This key is already used on line {earlier}.")

    # --- one record, read: the domain's rules ----------------------------------------------------

    def validate(
        self, number: int, kind: str, entity: Any, extra: dict[str, Any], record: Mapping[str, Any]
    ) -> tuple[Any, dict[str, Any]]:
        """Every problem with ``entity`` reported; returns it (scored, for feedback) to store."""
        if kind in FEEDBACK_KINDS:
            return self._feedback(number, entity, extra, record)
        if isinstance(entity, ContactAttempt):
            day = self.case_dates.get(entity.case_reference) or self.existing.referral_dates.get(
                entity.case_reference
            )
            problems = entity.validate(
                self.vocabularies, self.today, referral_date=_date_or_none(day)
            )
        else:
            problems = entity.validate(self.vocabularies, self.today)
        for problem in problems:
            self.report(number, f"record.{problem.field}", problem.message)
        if isinstance(entity, DirectoryOrganisation):
            self._check_twin(number, entity)
        elif isinstance(entity, Referral):
            found = self._referral(extra)
            if found is not None and found.line == number:
                found.started_on = entity.started_on
        elif isinstance(entity, ReferralStatusChange):
            self._check_history(number, entity, extra)
        return entity, extra

    def _referral(self, extra: Mapping[str, Any]) -> _Referral | None:
        key = extra.get("referral_key")
        return self._referrals.get(key) if isinstance(key, str) else None

    def _check_twin(self, number: int, organisation: DirectoryOrganisation) -> None:
        """The directory lists an organisation once (a vault's own entry is linked, not
        added again)."""
        earlier = self._twins.setdefault(directory_key(organisation), number)
        if earlier != number:
            self.report(
                number,
                "record.name",
                f"This is the same organisation (name and borough) as line {earlier}; the "
                "directory lists each organisation once.",
            )

    def _check_history(
        self, number: int, change: ReferralStatusChange, extra: Mapping[str, Any]
    ) -> None:
        """One step of a referral's history: an allowed move, on or after the last date."""
        referral = self._referral(extra)
        if referral is None:
            return
        history = () if referral.last is None else (referral.last,)
        problems = next_change_problems(history, change)
        if referral.checked == 0 and referral.started_on not in (None, change.changed_on):
            self.report(
                number,
                "record.changed_on",
                f"A referral's first status is dated the day it started (started_on on line "
                f"{referral.line}).",
            )
        for problem in problems:
            self.report(number, f"record.{problem.field}", problem.message)
        referral.checked += 1
        if not problems:
            referral.last = change

    def _feedback(
        self, number: int, entity: Administration, extra: dict[str, Any], record: Mapping[str, Any]
    ) -> tuple[Any, dict[str, Any]]:
        instrument = self.instruments.find(entity.instrument_id, entity.instrument_version)
        problems = entity.validate(self.vocabularies, instrument, self.today)
        for problem in problems:
            unknown = problem.field == "instrument_id" and instrument is None
            message = UNKNOWN_INSTRUMENT if unknown else problem.message
            self.report(number, f"record.{problem.field}", message)
        if problems or instrument is None:
            return None, extra
        scored, _flags = entity.scored(instrument)
        for name in SCORE_FIELDS:
            if name in record and getattr(scored, name) != getattr(entity, name):
                self.report(number, f"record.{name}", SCORE_DIFFERS)
        return scored, {**extra, "instrument_kind": instrument.kind}

    # --- the end of the file -----------------------------------------------------------------

    def finish(self) -> None:
        for referral in self._referrals.values():
            if referral.named == 0:
                self.report(
                    referral.line,
                    "record.referral_key",
                    "No referral_status_change line names this referral. A referral's history "
                    "starts with its first status (offered or made), dated the day it started.",
                )


def _date_or_none(text: str | None) -> date | None:
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        return None
