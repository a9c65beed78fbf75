"""The pure rules behind the Feedback tab and page: what is due, change over time, small counts,
and administrations as stored records."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.questionnaires.administrations import (
    IMPROVED,
    INTAKE,
    NO_RELIABLE_CHANGE,
    REVIEW,
    WORSENED,
    Administration,
    answers_visible,
    classify_change,
    listed_as_due,
    next_due,
    visibility_key,
)
from survivorapp.domain.questionnaires.instruments import shipped_instruments
from survivorapp.domain.questionnaires.service_summary import FEWER_THAN_FIVE, cell

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(DAYS, st.integers(1, 52), st.integers(-30, 400))
def test_an_intake_is_due_two_weeks_after_support_starts(
    start: date, weeks: int, offset: int
) -> None:
    today = start + timedelta(days=offset)
    due = next_due(start, None, (), weeks, today)
    assert (due.timepoint, due.review_number) == (INTAKE, None)
    assert due.due_on == start + timedelta(days=14)
    assert due.overdue == (today > due.due_on)
    assert listed_as_due(due, today, weeks) == (today <= due.due_on + timedelta(weeks=weeks))


@given(DAYS, st.lists(st.integers(1, 120), max_size=6), st.integers(1, 52), st.integers(0, 500))
def test_a_review_is_due_one_interval_after_the_latest_measure(
    intake: date, gaps: list[int], weeks: int, offset: int
) -> None:
    reviews = []
    day = intake
    for gap in gaps:
        day += timedelta(days=gap)
        reviews.append(day)
    today = intake + timedelta(days=offset)
    due = next_due(intake - timedelta(days=5), intake, reviews, weeks, today)
    assert due.timepoint == REVIEW
    assert due.review_number == len(reviews) + 1
    assert due.due_on == max([intake, *reviews]) + timedelta(weeks=weeks)
    assert due.overdue == (today > due.due_on)
    assert listed_as_due(due, today, weeks)


def test_review_numbers_continue_from_the_last_one_recorded() -> None:
    day = date(2026, 1, 5)
    due = next_due(day, day, [day + timedelta(days=40)], 6, day, last_review_number=3)
    assert due.review_number == 4


@given(st.integers(0, 80), st.integers(0, 80), st.integers(1, 20))
def test_change_is_classified_by_the_meaningful_change(first: int, last: int, points: int) -> None:
    worse_if_higher = classify_change(first, last, points, "higher_is_worse")
    better_if_higher = classify_change(first, last, points, "higher_is_better")
    if abs(last - first) < points:
        assert worse_if_higher == better_if_higher == NO_RELIABLE_CHANGE
    else:
        assert {worse_if_higher, better_if_higher} == {IMPROVED, WORSENED}
        assert (worse_if_higher == IMPROVED) == (last < first)
    assert classify_change(first, last, None, "higher_is_worse") is None


@given(st.integers(0, 10_000), st.one_of(st.none(), st.integers(0, 10_000)))
def test_counts_from_one_to_four_are_never_shown(count: int, base: int | None) -> None:
    shown = cell(count, base)
    if 1 <= count <= 4:
        assert (shown.text, shown.count, shown.percent) == (FEWER_THAN_FIVE, None, None)
    else:
        assert shown.count == count and shown.text == f"{count:,}"
        if base is not None and base >= 5:
            assert shown.percent == round(100 * count / base, 1)
        else:
            assert shown.percent is None


def test_default_visibility_by_kind_and_an_override() -> None:
    assert answers_visible("phq9", "outcome_measure", {})
    assert not answers_visible("service_feedback_exit", "service_feedback", {})
    stored = {visibility_key("service_feedback_exit"): "yes", visibility_key("phq9"): "no"}
    assert answers_visible("service_feedback_exit", "service_feedback", stored)
    assert not answers_visible("phq9", "outcome_measure", stored)
    assert not answers_visible("x", "service_feedback", {visibility_key("x"): "perhaps"})


def test_an_administration_round_trips_through_its_record() -> None:
    phq9 = shipped_instruments().get("phq9")
    answered = Administration(
        "phq9",
        1,
        "review",
        "read_out",
        date(2026, 3, 2),
        {"phq9_1": 2, "phq9_2": "declined", "phq9_9": 1},
        case_reference="C-000012",
        review_number=2,
        stopped_early=True,
        recorded_by="sam",
    )
    scored, flags = answered.scored(phq9)
    assert [f.id for f in flags] == ["phq9_self_harm"]
    assert scored.score_status == "not_scorable" and scored.flags == ("phq9_self_harm",)
    assert Administration.from_record(scored.to_record()) == scored
