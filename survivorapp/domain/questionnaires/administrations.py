"""One answering of a questionnaire (an administration), and when the next one is due.

An administration names its instrument by id and version, belongs to a case or to no case
(anonymous feedback, for example after a group session), and keeps the raw answers: item id
to the value picked, ``"declined"`` for "prefer not to answer", and nothing at all for a
question skipped (REFERENCE.md 4: store raw responses, version, mode and timepoint). The score
is stored as computed by :mod:`scoring` when it was recorded: the services always work it out
themselves and never take a score from the caller.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Self

from survivorapp.domain.checks import CASE_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.questionnaires.instruments import (
    HIGHER_IS_BETTER,
    OUTCOME_MEASURE,
    SERVICE_FEEDBACK,
    TOTAL,
    Flag,
    Instrument,
    Number,
)
from survivorapp.domain.questionnaires.scoring import (
    DECLINED,
    NotScorable,
    Score,
    raised_flags,
    score,
)
from survivorapp.domain.records import FieldSpec, RecordReader, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

INTAKE = "intake"
REVIEW = "review"
EXIT = "exit"
SESSION = "session"
FOLLOW_UP = "follow_up"
SELF_COMPLETED = "self_completed"
READ_OUT = "read_out"

SCORED = "scored"
NOT_SCORABLE = "not_scorable"
NO_SCORE = "no_score"
WORKER_LIMIT = 100
INTAKE_DUE_DAYS = 14
"""An intake measure is due within two weeks of support starting (allocation)."""

Response = int | float | str


@dataclass(frozen=True)
class Administration:
    """A questionnaire answered once, with its answers and the score stored as computed."""

    instrument_id: str
    instrument_version: int
    timepoint: str
    mode: str
    administered_on: date
    responses: Mapping[str, Response] = field(default_factory=dict)
    case_reference: str | None = None
    review_number: int | None = None
    stopped_early: bool = False
    score_status: str = NO_SCORE
    score_total: Number | None = None
    score_band: str | None = None
    score_subscales: Mapping[str, Number | None] = field(default_factory=dict)
    score_prorated: bool = False
    score_note: str | None = None
    flags: tuple[str, ...] = ()
    recorded_by: str | None = None
    id: int | None = None

    @property
    def answered(self) -> int:
        """Questions given a real answer (not skipped, not "prefer not to answer")."""
        return sum(1 for v in self.responses.values() if v != DECLINED)

    @property
    def declined(self) -> int:
        return sum(1 for v in self.responses.values() if v == DECLINED)

    def validate(
        self, vocabularies: Vocabularies, instrument: Instrument | None, today: date | None = None
    ) -> list[Problem]:
        check = Checker(vocabularies, today)
        if self.case_reference is not None:
            check.reference(
                "case_reference",
                "The case reference",
                self.case_reference,
                CASE_REFERENCE,
                "C-000123",
            )
        check.code("timepoint", "when it was answered", "feedback_timepoint", self.timepoint)
        check.code("mode", "how it was answered", "feedback_mode", self.mode)
        check.not_future("administered_on", "The date answered", self.administered_on)
        if self.timepoint == REVIEW and (self.review_number is None or self.review_number < 1):
            check.add("review_number", "Please give the review's number (1 for the first).")
        if self.timepoint != REVIEW and self.review_number is not None:
            check.add("review_number", "Only a review has a number.")
        check.not_blank("recorded_by", "Recorded by", self.recorded_by)
        check.max_length("recorded_by", "Recorded by", self.recorded_by, WORKER_LIMIT)
        if instrument is None or instrument.key != (self.instrument_id, self.instrument_version):
            check.add("instrument_id", "This questionnaire (or this version of it) isn't known.")
            return check.problems
        if self.case_reference is None and instrument.kind != SERVICE_FEEDBACK:
            check.add(
                "case_reference",
                "Only service feedback can be anonymous; an outcome measure belongs to a case.",
            )
        self._check_responses(check, instrument)
        return check.problems

    def _check_responses(self, check: Checker, instrument: Instrument) -> None:
        """Messages name the question, never the answer (an open comment is the survivor's own
        words)."""
        for item_id, value in self.responses.items():
            where = f"responses.{item_id}"
            item = instrument.item(item_id)
            if item is None:
                check.add(where, "This isn't a question in this questionnaire.")
            elif value == DECLINED:
                continue
            elif item.is_choice and item.option_for(value) is None:
                check.add(where, "This isn't one of the answers to pick for this question.")
            elif not item.is_choice:
                if not isinstance(value, str):
                    check.add(where, "An open question's answer should be text.")
                elif not value.strip():
                    check.add(where, "This answer is empty: leave the question out instead.")
                elif len(value) > item.max_length:
                    check.add(where, f"This answer is longer than {item.max_length:,} characters.")

    def scored(self, instrument: Instrument) -> tuple[Administration, tuple[Flag, ...]]:
        """This administration with its score worked out afresh, and the flags it raises."""
        result = score(instrument, self.responses)
        flags = raised_flags(instrument, self.responses, result)
        fields: dict[str, Any] = {
            "score_status": NO_SCORE,
            "score_total": None,
            "score_band": None,
            "score_subscales": {},
            "score_prorated": False,
            "score_note": None,
            "flags": tuple(f.id for f in flags),
        }
        if isinstance(result, Score):
            fields.update(
                score_status=SCORED,
                score_total=result.total,
                score_band=None if result.band is None else result.band.code,
                score_subscales=dict(result.subscales),
                score_prorated=result.prorated,
            )
        elif isinstance(result, NotScorable):
            fields.update(score_status=NOT_SCORABLE, score_note=result.reason)
        return dataclasses.replace(self, **fields), flags

    def result(self, instrument: Instrument | None) -> Score | NotScorable | None:
        """The score as stored when it was recorded (never worked out again: a later version
        of the app's rules must not change what was reported at the time)."""
        rule = None if instrument is None else instrument.rule(TOTAL)
        answered = sum(1 for i in rule.items if _is_number(self.responses.get(i))) if rule else 0
        missing = len(rule.items) - answered if rule else 0
        if self.score_status == NOT_SCORABLE:
            return NotScorable(self.score_note or "", answered, missing)
        if self.score_status != SCORED or self.score_total is None:
            return None
        band = None
        if rule is not None:
            band = next((b for b in rule.bands if b.code == self.score_band), None)
        return Score(
            total=self.score_total,
            band=band,
            prorated=self.score_prorated,
            answered=answered,
            missing=missing,
            subscales=dict(self.score_subscales),
        )

    def to_record(self) -> dict[str, Any]:
        record = write_fields(self)
        record["responses"] = dict(self.responses)
        record["score_subscales"] = dict(self.score_subscales)
        return record

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


def _mapping(reader: RecordReader, name: str) -> Any:
    """A JSON object of plain values (answers or subscale scores); empty when absent."""
    value = reader.raw(name) if reader.has(name) else {}
    if not isinstance(value, dict) or not all(_plain(k, v) for k, v in value.items()):
        reader.problems.append(Problem(name, "This should be an object of answers."))
        return {}
    return dict(value)


def _plain(key: object, value: object) -> bool:
    if not isinstance(key, str) or isinstance(value, bool):
        return value is None and isinstance(key, str)
    return value is None or isinstance(value, int | float | str)


def _flag_ids(reader: RecordReader, name: str) -> Any:
    value = reader.codes(name)
    return () if value is None else value


_SPEC: FieldSpec = {
    "instrument_id": "text",
    "instrument_version": "integer",
    "timepoint": "text",
    "mode": "text",
    "administered_on": "iso_date",
    "responses": _mapping,
    "case_reference": "optional_text",
    "review_number": "optional_int",
    "stopped_early": "flag",
    "score_status": "text",
    "score_total": lambda reader, name: _number_or_none(reader, name),
    "score_band": "optional_text",
    "score_subscales": _mapping,
    "score_prorated": "flag",
    "score_note": "optional_text",
    "flags": _flag_ids,
    "recorded_by": "optional_text",
    "id": "optional_int",
}


def _number_or_none(reader: RecordReader, name: str) -> Any:
    value = reader.raw(name)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    reader.problems.append(Problem(name, "This should be a number or null."))
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- who sees the answers ------------------------------------------------------------------------

VISIBILITY_KEY = "feedback_answers_visible."
"""Settings-store key prefix for one instrument's answer visibility ("yes"/"no")."""


def visibility_key(instrument_id: str) -> str:
    return VISIBILITY_KEY + instrument_id


def answers_visible(instrument_id: str, kind: str, stored: Mapping[str, str]) -> bool:
    """Whether people who may view a case see this instrument's answers and scores there.

    By default outcome measures are shown and service feedback is not (it counts only in
    aggregate, so survivors can be honest about the service); an administrator may change
    either, per instrument.
    """
    value = stored.get(visibility_key(instrument_id))
    if value in ("yes", "no"):
        return value == "yes"
    return kind == OUTCOME_MEASURE


# --- change over time ----------------------------------------------------------------------------

IMPROVED = "improved"
WORSENED = "worsened"
NO_RELIABLE_CHANGE = "no_reliable_change"


def classify_change(
    first: Number, last: Number, meaningful_change: Number | None, direction: str
) -> str | None:
    """Whether ``last`` differs from ``first`` by at least the meaningful change, and which way
    is better; None when the instrument gives no meaningful-change value."""
    if meaningful_change is None:
        return None
    change = last - first
    if abs(change) < meaningful_change:
        return NO_RELIABLE_CHANGE
    better = change > 0 if direction == HIGHER_IS_BETTER else change < 0
    return IMPROVED if better else WORSENED


# --- when the next outcome measure is due ------------------------------------------------------


@dataclass(frozen=True)
class DueMeasure:
    """The next outcome measure a case needs: the intake one, or review number n."""

    timepoint: str
    due_on: date
    overdue: bool
    review_number: int | None = None


def next_due(
    start: date,
    intake: date | None,
    reviews: Sequence[date],
    interval_weeks: int,
    today: date,
    last_review_number: int | None = None,
) -> DueMeasure:
    """What is due next for a case whose support started on ``start``.

    Without an intake measure, the intake is due :data:`INTAKE_DUE_DAYS` after the start.
    After it, a review is due ``interval_weeks`` after the latest intake or review, numbered
    one more than the last review. Overdue means the due date has passed.
    """
    if intake is None:
        due = start + timedelta(days=INTAKE_DUE_DAYS)
        return DueMeasure(INTAKE, due, today > due)
    latest = max([intake, *reviews])
    due = latest + timedelta(weeks=interval_weeks)
    number = (last_review_number if last_review_number is not None else len(reviews)) + 1
    return DueMeasure(REVIEW, due, today > due, number)


def listed_as_due(due: DueMeasure, today: date, interval_weeks: int) -> bool:
    """Whether ``due`` belongs on a due list.

    A review always does. A missing intake does until it is a whole review interval overdue:
    after that the case is one where measures were not started (a helpline case, say, or a
    survivor who chose not to), counted by completion figures rather than crowding the list.
    """
    return due.timepoint != INTAKE or today <= due.due_on + timedelta(weeks=interval_weeks)
