"""The stage, status and outcome of a justice matter, worked out from its events.

Pure functions over events, so the case view, the court diary and the anonymised return all
read a journey the same way. Events are taken in date order, then recording order; any event
another one supersedes is left out. The journey can loop (REFERENCE.md 1.2): a decision not to
charge can be reviewed and reinstated, a hung jury can lead to a retrial, a trial can be
relisted any number of times, and a conviction can be quashed on appeal. The walk through the
events is ``justice.walk``; this module orders them and says what the walk found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from survivorapp.domain.justice.events import STAGE_INDEX, STAGES
from survivorapp.domain.justice.outcomes import DOES_NOT_WANT, SENTENCED, SURVIVOR_WITHDREW
from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition
from survivorapp.domain.justice.walk import JourneyWalk, position_on

ONGOING: Final = "ongoing"
ENDED: Final = "ended"


@dataclass(frozen=True)
class LeftProcess:
    """Where and why a matter left the process without a conviction."""

    stage: str
    reason: str
    outcome_code: str
    on: date
    survivor_position: str | None
    """The survivor's own latest position on or before that date, if one was recorded."""


@dataclass(frozen=True)
class JourneyState:
    """Everything the case view, diary and return read from one matter's events."""

    stage_reached: str
    current_stage: str
    status: str
    outcome_group: str
    outcome_code: str | None = None
    outcome_on: date | None = None
    ended_at_stage: str | None = None
    ended_reason: str | None = None
    ended_on: date | None = None
    reviewable_by: str | None = None
    """'police' or 'cps' when the decision that ended the matter can be reviewed (VRR)."""
    review_pending: str | None = None
    review_requested: bool = False
    police_outcome_code: str | None = None
    """The latest Home Office outcome code police recorded, whoever ended the matter."""
    left_process: LeftProcess | None = None
    police_withdrawal_without_survivor_view: bool = False
    survivor_position: str | None = None
    reported_on: date | None = None
    charged_on: date | None = None
    sentenced_on: date | None = None
    first_trial_date: date | None = None
    next_trial_date: date | None = None
    trial_date_changes: int = 0
    days_report_to_charging_decision: int | None = None
    days_charge_to_first_trial_date: int | None = None
    days_report_to_outcome: int | None = None

    @property
    def ended(self) -> bool:
        return self.status == ENDED


def effective_events(events: Iterable[JusticeEvent]) -> list[JusticeEvent]:
    """Events in journey order with every superseded event left out.

    Order is event date, then date recorded, then id, then the order given. A correction
    that is itself corrected does not bring back the event it replaced.
    """
    items = list(events)
    superseded = {e.supersedes for e in items if e.supersedes is not None}
    kept = [(index, e) for index, e in enumerate(items) if e.id is None or e.id not in superseded]
    kept.sort(
        key=lambda pair: (
            pair[1].event_date,
            pair[1].recorded_on or pair[1].event_date,
            pair[1].id if pair[1].id is not None else 2**63,
            pair[0],
        )
    )
    return [e for _, e in kept]


def derive(
    events: Iterable[JusticeEvent],
    positions: Iterable[SurvivorPosition] = (),
    today: date | None = None,
    *,
    reported_on: date | None = None,
) -> JourneyState:
    """The journey state of one matter.

    ``reported_on`` (the matter's date reported) is used when no "reported to police" event
    was recorded. Events dated after ``today`` are not counted yet.
    """
    today = today if today is not None else date.today()
    ordered_positions = sorted(positions, key=lambda p: p.recorded_on)
    walk = JourneyWalk(ordered_positions)
    for event in effective_events(events):
        if event.event_date <= today:
            walk.apply(event)
    report = walk.reported_on or reported_on
    left = _left_process(walk, ordered_positions)
    return JourneyState(
        stage_reached=STAGES[walk.reached],
        current_stage=STAGES[walk.current],
        status=ENDED if walk.ended else ONGOING,
        outcome_group=_outcome_group(walk),
        outcome_code=walk.outcome_code,
        outcome_on=walk.outcome_on,
        ended_at_stage=walk.ended_stage,
        ended_reason=walk.ended_reason,
        ended_on=walk.ended_on,
        reviewable_by=walk.reviewable,
        review_pending=walk.review_pending,
        review_requested=walk.review_requested,
        left_process=left,
        police_withdrawal_without_survivor_view=(
            left is not None
            and left.reason == SURVIVOR_WITHDREW
            and left.survivor_position != DOES_NOT_WANT
        ),
        survivor_position=position_on(ordered_positions, today),
        police_outcome_code=walk.police_code,
        reported_on=report,
        charged_on=walk.charged_on,
        sentenced_on=walk.sentenced_on if walk.ended_reason == SENTENCED else None,
        first_trial_date=walk.first_trial,
        next_trial_date=walk.next_trial,
        trial_date_changes=walk.trial_changes,
        days_report_to_charging_decision=_days(report, walk.charging_decision_on),
        days_charge_to_first_trial_date=_days(walk.charged_on, walk.first_trial),
        days_report_to_outcome=_days(report, walk.outcome_on),
    )


def _outcome_group(walk: JourneyWalk) -> str:
    """The ending's group; for a matter still going, how far it has got."""
    return walk.outcome_group or (
        "at_trial"
        if walk.current >= STAGE_INDEX["trial"]
        else "charged"
        if walk.charged_on is not None
        else "ongoing_pre_charge"
    )


def _left_process(walk: JourneyWalk, positions: Sequence[SurvivorPosition]) -> LeftProcess | None:
    """Where and why the matter left the process, unless it ended in a sentence."""
    if not walk.ended or walk.ended_reason == SENTENCED:
        return None
    assert walk.ended_stage and walk.ended_reason and walk.outcome_code and walk.ended_on
    return LeftProcess(
        walk.ended_stage,
        walk.ended_reason,
        walk.outcome_code,
        walk.ended_on,
        position_on(positions, walk.ended_on),
    )


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None
