"""Sections 6 (well-being referrals) and 7 (feedback and outcomes), from ``hand_vault.py``."""

from __future__ import annotations

from survivorapp.reporting.model import CountTable, Return, StatTable
from tests.reporting.hand_vault import column


def test_referrals_started_in_the_period_by_destination(quarter_return: Return) -> None:
    # A's GP referral started in June; G's is left out for consent.
    assert column(quarter_return, "referrals_by_destination") == {
        "talking_therapies": 1,
        "housing": 1,
        "specialist_counselling": 1,
    }


def test_destination_by_status_on_the_last_day(quarter_return: Return) -> None:
    table = quarter_return.table("referrals_destination_by_status")
    assert isinstance(table, CountTable)
    cells = {
        (row, column): n
        for row, counts in zip(table.rows, table.counts, strict=True)
        for column, n in zip(table.columns, counts, strict=True)
        if n
    }
    # Counselling was turned down on 2 October: on 30 September it was still waiting.
    assert cells == {
        ("talking_therapies", "seen"): 1,
        ("specialist_counselling", "awaiting"): 1,
        ("housing", "offered"): 1,
    }
    # The same rows as the one-way table, so its row totals are that table's lines.
    assert table.rows == quarter_return.table("referrals_by_destination").rows
    assert table.total == 3 and table.additive


def test_referral_waits_completed_in_the_period(quarter_return: Return) -> None:
    waits = quarter_return.table("referral_waits")
    assert isinstance(waits, StatTable)
    acceptance, appointment = waits.distributions
    assert acceptance.frequencies == ((10, 1), (32, 1))  # therapies, and June's GP referral
    assert appointment.frequencies == ((36, 1),)


def test_service_feedback_counts_each_answer_and_never_reads_comments(
    quarter_return: Return,
) -> None:
    table = quarter_return.table("feedback_service_feedback_exit")
    assert isinstance(table, CountTable)
    assert table.total == 2  # C's and the anonymous one; G's is left out
    assert table.columns[-2:] == ("declined", "skipped")
    rows = {
        row: dict(zip(table.columns, counts, strict=True))
        for row, counts in zip(table.rows, table.counts, strict=True)
    }
    assert "comments" not in rows
    assert rows["believed"]["answer_5"] == 2
    assert (rows["listened_to"]["answer_4"], rows["listened_to"]["answer_5"]) == (1, 1)
    assert (rows["choices"]["declined"], rows["choices"]["skipped"]) == (1, 1)
    assert rows["safer"]["skipped"] == 2
    assert quarter_return.table("feedback_service_feedback_session").total == 0


def test_outcome_change_turned_so_that_up_is_better(quarter_return: Return) -> None:
    table = quarter_return.table("outcome_change")
    assert isinstance(table, StatTable)
    found = dict(zip(table.rows, table.distributions, strict=True))
    assert found["phq9"].frequencies == ((9, 1),)  # 18 to 9: better; I's latest was in June
    assert found["gad7"].frequencies == ((-7, 1),)  # 14 to 21: worse
    assert found["pcl5"].n == 0
