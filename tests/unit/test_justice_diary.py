"""The court diary built from case journeys: window, order, titles, courts and preparation."""

from __future__ import annotations

from datetime import date

from survivorapp.domain.justice.diary import (
    TO_DO_SPECIAL_MEASURES,
    TO_DO_VISIT,
    TO_DO_VPS,
    TO_DO_WITNESS_SERVICE,
    CaseJourney,
    MatterRecord,
    build_diary,
    preparation_to_do,
)
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyOrder,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
)

TODAY = date(2025, 10, 1)


def event(
    event_id: int, kind: str, on: date, hearing: date | None = None, **kw: object
) -> JusticeEvent:
    return JusticeEvent(1, kind, on, "court", hearing_date=hearing, id=event_id, **kw)  # type: ignore[arg-type]


def record(
    *events: JusticeEvent,
    matter: JusticeMatter | None = None,
    measures: tuple[SpecialMeasure, ...] = (),
    vps: VictimPersonalStatement | None = None,
    support: CourtSupport | None = None,
) -> MatterRecord:
    return MatterRecord(
        matter or JusticeMatter("C-000001", id=1), events, (), measures, vps, support
    )


def journey(reference: str, *records: MatterRecord, **kw: object) -> CaseJourney:
    return CaseJourney(reference, "Sam", records, **kw)  # type: ignore[arg-type]


def test_hearings_within_the_window_only() -> None:
    listed = record(
        event(1, "ptph", date(2025, 9, 1), date(2025, 10, 3)),
        event(2, "trial_listed", date(2025, 9, 1), date(2025, 11, 20)),
    )
    entries = build_diary([journey("C-000001", listed)], TODAY, 7)
    assert [(e.day, e.kind, e.title) for e in entries] == [
        (date(2025, 10, 3), "hearing", "Plea and trial preparation hearing")
    ]
    later = build_diary([journey("C-000001", listed)], TODAY, 60)
    assert [e.title for e in later] == ["Plea and trial preparation hearing", "Trial"]


def test_window_is_inclusive_at_both_ends() -> None:
    listed = record(
        event(1, "ptph", date(2025, 9, 1), TODAY),
        event(2, "sentencing_listed", date(2025, 9, 1), date(2025, 10, 8)),
    )
    assert len(build_diary([journey("C-000001", listed)], TODAY, 7)) == 2


def test_relisting_moves_the_trial_and_names_the_new_court() -> None:
    listed = record(
        event(1, "trial_listed", date(2025, 6, 1), date(2025, 10, 2), court="Snaresbrook"),
        event(
            2,
            "trial_relisted",
            date(2025, 9, 20),
            date(2025, 10, 6),
            reason="overlisting",
            court="Wood Green",
        ),
    )
    entries = build_diary([journey("C-000001", listed)], TODAY, 14)
    assert [(e.day, e.title, e.court) for e in entries] == [
        (date(2025, 10, 6), "Trial", "Wood Green")
    ]


def test_court_carries_over_from_the_earlier_listing() -> None:
    listed = record(
        event(1, "trial_listed", date(2025, 6, 1), date(2025, 10, 2), court="Snaresbrook"),
        event(2, "trial_relisted", date(2025, 9, 20), date(2025, 10, 6), reason="overlisting"),
    )
    (entry,) = build_diary([journey("C-000001", listed)], TODAY, 14)
    assert entry.court == "Snaresbrook"


def test_deadlines_have_fixed_short_titles_and_no_court() -> None:
    matter = JusticeMatter(
        "C-000002",
        id=2,
        bail_status="bail_with_conditions",
        bail_conditions="No contact",
        bail_expiry=date(2025, 10, 5),
    )
    nfa = record(
        event(1, "charging_decision", date(2025, 9, 29), outcome_code="nfa_evidential"),
        matter=matter,
    )
    entries = build_diary([journey("C-000002", nfa)], TODAY, 7)
    assert [(e.day, e.kind, e.title, e.court, e.to_do) for e in entries] == [
        (date(2025, 10, 5), "deadline", "Bail expires", None, ()),
        (date(2025, 10, 6), "deadline", "Ask CPS for review (VRR) by today", None, ()),
    ]
    assert all(e.matter_id == 2 for e in entries)


def test_sorted_by_day_then_case_then_hearings_first() -> None:
    a = record(event(1, "ptph", date(2025, 9, 1), date(2025, 10, 4)))
    b_matter = JusticeMatter(
        "C-000001", id=3, bail_status="court_bail", bail_expiry=date(2025, 10, 4)
    )
    b = record(event(2, "ptph", date(2025, 9, 1), date(2025, 10, 4)), matter=b_matter)
    c = record(event(3, "first_appearance", date(2025, 9, 1), date(2025, 10, 2)))
    entries = build_diary(
        [journey("C-000009", a), journey("C-000001", b), journey("C-000005", c)], TODAY, 7
    )
    assert [(e.day.day, e.case_reference, e.kind) for e in entries] == [
        (2, "C-000005", "hearing"),
        (4, "C-000001", "hearing"),
        (4, "C-000001", "deadline"),
        (4, "C-000009", "hearing"),
    ]


def test_preparation_to_do_lists_everything_missing() -> None:
    assert preparation_to_do(record()) == (
        TO_DO_VPS,
        TO_DO_VISIT,
        TO_DO_WITNESS_SERVICE,
    )


def test_preparation_to_do_counts_undecided_measures_only() -> None:
    measures = (
        SpecialMeasure(1, "screens", "requested", date(2025, 8, 1)),
        SpecialMeasure(1, "screens", "granted", date(2025, 9, 1)),
        SpecialMeasure(1, "live_link", "applied", date(2025, 9, 1)),
    )
    ready = record(
        measures=measures,
        vps=VictimPersonalStatement(1, offered_on=date(2025, 8, 1)),
        support=CourtSupport(
            1, pre_trial_visit_on=date(2025, 9, 5), witness_service_referred_on=date(2025, 8, 1)
        ),
    )
    assert preparation_to_do(ready) == (TO_DO_SPECIAL_MEASURES,)
    decided = record(
        measures=measures[:2],
        vps=ready.vps,
        support=ready.court_support,
    )
    assert preparation_to_do(decided) == ()


def test_hearing_entries_carry_preparation_and_known_as() -> None:
    listed = record(event(1, "trial_listed", date(2025, 9, 1), date(2025, 10, 3)))
    (entry,) = build_diary([journey("C-000001", listed)], TODAY, 7)
    assert entry.known_as == "Sam"
    assert TO_DO_VPS in entry.to_do


def test_family_hearings_and_order_expiries_once_per_case() -> None:
    family = FamilyProceeding(
        "C-000001",
        "non_molestation_order",
        court="Central Family Court",
        hearing_dates=(date(2025, 10, 2), date(2025, 12, 1)),
        orders=(FamilyOrder("Non-molestation order for A. Person", date(2025, 10, 7)),),
    )
    case = journey("C-000001", record(), record(), family=(family,))
    entries = build_diary([case], TODAY, 7)
    assert [(e.day.day, e.title, e.court) for e in entries] == [
        (2, "Family court hearing", "Central Family Court"),
        (7, "Family court order expires", None),
    ]
    assert all("A. Person" not in e.title for e in entries)


def test_superseded_listing_is_not_in_the_diary() -> None:
    listed = record(
        event(1, "ptph", date(2025, 9, 1), date(2025, 10, 3)),
        JusticeEvent(1, "entered_in_error", date(2025, 9, 2), "court", supersedes=1, id=2),
    )
    assert build_diary([journey("C-000001", listed)], TODAY, 7) == []


def test_nothing_coming_up_is_an_empty_list() -> None:
    assert build_diary([], TODAY, 28) == []
    assert build_diary([journey("C-000001")], TODAY, 28) == []
