"""The stage, status and outcome of a justice matter, worked out from its events.

Pure functions over events, so the case view, the court diary and the anonymised return all
read a journey the same way. Events are taken in date order, then recording order; any event
another one supersedes is left out. The journey can loop (REFERENCE.md 1.2): a decision not to
charge can be reviewed and reinstated, a hung jury can lead to a retrial, a trial can be
relisted any number of times, and a conviction can be quashed on appeal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from survivorapp.domain.justice import JusticeEvent, SurvivorPosition
from survivorapp.domain.justice_events import EVENT_STAGE, STAGE_INDEX, STAGES, TRIAL_CHANGES
from survivorapp.domain.justice_outcomes import (
    ACQUITTALS,
    CHARGES,
    CONVICTIONS,
    COURT_REVIEWABLE,
    CPS_GROUPS,
    CPS_REVIEWABLE,
    CPS_REVIEWABLE_POLICE,
    NOT_FINAL,
    POLICE_CHARGED,
    POLICE_GROUPS,
    POLICE_REVIEWABLE,
    SURVIVOR_WITHDRAWAL_CODES,
)

ONGOING: Final = "ongoing"
ENDED: Final = "ended"
# Why a matter ended (JourneyState.ended_reason, LeftProcess.reason).
SURVIVOR_WITHDREW: Final = "survivor_withdrew"
POLICE_DECISION: Final = "police_decision"
CPS_DECISION: Final = "cps_decision"
COURT_OUTCOME: Final = "court_outcome"
SENTENCED: Final = "sentenced"
DOES_NOT_WANT: Final = "does_not_want_to_proceed"


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


def stage_of(event: JusticeEvent) -> str | None:
    """The stage an event moves the journey to; a not-guilty plea or hung jury is no verdict."""
    if event.event_type == "verdict":
        if event.outcome_code == "not_guilty_plea":
            return "pre_trial"
        if event.outcome_code == "hung_jury":
            return "trial"
    return EVENT_STAGE.get(event.event_type)


def _position_on(positions: Sequence[SurvivorPosition], day: date) -> str | None:
    latest = None
    for position in positions:
        if position.recorded_on <= day:
            latest = position.position
    return latest


class _Journey:
    """The mutable walk through one matter's events; ``derive`` freezes the result."""

    def __init__(self, positions: Sequence[SurvivorPosition]) -> None:
        self.positions = positions
        self.reached = 0
        self.current = 0
        self.ended = False
        self.outcome_code: str | None = None
        self.outcome_group: str | None = None
        self.outcome_on: date | None = None
        self.ended_stage: str | None = None
        self.ended_reason: str | None = None
        self.ended_on: date | None = None
        self.reviewable: str | None = None
        self.review_pending: str | None = None
        self.review_requested = False
        self.verdicts: dict[tuple[str, int], tuple[str, date]] = {}
        self.sentenced_on: date | None = None
        self.reported_on: date | None = None
        self.ended_by: str | None = None
        self.police_code: str | None = None
        self.charging_decision_on: date | None = None
        self.charged_on: date | None = None
        self.first_trial: date | None = None
        self.next_trial: date | None = None
        self.trial_changes = 0

    def move_to(self, stage: str) -> None:
        self.current = STAGE_INDEX[stage]
        self.reached = max(self.reached, self.current)

    def reopen(self) -> None:
        self.ended = False
        self.outcome_code = self.outcome_group = self.outcome_on = None
        self.ended_stage = self.ended_reason = self.ended_on = self.ended_by = None
        self.reviewable = self.review_pending = None
        self.review_requested = False

    def end(
        self, event: JusticeEvent, code: str, group: str, reason: str, reviewable: str | None
    ) -> None:
        self.reopen()
        self.ended = True
        self.outcome_code, self.outcome_group, self.outcome_on = code, group, event.event_date
        self.ended_stage = STAGES[self.current]
        self.ended_on = event.event_date
        self.ended_reason = reason
        self.reviewable = reviewable
        self.ended_by = {POLICE_DECISION: "police", CPS_DECISION: "cps"}.get(reason, "court")
        if reason == SURVIVOR_WITHDREW:
            self.ended_by = "police"
        if (
            reason in (POLICE_DECISION, CPS_DECISION)
            and group not in ("out_of_court_disposal", "not_recorded")
            and _position_on(self.positions, event.event_date) == DOES_NOT_WANT
        ):
            self.ended_reason = SURVIVOR_WITHDREW
            self.outcome_group = "survivor_withdrew"

    def apply(self, event: JusticeEvent) -> None:
        kind, code = event.event_type, event.outcome_code
        if kind == "police_decision" and code is not None:
            self.police_code = code
            if self.ended and self.ended_by in ("cps", "court"):
                self._police_code_after_cps(code)
                return
        stage = stage_of(event)
        if stage is not None:
            if self.ended and STAGE_INDEX[stage] <= STAGE_INDEX["trial"] and not self.verdicts:
                self.reopen()
            self.move_to(stage)
        if kind == "reported_to_police" and self.reported_on is None:
            self.reported_on = event.event_date
        elif kind in ("not_recorded_as_crime", "crime_cancelled"):
            self.end(event, kind, "not_recorded", POLICE_DECISION, None)
        elif code is not None and kind in ("police_decision", "charging_decision", "verdict"):
            self._decision(event, kind, code)
        elif kind == "cps_discontinued":
            self.end(event, kind, "discontinued", CPS_DECISION, "cps")
        else:
            self._court_event(event, kind)

    def _decision(self, event: JusticeEvent, kind: str, code: str) -> None:
        """A decision that carries an outcome code: the police's, the CPS's or a verdict."""
        if kind == "police_decision":
            self._police_decision(event, code)
        elif kind == "charging_decision":
            self._charging_decision(event, code)
        else:
            self.verdicts[(event.defendant or "", event.count or 0)] = (code, event.event_date)
            self._settle(event)

    def _court_event(self, event: JusticeEvent, kind: str) -> None:
        """Reviews, trial dates, sentences and appeals: events that carry no decision code."""
        if kind.startswith("vrr_"):
            self._review(kind)
        elif kind == "trial_listed" or kind in TRIAL_CHANGES:
            self._trial_date(event)
        elif kind == "trial_started":
            self.next_trial = None
        elif kind == "retrial_ordered":
            self.move_to("pre_trial")
        elif kind == "sentence":
            self._sentence(event)
        elif kind in ("conviction_quashed", "appeal_retrial_ordered"):
            self._quash(event, kind)

    def _police_decision(self, event: JusticeEvent, code: str) -> None:
        if code == POLICE_CHARGED:
            self._charged(event)
            return
        reviewable = (
            "police"
            if code in POLICE_REVIEWABLE
            else "cps"
            if code in CPS_REVIEWABLE_POLICE
            else None
        )
        group = POLICE_GROUPS.get(code, "police_nfa_other")
        reason = SURVIVOR_WITHDREW if code in SURVIVOR_WITHDRAWAL_CODES else POLICE_DECISION
        self.end(event, code, group, reason, reviewable)

    def _police_code_after_cps(self, code: str) -> None:
        """Police finalise their record after a CPS decision; the CPS decision still ended it."""
        if self.ended_by == "cps" and code in SURVIVOR_WITHDRAWAL_CODES:
            self.ended_reason = SURVIVOR_WITHDREW
            self.outcome_group = "survivor_withdrew"

    def _charging_decision(self, event: JusticeEvent, code: str) -> None:
        if self.charging_decision_on is None:
            self.charging_decision_on = event.event_date
        if code in CHARGES:
            self._charged(event)
            return
        reviewable = "cps" if code in CPS_REVIEWABLE else None
        self.end(event, code, CPS_GROUPS.get(code, "cps_nfa"), CPS_DECISION, reviewable)

    def _charged(self, event: JusticeEvent) -> None:
        self.reopen()
        self.move_to("charging_decision")
        if self.charging_decision_on is None:
            self.charging_decision_on = event.event_date
        if self.charged_on is None:
            self.charged_on = event.event_date

    def _review(self, kind: str) -> None:
        if kind.endswith("_requested"):
            self.review_requested = True
            self.review_pending = "police" if "police" in kind else "cps"
        elif kind.endswith("_reinstated"):
            if self.ended and self.ended_stage is not None:
                stage = self.ended_stage
                self.reopen()
                self.move_to(stage)
        else:
            self.review_pending = None

    def _trial_date(self, event: JusticeEvent) -> None:
        if event.event_type in TRIAL_CHANGES:
            self.trial_changes += 1
        if self.first_trial is None and event.event_type in ("trial_listed", "trial_relisted"):
            self.first_trial = event.hearing_date
        self.next_trial = event.hearing_date

    def _settle(self, event: JusticeEvent) -> None:
        """Work out the matter's outcome from the latest plea or verdict on every count."""
        codes = [code for code, _ in self.verdicts.values()]
        self.reopen()
        if any(code in NOT_FINAL for code in codes):
            return
        convictions = [(day, code) for code, day in self.verdicts.values() if code in CONVICTIONS]
        if convictions:
            self.outcome_on, self.outcome_code = max(convictions)
            self.outcome_group = "convicted"
            if self.sentenced_on is not None and self.sentenced_on >= self.outcome_on:
                self._close_sentenced(self.sentenced_on)
            return
        latest_day, latest_code = max((day, code) for code, day in self.verdicts.values())
        group = "acquitted" if any(code in ACQUITTALS for code in codes) else "court_other"
        reviewable = "cps" if latest_code in COURT_REVIEWABLE else None
        self.end(event, latest_code, group, COURT_OUTCOME, reviewable)
        self.outcome_on = self.ended_on = latest_day

    def _sentence(self, event: JusticeEvent) -> None:
        self.sentenced_on = event.event_date
        self.next_trial = None
        if not self.verdicts:
            self.verdicts[(event.defendant or "", 0)] = ("convicted_after_trial", event.event_date)
            self.outcome_code, self.outcome_group = "sentence", "convicted"
            self.outcome_on = event.event_date
        if self.outcome_group == "convicted":
            self._close_sentenced(event.event_date)

    def _close_sentenced(self, day: date) -> None:
        self.ended = True
        self.ended_stage = "sentence"
        self.ended_reason = SENTENCED
        self.ended_on = day

    def _quash(self, event: JusticeEvent, kind: str) -> None:
        convicted = [key for key, (code, _) in self.verdicts.items() if code in CONVICTIONS]
        if not convicted:
            return
        for key in convicted:
            self.verdicts[key] = (kind, event.event_date)
        self.sentenced_on = None
        if kind == "appeal_retrial_ordered":
            self.reopen()
            self.move_to("pre_trial")
        else:
            self._settle(event)


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None


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
    walk = _Journey(ordered_positions)
    for event in effective_events(events):
        if event.event_date <= today:
            walk.apply(event)
    status = ENDED if walk.ended else ONGOING
    group = walk.outcome_group or (
        "at_trial"
        if walk.current >= STAGE_INDEX["trial"]
        else "charged"
        if walk.charged_on is not None
        else "ongoing_pre_charge"
    )
    report = walk.reported_on or reported_on
    left = None
    if walk.ended and walk.ended_reason != SENTENCED:
        assert walk.ended_stage and walk.ended_reason and walk.outcome_code and walk.ended_on
        left = LeftProcess(
            walk.ended_stage,
            walk.ended_reason,
            walk.outcome_code,
            walk.ended_on,
            _position_on(ordered_positions, walk.ended_on),
        )
    return JourneyState(
        stage_reached=STAGES[walk.reached],
        current_stage=STAGES[walk.current],
        status=status,
        outcome_group=group,
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
        survivor_position=_position_on(ordered_positions, today),
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
