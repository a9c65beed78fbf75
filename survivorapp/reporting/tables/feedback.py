"""Section 7, survivor feedback and outcomes.

Service feedback: for each questionnaire shipped with the app, how many gave each answer to
each statement during the period, with "prefer not to answer" and "not answered" beside them
(rows are the questionnaire's statements, so every organisation's table has the same shape).
Licensed measures a service imports for itself are not in the return: their wording is not
ours to publish, and other organisations may not use them.

Outcomes: for each shipped outcome measure, the change from a counted case's intake score to
its latest later score, for cases whose latest score was recorded during the period, turned
so that a positive number always means things got better (whatever way the measure points).
Changes are in whole points, so that they add up across organisations.
"""

from __future__ import annotations

from datetime import date

from survivorapp.domain.questionnaires.instruments import (
    HIGHER_IS_BETTER,
    OUTCOME_MEASURE,
    SERVICE_FEEDBACK,
    Instrument,
    shipped_instruments,
)
from survivorapp.reporting.model import CountTable, Table
from survivorapp.reporting.tables.kit import Inputs, stat_table
from survivorapp.vault.returns import followup as returns_followup

SECTION = "feedback"
INTAKE = "intake"
DECLINED = "declined"
SKIPPED = "skipped"


def build(inputs: Inputs) -> list[Table]:
    latest = sorted(shipped_instruments().latest(), key=lambda i: i.id)
    tables: list[Table] = [
        _service_feedback(inputs, instrument)
        for instrument in latest
        if instrument.kind == SERVICE_FEEDBACK
    ]
    measures = [i for i in latest if i.kind == OUTCOME_MEASURE and i.scoring is not None]
    scores = returns_followup.outcome_scores(inputs.scope)
    tables.append(
        stat_table(
            "outcome_change",
            "Change from intake to the latest score, per outcome measure",
            SECTION,
            [(m.id, _title(m), _changes(inputs, m, scores.get(m.id, []))) for m in measures],
            unit="points",
            statistics=("median", "mean"),
            notes="Positive numbers mean things got better. Only cases whose latest score was "
            "recorded in the period, with an intake score before it, are counted.",
        )
    )
    return tables


def _title(instrument: Instrument) -> str:
    return str(instrument.short_title or instrument.title)


def _service_feedback(inputs: Inputs, instrument: Instrument) -> CountTable:
    items = [item for item in instrument.items if item.is_choice]
    options = _options(instrument)
    total, answers = returns_followup.feedback_answers(
        inputs.scope, instrument.id, instrument.version, [item.id for item in items]
    )
    columns = (*(f"answer_{_text(v)}" for v, _ in options), DECLINED, SKIPPED)
    labels = (*(label for _, label in options), "Prefer not to answer", "Not answered")
    counts = []
    for item in items:
        row = [answers.get((item.id, _text(value)), 0) for value, _ in options]
        row.append(answers.get((item.id, DECLINED), 0))
        row.append(max(total - sum(row), 0))
        counts.append(tuple(row))
    table = CountTable(
        id=f"feedback_{instrument.id}",
        title=f"{_title(instrument)}: answers given during the period",
        section=SECTION,
        row_dimension="statement",
        rows=tuple(item.id for item in items),
        row_labels=tuple(str(item.text) for item in items),
        counts=tuple(counts),
        total=total,
        total_group=f"feedback_{instrument.id}",
        columns=columns,
        column_labels=labels,
        column_dimension="answer",
        additive=False,
        unit="responses",
        notes="Each row adds up to the number of questionnaires answered in the period.",
        rows_sum_to_total=True,
    )
    table.check()
    return table


def _options(instrument: Instrument) -> list[tuple[float | int, str]]:
    """The answers to pick, in order, as the first statement offers them (a questionnaire's
    statements share one scale in the shipped feedback)."""
    seen: dict[str, tuple[float | int, str]] = {}
    for item in instrument.items:
        for option in item.options:
            seen.setdefault(_text(option.value), (option.value, str(option.label)))
    return list(seen.values())


def _text(value: object) -> str:
    """An answer as SQLite's json_each gives it back as text (1, 2.5, ...)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _changes(
    inputs: Inputs, measure: Instrument, scores: list[tuple[str, str, date, float]]
) -> dict[int, int]:
    assert measure.scoring is not None
    better_up = measure.scoring.direction == HIGHER_IS_BETTER
    start = inputs.period.start
    intake: dict[str, float] = {}
    latest: dict[str, tuple[date, float]] = {}
    for case, point, day, total in scores:
        if point == INTAKE:
            intake.setdefault(case, total)
        elif case in intake:
            latest[case] = (day, total)
    changes: dict[int, int] = {}
    for case, (day, total) in latest.items():
        if day >= start:
            change = round(total - intake[case] if better_up else intake[case] - total)
            changes[change] = changes.get(change, 0) + 1
    return changes
