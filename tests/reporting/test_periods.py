"""Fixed reporting periods: the parser accepts financial quarters and years, nothing else."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survivorapp.reporting.periods import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    PeriodError,
    available_periods,
    ended_period,
    financial_year,
    parse_period,
    quarter,
)

years = st.integers(min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)
ACCEPTED = re.compile(r"^\d{4}-(Q[1-4]|\d{2})$")


def test_uk_financial_quarters_and_year() -> None:
    assert parse_period("2026-Q1").start == date(2026, 4, 1)
    assert parse_period("2026-Q1").end == date(2026, 6, 30)
    assert parse_period("2026-Q3").end == date(2026, 12, 31)
    q4 = parse_period("2026-Q4")
    assert (q4.start, q4.end) == (date(2027, 1, 1), date(2027, 3, 31))
    year = parse_period("2026-27")
    assert (year.label, year.start, year.end) == ("2026-27", date(2026, 4, 1), date(2027, 3, 31))
    assert parse_period("2098-99").end == date(2099, 3, 31)


@pytest.mark.parametrize(
    "text",
    ["2026", "2026-Q5", "2026-Q0", "2026-28", "2026-2027", "Q2 2026", "2026-04-01..2026-06-30", ""],
)
def test_anything_else_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert "2026-Q2" in refused.value.user_message or "financial year" in refused.value.user_message


@given(years, st.integers(min_value=1, max_value=4))
def test_a_quarter_label_round_trips(year: int, number: int) -> None:
    period = quarter(year, number)
    assert parse_period(period.label) == period
    assert period.start <= period.end


@given(years)
def test_the_quarters_tile_the_year_without_gaps_or_overlaps(year: int) -> None:
    whole = financial_year(year)
    parts = [quarter(year, n) for n in (1, 2, 3, 4)]
    assert parts[0].start == whole.start
    assert parts[-1].end == whole.end
    for before, after in itertools.pairwise(parts):
        assert after.start == before.end + timedelta(days=1)
    assert parse_period(whole.label) == whole


@given(st.text(max_size=12))
def test_the_parser_accepts_only_the_two_shapes(text: str) -> None:
    try:
        period = parse_period(text)
    except PeriodError:
        return
    assert ACCEPTED.match(text.strip())
    assert period.label == text.strip()


def test_an_open_period_is_refused_until_it_ends() -> None:
    with pytest.raises(PeriodError, match="once the period has ended"):
        ended_period("2026-Q3", today=date(2026, 12, 31))
    assert ended_period("2026-Q3", today=date(2027, 1, 1)).label == "2026-Q3"
    assert ended_period("2026-Q3", today=date(2026, 11, 1), allow_open=True).label == "2026-Q3"


@given(
    st.dates(min_value=date(EARLIEST_YEAR, 4, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=2000),
)
def test_available_periods_have_all_ended_and_are_newest_first(
    earliest: date, days_later: int
) -> None:
    today = earliest + timedelta(days=days_later)
    periods = available_periods(earliest, today)
    assert all(p.end < today for p in periods)
    assert len({p.label for p in periods}) == len(periods)
    starts = [p.start for p in periods if "Q" in p.label]
    assert starts == sorted(starts, reverse=True)
    if periods:
        assert periods[-1].end >= earliest or periods[-1].start <= earliest


def test_available_periods_list_years_before_their_quarters() -> None:
    labels = [p.label for p in available_periods(date(2025, 5, 1), date(2026, 11, 28))]
    assert labels == ["2026-Q2", "2026-Q1", "2025-26", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"]
