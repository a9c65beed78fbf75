"""The justice journey in words: stage and outcome names, how a matter ended, the summary.

The timeline paints the journey; these functions tell it, for the accessible description,
the tab's summary and the event table. They hold no Qt, so the words are the same wherever
the journey is told.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from survivorapp.domain.justice.derive import JourneyState, effective_events
from survivorapp.domain.justice.outcomes import (
    COURT_OUTCOME,
    CPS_DECISION,
    POLICE_DECISION,
    SENTENCED,
    SURVIVOR_WITHDREW,
)
from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition
from survivorapp.ui.widgets.labels import Labels, format_date

COMPENSATION = "compensation"
_OUTCOME_VOCABULARIES = ("police_outcome", "cps_outcome", "court_outcome", "cjs_event_type")


def stage_label(labels: Labels, stage: str) -> str:
    if stage == COMPENSATION:
        return "Compensation"
    return labels.code("cjs_stage", stage)


def outcome_label(labels: Labels, code: str | None) -> str:
    """An outcome code's words, whichever list it comes from."""
    if code is None:
        return ""
    for vocabulary in _OUTCOME_VOCABULARIES:
        vocab = labels.vocabularies.get(vocabulary)
        if vocab is not None and vocab.contains(code):
            return vocab.label(code)
    return code.replace("_", " ")


def ending_text(state: JourneyState, labels: Labels) -> str:
    """'Ended at investigation: survivor withdrew', or '' while the matter is ongoing."""
    if not state.ended or state.ended_at_stage is None:
        return ""
    if state.ended_reason == SENTENCED:
        return "Sentenced" + (f" on {format_date(state.ended_on)}" if state.ended_on else "")
    stage = stage_label(labels, state.ended_at_stage).lower()
    outcome = outcome_label(labels, state.outcome_code)
    if state.ended_reason == SURVIVOR_WITHDREW:
        reason = "survivor withdrew"
        if state.police_withdrawal_without_survivor_view:
            reason += " (recorded by police; the survivor's own view was not recorded)"
    elif state.ended_reason == POLICE_DECISION:
        reason = f"police decision, {outcome}"
    elif state.ended_reason == CPS_DECISION:
        reason = f"CPS decision, {outcome}"
    elif state.ended_reason == COURT_OUTCOME:
        reason = f"court outcome, {outcome}"
    else:
        reason = outcome
    return f"Ended at {stage}: {reason}"


def journey_status(state: JourneyState, labels: Labels) -> str:
    """One line: how the matter ended, or where it is now."""
    ending = ending_text(state, labels)
    if ending:
        return ending + "."
    text = f"Ongoing: now at {stage_label(labels, state.current_stage).lower()}."
    if state.outcome_group == "convicted" and state.outcome_on is not None:
        text += f" Convicted on {format_date(state.outcome_on)}; sentence to come."
    elif state.next_trial_date is not None:
        text += f" Trial listed for {format_date(state.next_trial_date)}."
    return text


def position_text(
    state: JourneyState, positions: Sequence[SurvivorPosition], labels: Labels
) -> str:
    if state.survivor_position is None:
        return "The survivor's own wishes have not been recorded."
    latest = max(positions, key=lambda p: p.recorded_on, default=None)
    since = f" (told us {format_date(latest.recorded_on)})" if latest else ""
    words = labels.code("survivor_position", state.survivor_position)
    return f"The survivor's own wishes: {words}{since}."


def describe_journey(
    events: Iterable[JusticeEvent],
    state: JourneyState,
    labels: Labels,
    positions: Sequence[SurvivorPosition] = (),
) -> str:
    """The journey in a few plain sentences, for screen readers and the tab's summary."""
    kept = effective_events(events)
    parts = [f"Stage reached: {stage_label(labels, state.stage_reached)}."]
    ending = ending_text(state, labels)
    if ending:
        parts.append(ending + ".")
    else:
        parts.append(f"Ongoing, now at {stage_label(labels, state.current_stage).lower()}.")
        if state.outcome_group == "convicted" and state.outcome_on is not None:
            parts.append(f"Convicted on {format_date(state.outcome_on)}; sentence to come.")
    if state.reviewable_by and state.ended and not state.review_requested:
        who = "police" if state.reviewable_by == "police" else "CPS"
        parts.append(f"The decision can be reviewed by the {who} (Victims' Right to Review).")
    if state.trial_date_changes:
        parts.append(f"Trial date changed {state.trial_date_changes} times.")
    if state.next_trial_date and not state.ended:
        parts.append(f"Trial listed for {format_date(state.next_trial_date)}.")
    parts.append(f"{len(kept)} events recorded.")
    parts.append(position_text(state, positions, labels))
    return " ".join(parts)
