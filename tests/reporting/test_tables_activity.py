"""Section 4 (service activity) against the hand-built vault's sessions and closures."""

from __future__ import annotations

from survivorapp.reporting.model import CountTable, Return
from tests.reporting.hand_vault import column


def test_sessions_in_the_period_with_counted_cases(quarter_return: Return) -> None:
    # A twice (July and August), C and J once. Not A's October session, not G's (consent),
    # not I's from 2024, not D's (closed before the period).
    assert column(quarter_return, "activity_sessions_by_mode") == {
        "in_person": 1,
        "phone": 2,
        "video": 1,
    }
    assert column(quarter_return, "activity_sessions_by_kind") == {
        "needs_assessment": 1,
        "emotional_support": 1,
        "advocacy": 1,
        "other": 1,
    }


def test_hours_add_up_to_the_rounded_total(quarter_return: Return) -> None:
    # 60 + 30 + 45 + 20 = 155 minutes: 3 hours, shared by largest remainders.
    by_mode = quarter_return.table("activity_hours_by_mode")
    by_kind = quarter_return.table("activity_hours_by_kind")
    assert isinstance(by_mode, CountTable) and isinstance(by_kind, CountTable)
    assert by_mode.total == by_kind.total == 3
    assert column(quarter_return, "activity_hours_by_mode") == {
        "in_person": 1,
        "phone": 1,
        "video": 1,
    }
    assert column(quarter_return, "activity_hours_by_kind") == {
        "needs_assessment": 1,
        "emotional_support": 1,
        "advocacy": 1,
    }


def test_survivors_supported_counts_people(quarter_return: Return) -> None:
    # Seven people hold the eight cases (A and K are the same survivor). A, C and J had a
    # session in the period; B, H, I and L did not.
    assert column(quarter_return, "activity_survivors_supported") == {
        "had_session": 3,
        "no_session": 4,
    }


def test_cases_closed_in_the_period(quarter_return: Return) -> None:
    # C in August and J on the first day; D closed in June, before the period.
    assert column(quarter_return, "activity_closures_by_reason") == {
        "support_complete": 1,
        "chose_to_end": 1,
    }
