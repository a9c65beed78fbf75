"""Section 1 (demand) against numbers worked out by hand from ``hand_vault.py`` (2025-Q2)."""

from __future__ import annotations

from pathlib import Path

from survivorapp.reporting.model import CountTable, Return, StatTable
from tests.reporting.conftest import build_from
from tests.reporting.hand_vault import column


def test_two_cases_are_left_out_for_consent(quarter_return: Return) -> None:
    # F2 (refused on the survivor's earlier case) and G (withdrawn during the period);
    # L withdrew and then agreed again, so L counts.
    assert quarter_return.excluded_for_consent == 2
    assert quarter_return.table("survivors_sex").total == 8


def test_referrals_received_by_source_and_service_line(quarter_return: Return) -> None:
    # Received in the period: A, K, B, H (on its last day) and L. Not D (closed before),
    # not E (referred the day after), not F2 (consent refused).
    assert column(quarter_return, "demand_by_source") == {
        "self": 2,
        "police": 1,
        "gateway": 1,
        "not_asked": 1,
    }
    assert column(quarter_return, "demand_by_service_line") == {
        "isva": 2,
        "counselling": 2,
        "helpline": 1,
    }
    assert quarter_return.table("demand_by_source").total == 5


def test_new_and_known_survivors(quarter_return: Return) -> None:
    # Seven people: SA (A and K, both new), SB, SH and SL are new; SC (March), SI (2024) and
    # SJ (referred the day before the period) were known before.
    assert column(quarter_return, "demand_new_vs_continuing") == {"new": 4, "known_before": 3}
    table = quarter_return.table("demand_new_vs_continuing")
    assert isinstance(table, CountTable)
    assert (table.unit, table.total_group) == ("survivors", "survivors")


def test_waiting_list_on_the_last_day(quarter_return: Return) -> None:
    # B, H and L were never allocated; K was allocated on 5 September; C and J closed.
    assert column(quarter_return, "waiting_list_at_end") == {
        "isva": 1,
        "counselling": 1,
        "helpline": 1,
    }


def test_waits_completed_in_the_period(quarter_return: Return) -> None:
    waits = quarter_return.table("waits")
    assert isinstance(waits, StatTable)
    first_contact, allocation = waits.distributions
    # First contact in the period: H the same day, J after 1 day, A after 2. C's was in March.
    assert first_contact.frequencies == ((0, 1), (1, 1), (2, 1))
    assert waits.value(0, "median") == 1
    # Allocated in the period: K after 4 days, A after 10.
    assert allocation.frequencies == ((4, 1), (10, 1))


def test_rows_come_from_the_vocabulary_not_the_data(quarter_return: Return) -> None:
    sources = quarter_return.table("demand_by_source")
    assert isinstance(sources, CountTable)
    assert sources.rows[:3] == ("self", "police", "sarc")
    assert sources.rows[-3:] == ("not_asked", "declined", "unknown")
    assert dict(zip(sources.rows, sources.counts, strict=True))["employer"] == (0,)


def test_a_year_counts_every_case_open_in_it(hand_dir: Path) -> None:
    year = build_from(hand_dir, "2025-26")
    # April 2025 to March 2026 adds D (closed in June) and E (referred in October); SJ's
    # case (30 June) is now new. Only SC and SI were known before April.
    assert column(year, "demand_new_vs_continuing") == {"new": 7, "known_before": 2}
    assert year.table("survivors_sex").total == 10
    assert year.excluded_for_consent == 2
