"""Section 5, the justice journey of the cases open in the period, as it stood at its end.

Each police investigation (a justice "matter") of a counted case is worked out from its
events with ``domain.justice.derive``, taking only what had happened by the period's last
day; stage and outcome group are that journey's, with the survivor's withdrawals split by the
stage they happened at. Durations between stages are
those completed during the period (the later of the two dates falls in it), so that a
quarter's medians describe that quarter. Whether a case was reported to the police is per
case: reported when any of its matters was reported by the period's end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from survivorapp.domain.justice.derive import JourneyState, derive
from survivorapp.domain.justice.outcomes import SURVIVOR_WITHDREW
from survivorapp.domain.vocabularies import Vocabulary
from survivorapp.reporting.categories import Dimension
from survivorapp.reporting.model import Period, Table
from survivorapp.reporting.tables.kit import CASES_OPEN, Inputs, count_table, stat_table
from survivorapp.vault.returns import justice as returns_justice

SECTION = "justice"
MATTERS = "matters"
WITHDREW_AT = "survivor_withdrew_at_"
CHANGE_BANDS = (
    ("changes_0", "Not moved"),
    ("changes_1", "Moved once"),
    ("changes_2", "Moved twice"),
    ("changes_3_plus", "Moved three times or more"),
)


class MatterAtEnd(NamedTuple):
    """One matter's journey as it stood on the period's last day."""

    case_reference: str
    state: JourneyState


def journeys(records: Iterable[returns_justice.MatterEvents], end: date) -> list[MatterAtEnd]:
    found = []
    for record in records:
        reported = record.date_reported
        if reported is not None and reported > end:
            reported = None
        state = derive(record.events, record.positions, end, reported_on=reported)
        found.append(MatterAtEnd(record.case_reference, state))
    return found


def build(inputs: Inputs) -> list[Table]:
    period, vocabularies = inputs.period, inputs.vocabularies
    matters = journeys(returns_justice.matters(inputs.scope), period.end)
    cases_total = inputs.scope.counted_cases()
    reported_cases = {m.case_reference for m in matters if m.state.reported_on is not None}
    stages = vocabularies["cjs_stage"]
    tables: list[Table] = [
        count_table(
            "justice_reported",
            "Reported to the police by the end of the period",
            SECTION,
            Dimension.of(
                "reported",
                (("reported", "Reported"), ("not_reported", "Not reported, or not recorded")),
            ),
            {"reported": len(reported_cases), "not_reported": cases_total - len(reported_cases)},
            total_group=CASES_OPEN,
        ),
        _matters_table(
            "justice_furthest_stage",
            "Furthest stage reached",
            Dimension.from_vocabulary(stages, unanswered=False),
            Counter(m.state.stage_reached for m in matters),
        ),
        _matters_table(
            "justice_outcome_group",
            "Where the journey stood at the end of the period (withdrawals by stage)",
            _outcome_rows(vocabularies["outcome_group"], stages),
            Counter(_outcome_row(m.state) for m in matters),
        ),
        stat_table(
            "justice_stage_days",
            "Days between stages, for steps completed during the period",
            SECTION,
            _stage_days(matters, period),
        ),
        _trial_changes(matters),
        count_table(
            "justice_special_measures_granted",
            "Special measures granted (each counted separately)",
            SECTION,
            Dimension.from_vocabulary(vocabularies["special_measure"], unanswered=False),
            returns_justice.special_measures_granted(inputs.scope),
            total_group=MATTERS,
            unit="matters",
            additive=False,
            total=len(matters),
            notes="A matter can have several special measures granted, or none.",
        ),
        _matters_table(
            "justice_vps",
            "Victim Personal Statement",
            Dimension.from_vocabulary(vocabularies["vps_status"], unanswered=False),
            returns_justice.vps_status(inputs.scope),
        ),
    ]
    return tables


def _matters_table(
    table_id: str, title: str, dimension: Dimension, counts: Mapping[str, int]
) -> Table:
    return count_table(
        table_id, title, SECTION, dimension, counts, total_group=MATTERS, unit="matters"
    )


def _outcome_rows(groups: Vocabulary, stages: Vocabulary) -> Dimension:
    """The outcome groups, with "survivor withdrew" split by the stage it happened at.

    One table rather than an outcome table and a separate withdrawal table: the withdrawals'
    total would equal one cell of the outcome table, a link disclosure control cannot see.
    """
    pairs: list[tuple[str, str]] = []
    for code in groups:
        if code.code == SURVIVOR_WITHDREW:
            pairs.extend(
                (f"{WITHDREW_AT}{stage.code}", f"Survivor withdrew: at {stage.label.lower()}")
                for stage in stages
            )
        else:
            pairs.append((code.code, code.label))
    return Dimension.of("outcome_group", pairs)


def _outcome_row(state: JourneyState) -> str:
    left = state.left_process
    if state.outcome_group == SURVIVOR_WITHDREW:
        stage = left.stage if left is not None else state.current_stage
        return f"{WITHDREW_AT}{stage}"
    return state.outcome_group


def _stage_days(matters: list[MatterAtEnd], period: Period) -> list[tuple[str, str, Counter[int]]]:
    to_decision: Counter[int] = Counter()
    to_trial: Counter[int] = Counter()
    to_outcome: Counter[int] = Counter()

    def within(day: date | None) -> bool:
        return day is not None and period.start <= day <= period.end

    for m in matters:
        s = m.state
        days = s.days_report_to_charging_decision
        if days is not None and s.reported_on is not None:
            decided = s.reported_on + timedelta(days=days)
            if within(decided):
                to_decision[days] += 1
        days = s.days_charge_to_first_trial_date
        if days is not None and within(s.first_trial_date):
            to_trial[days] += 1
        days = s.days_report_to_outcome
        if days is not None and within(s.outcome_on):
            to_outcome[days] += 1
    return [
        ("report_to_charging_decision", "Report to charging decision", to_decision),
        ("charge_to_first_trial_date", "Charge to the first trial date", to_trial),
        ("report_to_outcome", "Report to outcome", to_outcome),
    ]


def _trial_changes(matters: list[MatterAtEnd]) -> Table:
    counts: Counter[str] = Counter()
    for m in matters:
        if m.state.first_trial_date is None:
            continue
        moved = min(m.state.trial_date_changes, len(CHANGE_BANDS) - 1)
        counts[CHANGE_BANDS[moved][0]] += 1
    return count_table(
        "justice_trial_date_changes",
        "How often the trial date moved, for matters with a trial listed",
        SECTION,
        Dimension.of("trial_date_changes", CHANGE_BANDS),
        counts,
        total_group="matters_trial_listed",
        unit="matters",
    )
