"""Scoring an instrument's answers: totals, subscales, bands, and "not scorable".

Answers are a mapping of item id to the option value picked. A question skipped (absent),
answered "prefer not to answer" (``"declined"``) or holding anything that isn't one of its
options counts as missing. The instrument's missing-item rule decides what follows: up to
``max_missing`` missing questions the score is worked out (a sum scaled up to the full
number of questions when the rule says ``prorate``, rounded half up to a whole number, as
hand-scoring does); beyond that it is :class:`NotScorable`, with a reason in plain words.
Scoring never guesses an answer for a question that can raise a safeguarding flag: flags are
checked on the answers actually given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from survivorapp.domain.questionnaires.instruments import (
    TOTAL,
    Band,
    Flag,
    Instrument,
    Number,
    ScoringRule,
)

DECLINED = "declined"
"""The stored answer for "prefer not to answer" (the reserved code of domain/answers.py)."""


@dataclass(frozen=True)
class RuleScore:
    """One score (the total or a subscale) that could be worked out."""

    value: Number
    prorated: bool
    answered: int
    missing: int


@dataclass(frozen=True)
class NotScorable:
    """Too many questions have no answer for this score to mean anything."""

    reason: str
    answered: int
    missing: int


@dataclass(frozen=True)
class Score:
    """The instrument's total with its band, and each subscale (None when not scorable)."""

    total: Number
    band: Band | None
    prorated: bool
    answered: int
    missing: int
    subscales: Mapping[str, Number | None] = field(default_factory=dict)


ScoreResult = Score | NotScorable


def score(instrument: Instrument, responses: Mapping[str, object]) -> Score | NotScorable | None:
    """The score of ``responses``; None when the instrument has no score (service feedback)."""
    rule = instrument.scoring
    if rule is None:
        return None
    total = score_rule(instrument, rule, responses)
    if isinstance(total, NotScorable):
        return total
    subscales: dict[str, Number | None] = {}
    for subscale in instrument.subscales:
        part = score_rule(instrument, subscale, responses)
        subscales[subscale.id] = part.value if isinstance(part, RuleScore) else None
    return Score(
        total=total.value,
        band=rule.band_for(total.value),
        prorated=total.prorated,
        answered=total.answered,
        missing=total.missing,
        subscales=subscales,
    )


def score_rule(
    instrument: Instrument, rule: ScoringRule, responses: Mapping[str, object]
) -> RuleScore | NotScorable:
    values: list[Number] = []
    get, keep = responses.get, values.append  # the synthetic vault scores 100,000s of these
    for item_id, allowed, flip in instrument.scoring_table(rule):
        answer: Any = get(item_id)
        try:
            if answer not in allowed or answer.__class__ is bool:
                continue  # skipped, "prefer not to answer", or not one of the options
        except TypeError:  # an unhashable value: not an answer either
            continue
        keep(answer if flip is None else flip - answer)
    count = len(rule.items)
    answered = len(values)
    missing = count - answered
    if answered == 0:
        return NotScorable(_none_answered(rule), 0, missing)
    if missing > rule.max_missing:
        return NotScorable(_too_many_missing(rule, missing), answered, missing)
    total = sum(values)
    if rule.method == "mean":
        return RuleScore(_tidy(Fraction(total) / answered, whole=False), False, answered, missing)
    if missing and rule.prorate:
        whole = all(isinstance(v, int) for v in values)
        value = _tidy(Fraction(total) * count / answered, whole=whole)
        return RuleScore(value, True, answered, missing)
    return RuleScore(total, False, answered, missing)


def _tidy(exact: Fraction, *, whole: bool) -> Number:
    """Whole scores round half up (2.5 -> 3), as hand-scoring does; others keep two places."""
    if whole:
        return math.floor(exact + Fraction(1, 2))
    return math.floor(exact * 100 + Fraction(1, 2)) / 100


def _none_answered(rule: ScoringRule) -> str:
    name = "this score" if rule.id == TOTAL else f"the {rule.title or rule.id} score"
    return f"None of the questions for {name} were answered, so there is no score."


def _too_many_missing(rule: ScoringRule, missing: int) -> str:
    count = len(rule.items)
    needed = count - rule.max_missing
    what = "" if rule.id == TOTAL else f" for {rule.title or rule.id}"
    return (
        f"{missing} of the {count} questions{what} have no answer. A score needs at least "
        f"{needed} of them answered, so this one can't be worked out."
    )


def raised_flags(
    instrument: Instrument, responses: Mapping[str, object], result: Score | NotScorable | None
) -> tuple[Flag, ...]:
    """The safeguarding flags these answers raise, for a prompt to the worker afterwards."""
    raised: list[Flag] = []
    for flag in instrument.flags:
        value: object = None
        if flag.item is not None:
            item = instrument.item(flag.item)
            answer = responses.get(flag.item)
            value = answer if item is not None and item.option_for(answer) else None
        elif isinstance(result, Score):
            value = result.total if flag.score == TOTAL else result.subscales.get(flag.score or "")
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and value >= flag.at_least:  # type: ignore[operator]
            raised.append(flag)
    return tuple(raised)
