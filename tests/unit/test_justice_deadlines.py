"""Deadlines and hearings derived from events: VRR windows, bail, orders, CICA, ULS."""

from __future__ import annotations

from datetime import date

import pytest

from survivorapp.domain.justice.deadlines import (
    Hearing,
    add_months,
    add_working_days,
    deadlines,
    upcoming_hearings,
)
from survivorapp.domain.justice.records import JusticeMatter
from survivorapp.domain.justice.support import FamilyOrder, FamilyProceeding
from tests.unit.test_justice_journeys import parse

MATTER = JusticeMatter("C-000001", id=1)


def due(table: str, today: date, matter: JusticeMatter = MATTER, **kw: object) -> dict[str, date]:
    events, _ = parse(table)
    return {d.kind: d.due for d in deadlines(events, matter, today, **kw)}  # type: ignore[arg-type]


def test_calendar_helpers() -> None:
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_working_days(date(2025, 1, 3), 5) == date(2025, 1, 10)  # Friday -> Friday
    assert add_working_days(date(2025, 1, 4), 1) == date(2025, 1, 6)  # Saturday -> Monday


def test_police_nfa_opens_a_three_month_police_review_window() -> None:
    found = due("2025-09-10 police_decision outcome=outcome_15", date(2025, 9, 12))
    assert found == {"vrr_police": date(2025, 12, 10)}


def test_cps_nfa_opens_the_five_working_day_and_three_month_windows() -> None:
    found = due("2025-09-10 charging_decision outcome=nfa_evidential", date(2025, 9, 12))
    assert found == {"vrr_cps_prompt": date(2025, 9, 17), "vrr_cps": date(2025, 12, 10)}


def test_passed_prompt_drops_but_three_month_window_stays() -> None:
    found = due("2025-09-10 charging_decision outcome=nfa_evidential", date(2025, 10, 1))
    assert found == {"vrr_cps": date(2025, 12, 10)}


def test_review_requested_or_reinstated_closes_the_window() -> None:
    nfa = "2025-09-10 police_decision outcome=outcome_15\n"
    assert due(nfa + "2025-09-15 vrr_police_requested", date(2025, 9, 20)) == {}
    assert due(nfa + "2025-10-15 vrr_police_reinstated", date(2025, 10, 20)) == {}


def test_no_window_for_decisions_outside_the_scheme() -> None:
    assert due("2025-09-10 police_decision outcome=outcome_18", date(2025, 9, 12)) == {}
    assert due("2025-09-10 police_decision outcome=outcome_3", date(2025, 9, 12)) == {}


def test_discontinuance_and_offering_no_evidence_can_be_reviewed() -> None:
    assert "vrr_cps" in due("2025-09-10 cps_discontinued", date(2025, 9, 12))
    table = "2025-09-10 verdict outcome=judge_ordered_acquittal"
    assert "vrr_cps" in due(table, date(2025, 9, 12))


def test_bail_expiry_is_a_deadline_only_while_on_bail() -> None:
    bailed = JusticeMatter("C-000001", bail_status="bail_with_conditions",
                           bail_expiry=date(2026, 3, 1))  # fmt: skip
    assert due("", date(2026, 1, 1), bailed) == {"bail_expiry": date(2026, 3, 1)}
    assert due("", date(2026, 3, 2), bailed) == {}


def test_family_order_expiry() -> None:
    order = FamilyOrder("Non-molestation order", date(2026, 6, 1))
    family = [
        FamilyProceeding("C-000001", "non_molestation_order", orders=(order, FamilyOrder("x")))
    ]
    assert due("", date(2026, 1, 1), family=family) == {"family_order_expiry": date(2026, 6, 1)}


def test_cica_two_years_from_report_until_applied() -> None:
    report = "2025-01-10 reported_to_police\n"
    assert due(report, date(2025, 2, 1)) == {"cica": date(2027, 1, 10)}
    assert due(report + "2025-02-01 cica_application", date(2025, 3, 1)) == {}
    matter = JusticeMatter("C-000001", date_reported=date(2025, 1, 10))
    assert due("", date(2025, 2, 1), matter) == {"cica": date(2027, 1, 10)}


def test_cica_uses_the_earlier_incident_window_while_it_is_open() -> None:
    report = "2025-01-10 reported_to_police\n"
    assert due(report, date(2025, 2, 1), incident_date=date(2024, 12, 1)) == {
        "cica": date(2026, 12, 1)
    }
    # A non-recent incident: its window has gone, so the report window is shown.
    assert due(report, date(2025, 2, 1), incident_date=date(2001, 1, 1)) == {
        "cica": date(2027, 1, 10)
    }


def test_unduly_lenient_sentence_window() -> None:
    table = "2025-03-14 verdict outcome=guilty_plea\n2025-04-25 sentence"
    assert due(table, date(2025, 4, 26)) == {"unduly_lenient_sentence": date(2025, 5, 23)}
    assert due(table + "\n2025-05-01 uls_referral_requested", date(2025, 5, 2)) == {}


def test_deadlines_are_soonest_first() -> None:
    events, _ = parse(
        "2025-01-10 reported_to_police\n2025-09-10 charging_decision outcome=nfa_evidential"
    )
    kinds = [d.kind for d in deadlines(events, MATTER, date(2025, 9, 11))]
    assert kinds == ["vrr_cps_prompt", "vrr_cps", "cica"]


@pytest.mark.parametrize(
    ("table", "expected"),
    [("2025-10-01 trial_listed on=2026-03-02", [Hearing("trial_listed", date(2026, 3, 2), 1)]),
     ("2025-10-01 trial_listed on=2026-03-02\n2025-12-01 trial_relisted on=2026-06-01",
      [Hearing("trial_listed", date(2026, 6, 1), 2)]),
     ("2025-10-01 trial_listed on=2026-03-02\n2025-12-01 trial_vacated", []),
     ("2025-10-01 ptph on=2026-02-01\n2025-10-01 sentencing_listed on=2025-12-01",
      [Hearing("ptph", date(2026, 2, 1), 1)])],
)  # fmt: skip
def test_upcoming_hearings(table: str, expected: list[Hearing]) -> None:
    events, _ = parse(table)
    assert upcoming_hearings(events, date(2026, 1, 15)) == expected


def test_a_trial_listed_before_the_case_was_discontinued_is_no_longer_coming() -> None:
    """Seen in the demo: a December trial still shown after the CPS discontinued in October."""
    from survivorapp.domain.justice.deadlines import upcoming_hearings
    from survivorapp.domain.justice.records import JusticeEvent

    events = [
        JusticeEvent(1, "reported_to_police", date(2026, 2, 28), "survivor", id=1),
        JusticeEvent(
            1, "charging_decision", date(2026, 7, 27), "cps", outcome_code="charged_rape", id=2
        ),
        JusticeEvent(
            1,
            "trial_listed",
            date(2026, 9, 3),
            "witness_care",
            hearing_date=date(2026, 12, 23),
            id=3,
        ),
    ]
    today = date(2026, 11, 28)
    assert [h.hearing_date for h in upcoming_hearings(events, today)] == [date(2026, 12, 23)]
    discontinued = JusticeEvent(
        1, "cps_discontinued", date(2026, 10, 30), "cps", outcome_code="discontinued", id=4
    )
    assert upcoming_hearings([*events, discontinued], today) == []
