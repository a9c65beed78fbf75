"""The words of Today's lines, as plain functions (no widgets)."""

from __future__ import annotations

from datetime import date

from survivorapp.domain.referrals.waits import ReferralSummary
from survivorapp.domain.today import CaseLine, DraftItem, SessionLogged, TaskDue
from survivorapp.ui.today.lines import (
    case_label,
    days,
    draft_text,
    plural,
    referral_text,
    session_text,
    task_text,
    unallocated_text,
)
from survivorapp.ui.widgets.labels import Labels

LABELS = Labels()


def test_a_case_is_named_with_its_known_as_name_when_there_is_one() -> None:
    assert case_label("C-000001", "Robin") == "C-000001 (Robin)"
    assert case_label("C-000001", None) == "C-000001"
    assert case_label(None, "Robin") == ""


def test_counts_read_naturally() -> None:
    assert plural(1, "{n} case", "{n} cases") == "1 case"
    assert plural(1_200, "{n} case", "{n} cases") == "1,200 cases"
    assert days(1) == "1 day" and days(0) == "0 days"


def test_task_session_and_unallocated_lines() -> None:
    task = TaskDue(1, None, None, date(2026, 10, 9), "Team meeting notes", False)
    assert task_text(task) == "Due 9 Oct 2026  ·  Team meeting notes"  # no case: no gap
    session = SessionLogged(9, "C-000203", "Ash", date(2026, 10, 6), "emotional_support", 50)
    assert session_text(LABELS, session).startswith("Tue 6 Oct 2026  ·  C-000203 (Ash)  ·  ")
    assert session_text(LABELS, session).endswith(", 50 min")
    line = CaseLine("C-000120", "Noor", date(2026, 7, 6), "waiting")
    assert unallocated_text(LABELS, line).startswith("C-000120 (Noor)  ·  referred 6 Jul 2026")


def test_a_draft_with_an_unreadable_time_still_says_what_it_is() -> None:
    draft = DraftItem("other:C-000204", "C-000204", None, "not a time")
    assert draft_text(draft) == "Unsaved text  ·  C-000204"


def test_a_referral_line_without_a_wait_leaves_the_wait_out() -> None:
    referral = ReferralSummary(
        referral_id=3,
        case_reference="C-000205",
        known_as=None,
        destination_type="housing",
        organisation_name=None,
        status="made",
        status_on=date(2026, 9, 1),
        started_on=date(2026, 9, 1),
        referred_on=None,
        days_waiting=None,
        days_to_acceptance=None,
        days_to_first_appointment=None,
        needs_follow_up=True,
    )
    text = referral_text(LABELS, referral)
    assert text.startswith("C-000205  ·  ") and "waiting" not in text
