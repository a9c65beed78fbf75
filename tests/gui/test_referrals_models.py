"""The referral screens' table models as plain objects (no window): columns, each cell's words,
the order shown, and finding a row again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange
from survivorapp.domain.referrals.waits import ReferralRecord, ReferralSummary
from survivorapp.ui.referrals.model import (
    CaseReferralsTableModel,
    DirectoryTableModel,
    OpenReferralsTableModel,
    date_text,
    days_text,
)
from survivorapp.ui.widgets.labels import Labels

TODAY = dt.date(2025, 6, 30)
LABELS = Labels()


def record(referral_id: int, started: dt.date, *steps: tuple[str, dt.date]) -> ReferralRecord:
    referral = Referral("C-000001", "talking_therapies", started, id=referral_id)
    history = tuple(ReferralStatusChange(referral_id, s, on) for s, on in steps)
    return ReferralRecord(referral, history)


def summary(case: str, days: int | None, follow_up: bool, referred: bool = True) -> ReferralSummary:
    started = TODAY - dt.timedelta(days=days or 0)
    return ReferralSummary(
        referral_id=1,
        case_reference=case,
        known_as="Robin" if case == "C-000001" else None,
        destination_type="gp",
        organisation_name=None,
        status="made" if referred else "offered",
        status_on=started,
        started_on=started,
        referred_on=started if referred else None,
        days_waiting=days,
        days_to_acceptance=None,
        days_to_first_appointment=None,
        needs_follow_up=follow_up,
    )


def texts(model: object, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]  # type: ignore[attr-defined]


def test_waits_and_dates_are_worded_for_people() -> None:
    assert days_text(None) == "—"
    assert days_text(1) == "1 day"
    assert days_text(1200) == "1,200 days"
    assert date_text(None) == "—"
    assert date_text(dt.date(2025, 3, 4)) == "4 Mar 2025"


def test_a_cases_referrals_are_newest_first_with_their_waits() -> None:
    older = record(1, dt.date(2025, 4, 1), ("made", dt.date(2025, 4, 1)))
    newer = record(
        2,
        dt.date(2025, 5, 1),
        ("made", dt.date(2025, 5, 1)),
        ("accepted", dt.date(2025, 5, 11)),
    )
    model = CaseReferralsTableModel(LABELS)
    model.set_records([older, newer], TODAY)
    assert model.columnCount() == 8
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Waiting so far"
    assert [r.referral.id for r in model.items()] == [2, 1]
    first = texts(model, 0)
    assert first[1] == "—"  # no organisation named
    assert first[2] == LABELS.code("referral_status", "accepted")
    assert first[3] == "11 May 2025" and first[4] == "1 May 2025"
    assert first[6] == "10 days"  # to acceptance
    assert texts(model, 1)[5] == "90 days"  # waiting so far, counted to TODAY
    assert model.row_of(1) == 1 and model.row_of(99) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole) == first[0]


def test_open_referrals_keep_the_services_order_and_say_who_needs_following_up() -> None:
    model = OpenReferralsTableModel(LABELS)
    model.set_items(
        [summary("C-000002", 40, True), summary("C-000001", None, False, referred=False)]
    )
    assert model.rowCount() == 2 and model.columnCount() == 8
    waiting = texts(model, 0)
    assert waiting[0] == "C-000002" and waiting[1] == ""
    assert waiting[2] == LABELS.code("referral_destination", "gp")
    assert waiting[6] == "40 days" and waiting[7] == "No reply yet: follow up"
    offered = texts(model, 1)
    assert offered[1] == "Robin"
    assert offered[5] == f"Offered {date_text(TODAY)}"
    assert offered[6] == "—" and offered[7] == ""
    assert model.item_at(1) is not None and model.item_at(2) is None


def test_the_directory_shows_missing_details_as_a_dash_and_notes_on_one_line() -> None:
    model = DirectoryTableModel(LABELS)
    model.set_items(
        [
            DirectoryOrganisation(
                "The Havens", "sexual_health", 1, "E09000028", "020 3299 6900", None, None,
                "Open every day.\nCall first.",
            )
        ]
    )  # fmt: skip
    row = texts(model, 0)
    assert row[0] == "The Havens"
    assert row[1] == LABELS.code("referral_destination", "sexual_health")
    assert row[2] == LABELS.code("borough", "E09000028") != "E09000028"
    assert row[3] == "020 3299 6900" and row[4] == "—"
    assert row[5] == "Open every day. Call first."
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
