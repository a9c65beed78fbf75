"""Sample justice journeys for the GUI tests and screenshots (synthetic, no real people)."""

from __future__ import annotations

from datetime import date

from survivorapp.domain.justice.diary import CaseJourney, DiaryEntry, MatterRecord
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    SpecialMeasure,
    VictimPersonalStatement,
)

TODAY = date(2025, 10, 1)


def _e(n: int, kind: str, on: date, by: str = "police", **kw: object) -> JusticeEvent:
    return JusticeEvent(1, kind, on, by, id=n, **kw)  # type: ignore[arg-type]


def long_journey_events() -> tuple[JusticeEvent, ...]:
    """Report, NFA, VRR, reinstated, charged, five relistings, convicted (sentence to come)."""
    d = date
    return (
        _e(1, "reported_to_police", d(2023, 3, 2), "survivor"),
        _e(2, "abe_interview", d(2023, 3, 9)),
        _e(3, "suspect_arrested", d(2023, 3, 20)),
        _e(4, "file_to_cps", d(2023, 9, 1)),
        _e(5, "charging_decision", d(2023, 11, 14), "cps", outcome_code="nfa_evidential"),
        _e(6, "vrr_cps_requested", d(2023, 11, 17), "survivor"),
        _e(7, "vrr_cps_reinstated", d(2024, 1, 30), "cps"),
        _e(8, "charging_decision", d(2024, 3, 5), "cps", outcome_code="charged_rape"),
        _e(9, "first_appearance", d(2024, 3, 6), "court", hearing_date=d(2024, 3, 6)),
        _e(10, "ptph", d(2024, 4, 3), "court", hearing_date=d(2024, 4, 3)),
        _e(
            11,
            "trial_listed",
            d(2024, 4, 3),
            "court",
            hearing_date=d(2024, 9, 9),
            court="Snaresbrook Crown Court",
        ),
        _e(
            12,
            "trial_relisted",
            d(2024, 8, 20),
            "witness_care",
            hearing_date=d(2024, 11, 4),
            reason="no_court_or_judge",
        ),
        _e(
            13,
            "trial_relisted",
            d(2024, 10, 30),
            "witness_care",
            hearing_date=d(2025, 1, 13),
            reason="prosecution_not_ready",
        ),
        _e(
            14,
            "trial_adjourned",
            d(2025, 1, 13),
            "witness_care",
            hearing_date=d(2025, 3, 10),
            reason="defence_not_ready",
        ),
        _e(
            15,
            "trial_relisted",
            d(2025, 2, 25),
            "witness_care",
            hearing_date=d(2025, 5, 19),
            reason="overlisting",
        ),
        _e(
            16,
            "trial_relisted",
            d(2025, 5, 2),
            "witness_care",
            hearing_date=d(2025, 7, 7),
            reason="earlier_trial_overran",
        ),
        _e(17, "trial_started", d(2025, 7, 7), "court"),
        _e(
            18,
            "verdict",
            d(2025, 7, 11),
            "court",
            outcome_code="convicted_after_trial",
            note="Guilty on both counts.",
        ),
        _e(
            19,
            "sentencing_listed",
            d(2025, 7, 11),
            "court",
            hearing_date=d(2025, 10, 6),
            court="Snaresbrook Crown Court",
        ),
    )


def long_record() -> MatterRecord:
    matter = JusticeMatter(
        "C-000123",
        id=1,
        police_force="Metropolitan Police",
        crime_reference="CAD4401234/23",
        date_reported=date(2023, 3, 2),
        bail_status="court_bail",
        bail_conditions="No contact with the survivor; not to enter Hackney.",
        bail_expiry=date(2025, 10, 6),
    )
    return MatterRecord(
        matter,
        long_journey_events(),
        (
            SurvivorPosition(1, "undecided", date(2023, 10, 1)),
            SurvivorPosition(1, "wants_to_proceed", date(2023, 11, 16)),
        ),
        (
            SpecialMeasure(1, "screens", "granted", date(2024, 5, 1)),
            SpecialMeasure(1, "live_link", "applied", date(2024, 5, 1)),
        ),
        VictimPersonalStatement(
            1,
            offered_on=date(2024, 5, 2),
            made_on=date(2024, 6, 1),
            reading_preference="read_by_survivor",
        ),
        CourtSupport(1, pre_trial_visit_on=date(2024, 9, 1)),
    )


def long_case() -> CaseJourney:
    return CaseJourney("C-000123", "Sam", (long_record(),))


def withdrawn_record() -> MatterRecord:
    matter = JusticeMatter("C-000124", id=2, police_force="Metropolitan Police")
    events = (
        _e(21, "reported_to_police", date(2025, 5, 1), "survivor"),
        _e(22, "police_decision", date(2025, 8, 1), outcome_code="outcome_16"),
    )
    return MatterRecord(matter, events, (), (), None, None)


def diary_entries() -> list[DiaryEntry]:
    d = date
    return [
        DiaryEntry(
            d(2025, 10, 1),
            "C-000123",
            "Sam",
            "hearing",
            "Sentencing hearing",
            "Snaresbrook Crown Court",
            ("No Witness Service referral",),
            1,
        ),
        DiaryEntry(d(2025, 10, 1), "C-000140", "Jo", "deadline", "Bail expires", None, (), 4),
        DiaryEntry(
            d(2025, 10, 3),
            "C-000131",
            "Alex",
            "hearing",
            "Trial",
            "Wood Green Crown Court",
            ("Special measures not decided", "VPS not offered", "No pre-trial visit"),
            2,
        ),
        DiaryEntry(
            d(2025, 10, 6),
            "C-000155",
            None,
            "deadline",
            "Last day for CPS review (VRR)",
            None,
            (),
            5,
        ),
        DiaryEntry(
            d(2025, 10, 6),
            "C-000160",
            "Ruth",
            "hearing",
            "Plea and trial preparation hearing",
            "Inner London Crown Court",
            (),
            6,
        ),
    ]
