"""Any sequence of valid events gives a consistent journey state (hypothesis)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.justice.derive import derive, effective_events
from survivorapp.domain.justice.events import STAGE_INDEX
from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition
from tests.strategies import TODAY, VOCABULARIES, justice_events, survivor_positions

ENDED_GROUPS = {c.code for c in VOCABULARIES["outcome_group"] if c.group != "ongoing"}
OUTCOME_GROUPS = {c.code for c in VOCABULARIES["outcome_group"]}
FAST = settings(max_examples=150, deadline=None)


@st.composite
def event_lists(draw: st.DrawFn, max_size: int = 14) -> list[JusticeEvent]:
    size = draw(st.integers(0, max_size))
    return [draw(justice_events(event_id=index + 1)) for index in range(size)]


positions = st.lists(survivor_positions, max_size=3)


@FAST
@given(event_lists(), positions)
def test_state_is_consistent(events: list[JusticeEvent], said: list[SurvivorPosition]) -> None:
    state = derive(events, said, TODAY)
    assert STAGE_INDEX[state.stage_reached] >= STAGE_INDEX[state.current_stage]
    assert state.status in ("ongoing", "ended")
    assert state.outcome_group in OUTCOME_GROUPS
    if state.ended:
        assert state.outcome_code is not None
        assert state.outcome_group in ENDED_GROUPS
        assert state.ended_at_stage is not None and state.ended_on is not None
    else:
        assert state.left_process is None and state.ended_reason is None
    if state.left_process is not None:
        assert state.left_process.stage == state.ended_at_stage
    if state.police_withdrawal_without_survivor_view:
        assert state.left_process is not None
        assert state.left_process.reason == "survivor_withdrew"
    assert state.trial_date_changes >= 0


@FAST
@given(event_lists(), st.data())
def test_superseding_is_idempotent(events: list[JusticeEvent], data: st.DataObject) -> None:
    if not events:
        return
    target = data.draw(st.sampled_from(events))
    day = max(e.event_date for e in events)
    fix = JusticeEvent(1, "entered_in_error", day, "survivor", supersedes=target.id, id=1000)
    once = derive([*events, fix], today=TODAY)
    twice = derive([*events, fix, dataclasses.replace(fix, id=1001)], today=TODAY)
    without = derive([e for e in events if e.id != target.id], today=TODAY)
    assert once == twice == without
    assert target not in effective_events([*events, fix])


@FAST
@given(event_lists(), st.data())
def test_a_later_relisting_never_lowers_stage_reached(
    events: list[JusticeEvent], data: st.DataObject
) -> None:
    before = derive(events, today=TODAY)
    last = max((e.event_date for e in events), default=date(2020, 1, 1))
    day = data.draw(st.dates(last, TODAY))
    relist = JusticeEvent(
        1, "trial_relisted", day, "witness_care", hearing_date=day + timedelta(days=90), id=999
    )
    after = derive([*events, relist], today=TODAY)
    assert STAGE_INDEX[after.stage_reached] >= STAGE_INDEX[before.stage_reached]
    assert after.trial_date_changes == before.trial_date_changes + 1


@FAST
@given(event_lists(), st.randoms(use_true_random=False))
def test_order_given_does_not_matter_when_dates_differ(
    events: list[JusticeEvent], rng: random.Random
) -> None:
    distinct = list({e.event_date: e for e in events}.values())
    shuffled = distinct[:]
    rng.shuffle(shuffled)
    assert derive(shuffled, today=TODAY) == derive(distinct, today=TODAY)
