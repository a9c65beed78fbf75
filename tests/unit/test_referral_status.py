"""The referral status state machine: every (from, to) pair allowed or refused with a reason,
and random walks through it that can never reach a state it does not allow."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.records import (
    ReferralStatusChange,
    current_status,
    history_problems,
    next_change_problems,
)
from survivorapp.domain.vocabularies import load_vocabularies

# The whole table, written out by hand from the issue and the documented decisions, so a
# change to the state machine has to change this too.
ALLOWED = {
    None: {"offered", "made"},
    "offered": {"made", "survivor_declined", "closed"},
    "made": {"acknowledged", "accepted", "waiting", "first_appointment", "rejected", "closed"},
    "acknowledged": {"accepted", "waiting", "first_appointment", "rejected", "closed"},
    "accepted": {"waiting", "first_appointment", "rejected", "disengaged", "closed"},
    "waiting": {"first_appointment", "rejected", "disengaged", "closed"},
    "first_appointment": {"ongoing", "completed", "disengaged", "closed"},
    "ongoing": {"completed", "disengaged", "closed"},
    "survivor_declined": set(),
    "rejected": set(),
    "completed": set(),
    "disengaged": set(),
    "closed": set(),
}
FROM_STATES = [None, *rs.STATUSES]
PAIRS = list(itertools.product(FROM_STATES, rs.STATUSES))


def test_the_codes_match_the_vocabulary_file() -> None:
    vocabulary = load_vocabularies()["referral_status"]
    assert [c.code for c in vocabulary] == list(rs.STATUSES)
    assert set(rs.NEXT) == set(rs.STATUSES)
    assert set(ALLOWED) == set(FROM_STATES)


@pytest.mark.parametrize(("current", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_pair_is_allowed_or_refused_with_a_reason(current: str | None, new: str) -> None:
    problem = rs.transition_problem(current, new)
    if new in ALLOWED[current]:
        assert problem is None
        assert rs.can_move(current, new)
        assert new in rs.allowed_next(current)
    else:
        assert problem is not None and problem.endswith(".")
        assert not rs.can_move(current, new)
        assert new not in rs.allowed_next(current)


@pytest.mark.parametrize("ended", sorted(rs.TERMINAL))
def test_an_ended_referral_says_so_and_suggests_a_new_one(ended: str) -> None:
    for new in rs.STATUSES:
        message = rs.transition_problem(ended, new)
        assert message is not None
        assert "has ended" in message and "new referral" in message


def test_a_refused_move_names_what_is_possible_instead() -> None:
    message = rs.transition_problem("waiting", "acknowledged")
    assert message == (
        "A referral that is on a waiting list can't become acknowledged. From here it can "
        "become at first appointment, not accepted, stopped before the end or closed."
    )
    assert rs.transition_problem("made", "made") == "The referral is already made."
    assert rs.transition_problem(None, "waiting") == (
        "A new referral starts as offered or made. Please choose one of those."
    )
    assert "isn't one of the referral statuses" in (rs.transition_problem("made", "seen") or "")


def test_closed_is_possible_from_every_open_status() -> None:
    assert set(rs.OPEN) == set(rs.STATUSES) - rs.TERMINAL
    for status in rs.OPEN:
        assert rs.can_move(status, rs.CLOSED)


def test_ongoing_and_completed_only_after_a_first_appointment() -> None:
    for status in rs.STATUSES:
        reaches = {rs.ONGOING, rs.COMPLETED} & set(rs.allowed_next(status))
        if reaches:
            assert status in (rs.FIRST_APPOINTMENT, rs.ONGOING)


def _change(status: str, day: date, reason: str | None = None) -> ReferralStatusChange:
    return ReferralStatusChange(1, status, day, reason)


def test_dates_may_not_go_backwards() -> None:
    start = date(2025, 3, 1)
    history = [_change("made", start)]
    problems = next_change_problems(history, _change("accepted", start - timedelta(days=1)))
    assert [p.field for p in problems] == ["changed_on"]
    assert "1 March 2025" in problems[0].message
    assert next_change_problems(history, _change("accepted", start)) == []


def test_a_rejection_needs_a_known_reason_and_nothing_else_has_one() -> None:
    vocabularies = load_vocabularies()
    today = date(2025, 6, 1)
    assert [p.field for p in _change("rejected", today).validate(vocabularies, today)] == ["reason"]
    assert _change("rejected", today, "out_of_area").validate(vocabularies, today) == []
    assert [p.field for p in _change("rejected", today, "bad").validate(vocabularies, today)] == [
        "reason"
    ]
    assert [
        p.field for p in _change("accepted", today, "out_of_area").validate(vocabularies, today)
    ] == ["reason"]
    future = _change("accepted", today + timedelta(days=1)).validate(vocabularies, today)
    assert [p.field for p in future] == ["changed_on"]


# --- random walks ------------------------------------------------------------------------------

steps = st.lists(st.tuples(st.sampled_from(rs.STATUSES), st.integers(-5, 30)), max_size=25)


@given(steps)
def test_random_walks_only_ever_hold_allowed_histories(walk: list[tuple[str, int]]) -> None:
    """Apply each proposed step only when the rules allow it: the history kept is always a
    chain of allowed moves with dates that never fall, starting as offered or made."""
    history: list[ReferralStatusChange] = []
    day = date(2024, 1, 1)
    for status, gap in walk:
        proposed = _change(status, day + timedelta(days=gap))
        problems = next_change_problems(history, proposed)
        allowed = rs.can_move(current_status(history), status) and (
            not history or proposed.changed_on >= history[-1].changed_on
        )
        assert (problems == []) == allowed
        if allowed:
            history.append(proposed)
            day = proposed.changed_on
    assert history_problems(history) == []
    if history:
        assert history[0].status in rs.STARTING
        ended = [i for i, c in enumerate(history) if c.status in rs.TERMINAL]
        assert ended in ([], [len(history) - 1])


def test_the_interchange_document_lists_exactly_the_moves_the_app_allows() -> None:
    """docs/interchange.md is how another system writes a history we accept: its table of
    moves must be the state machine's, row for row and in the same order."""
    import re
    from pathlib import Path

    from survivorapp.domain.referrals.status import NEXT

    doc = Path(__file__).resolve().parents[2] / "docs" / "interchange.md"
    text = doc.read_text(encoding="utf-8")
    table = text[text.index("| From | Allowed next statuses |") :].split("\n\n", 1)[0]
    documented = {}
    for line in table.splitlines()[2:]:
        _, source, targets, _ = line.split("|")
        documented[source.strip(" `")] = tuple(re.findall(r"`([a-z_]+)`", targets))
    assert documented == dict(NEXT)
