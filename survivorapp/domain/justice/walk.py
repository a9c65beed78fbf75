"""Walking one matter's events in journey order: the state machine behind ``derive``.

Each event moves the matter on: to a stage, to an ending (and why it ended, and who may review
that), back into the process when a decision is reviewed and reinstated or a trial is ordered
again, to a sentence. What each outcome code means comes from ``justice.outcomes``; which
stage an event reaches from ``justice.events``. ``justice.derive`` orders the events, walks
them here and freezes the result as a ``JourneyState``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from survivorapp.domain.justice.events import STAGE_INDEX, STAGES, TRIAL_CHANGES, stage_of
from survivorapp.domain.justice.outcomes import (
    ACQUITTALS,
    CHARGES,
    CONVICTIONS,
    COURT_OUTCOME,
    COURT_REVIEWABLE,
    CPS_DECISION,
    CPS_GROUPS,
    CPS_REVIEWABLE,
    CPS_REVIEWABLE_POLICE,
    DOES_NOT_WANT,
    NOT_FINAL,
    POLICE_CHARGED,
    POLICE_DECISION,
    POLICE_GROUPS,
    POLICE_REVIEWABLE,
    SENTENCED,
    SURVIVOR_WITHDRAWAL_CODES,
    SURVIVOR_WITHDREW,
)
from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition


def position_on(positions: Sequence[SurvivorPosition], day: date) -> str | None:
    """The survivor's latest position recorded on or before ``day`` (positions in order)."""
    latest = None
    for position in positions:
        if position.recorded_on <= day:
            latest = position.position
    return latest


class JourneyWalk:
    """The mutable walk through one matter's events; ``justice.derive.derive`` freezes it."""

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
            and position_on(self.positions, event.event_date) == DOES_NOT_WANT
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
