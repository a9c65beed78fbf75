"""Section 5 (justice journey) as it stood on 30 September 2025, the end of 2025-Q2.

Four matters belong to counted cases: C (charged in June, trial listed then moved; convicted
in January 2026, after the period), A (reported in July, withdrew in September), I (no
suspect identified, 2024) and J (a SARC self-referral only). G's matter is left out with G.
"""

from __future__ import annotations

from survivorapp.reporting.model import CountTable, Return, StatTable
from tests.reporting.hand_vault import column


def test_reported_to_police(quarter_return: Return) -> None:
    assert column(quarter_return, "justice_reported") == {"reported": 3, "not_reported": 5}


def test_furthest_stage_and_outcome_at_the_end_of_the_period(quarter_return: Return) -> None:
    assert column(quarter_return, "justice_furthest_stage") == {
        "report": 1,
        "investigation": 2,
        "pre_trial": 1,
    }
    assert column(quarter_return, "justice_outcome_group") == {
        "ongoing_pre_charge": 1,
        "charged": 1,  # the verdict came after the period
        "survivor_withdrew_at_investigation": 1,
        "police_nfa_no_suspect": 1,
    }


def test_withdrawals_are_rows_of_the_outcome_table_by_stage(quarter_return: Return) -> None:
    table = quarter_return.table("justice_outcome_group")
    assert isinstance(table, CountTable)
    assert "survivor_withdrew" not in table.rows
    withdrew = [r for r in table.rows if r.startswith("survivor_withdrew_at_")]
    assert withdrew[:2] == ["survivor_withdrew_at_report", "survivor_withdrew_at_investigation"]
    assert table.row_labels[table.rows.index(withdrew[1])] == "Survivor withdrew: at investigation"
    assert table.total == 4 and table.additive


def test_days_between_stages_completed_in_the_period(quarter_return: Return) -> None:
    table = quarter_return.table("justice_stage_days")
    assert isinstance(table, StatTable)
    found = dict(zip(table.rows, table.distributions, strict=True))
    # C's charging decision (1 June) and first trial date (3 November) fall outside the
    # quarter; A's outcome (1 September, 57 days after the report) falls inside.
    assert found["report_to_charging_decision"].n == 0
    assert found["charge_to_first_trial_date"].n == 0
    assert found["report_to_outcome"].frequencies == ((57, 1),)


def test_trial_date_changes_special_measures_and_vps(quarter_return: Return) -> None:
    assert column(quarter_return, "justice_trial_date_changes") == {"changes_1": 1}
    # Screens were granted in August; the intermediary only in October.
    assert column(quarter_return, "justice_special_measures_granted") == {"screens": 1}
    assert column(quarter_return, "justice_vps") == {"made": 1, "not_offered": 3}


def test_lean_events_equal_the_entity_built_normally() -> None:
    from datetime import date

    from survivorapp.domain.justice.records import JusticeEvent
    from survivorapp.vault.returns.justice import lean_event

    row = (7, "trial_relisted", "2025-08-01", None, None, None, "2026-01-12", 3, 11, "2025-08-02")
    dates = {d: date.fromisoformat(d) for d in ("2025-08-01", "2026-01-12", "2025-08-02")}
    made = lean_event(row, dates)
    expected = JusticeEvent(
        7,
        "trial_relisted",
        date(2025, 8, 1),
        "",
        hearing_date=date(2026, 1, 12),
        supersedes=3,
        id=11,
        recorded_on=date(2025, 8, 2),
    )
    assert made == expected and hash(made) == hash(expected)
    assert made.note == "" and made.court is None and made.reason is None
