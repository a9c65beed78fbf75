"""Today as a person meets it: the cards show their lines, and a line opens its case."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListView
from pytestqt.qtbot import QtBot

from survivorapp.domain.referrals.waits import ReferralSummary
from survivorapp.domain.session import Session
from survivorapp.domain.task import Task
from survivorapp.domain.today import (
    CaseLine,
    DraftItem,
    ManagerSummary,
    SessionLogged,
    TaskDue,
    TodaySummary,
)
from survivorapp.domain.waiting_list import WorkerLoad
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.today.page import TodayPage
from survivorapp.ui.waiting_list.page import WaitingListPage
from survivorapp.ui.widgets.theme import apply_theme
from tests.gui.justice_samples import diary_entries
from tests.gui.test_app_flow import make_controller, missing_accessible_names, unlocked
from tests.gui.test_justice_ui import click
from tests.services.conftest import case, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

TODAY = dt.date.today()


def summary(manager: bool = True) -> TodaySummary:
    day = dt.date(2026, 10, 7)  # a Wednesday
    return TodaySummary(
        day=day,
        hearings=tuple(diary_entries()),
        tasks_due=(
            TaskDue(1, "C-000201", "Robin", dt.date(2026, 10, 5), "Chase the GP letter", True),
            TaskDue(2, "C-000202", None, dt.date(2026, 10, 9), "Pre-trial visit", False),
        ),
        tasks_due_count=2,
        tasks_overdue_count=1,
        sessions_this_week=(
            SessionLogged(9, "C-000203", "Ash", dt.date(2026, 10, 6), "emotional_support", 50),
        ),
        sessions_this_week_count=1,
        drafts=(DraftItem("session:C-000204:new", "C-000204", "Kai", "2026-10-07T09:15:00+00:00"),),
        referrals_awaiting=(
            ReferralSummary(
                referral_id=3,
                case_reference="C-000205",
                known_as="Lee",
                destination_type="specialist_counselling",
                organisation_name="Hope Counselling",
                status="made",
                status_on=dt.date(2026, 9, 1),
                started_on=dt.date(2026, 9, 1),
                referred_on=dt.date(2026, 9, 1),
                days_waiting=36,
                days_to_acceptance=None,
                days_to_first_appointment=None,
                needs_follow_up=True,
            ),
        ),
        manager=ManagerSummary(
            waiting_count=41,
            longest_wait_days=93,
            unallocated_count=42,
            unallocated=(CaseLine("C-000120", "Noor", dt.date(2026, 7, 6), "waiting"),),
            caseload=(WorkerLoad("sam", "Sam (ISVA)", 31), WorkerLoad("jo", "Jo", 12)),
            referrals_over_threshold=(("specialist_counselling", 4), ("housing", 1)),
            referral_threshold_days=28,
        )
        if manager
        else None,
    )


@pytest.fixture
def page(qtbot: QtBot) -> TodayPage:
    today = TodayPage()
    qtbot.addWidget(today)
    today.resize(1280, 800)
    today.show()
    return today


def click_line(qtbot: QtBot, view: QListView, row: int) -> None:
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_every_card_shows_its_lines(qtbot: QtBot, page: TodayPage) -> None:
    page.set_summary(summary())
    assert page.model.rowCount() == 5 and not page.nothing.isVisible()
    assert page.tasks.texts() == [
        "Overdue since 5 Oct 2026  ·  C-000201 (Robin)  ·  Chase the GP letter",
        "Due 9 Oct 2026  ·  C-000202  ·  Pre-trial visit",
    ]
    assert page.tasks_card.count.text() == "2 due  ·  1 overdue"
    assert "C-000203 (Ash)" in page.sessions.texts()[0]
    assert "since Monday 5 Oct 2026" in page.sessions_card.count.text()
    assert page.drafts.texts()[0].startswith("Session note  ·  C-000204 (Kai)  ·  last typed 7 Oct")
    assert "Hope Counselling" in page.referrals.texts()[0]
    assert "waiting 36 days" in page.referrals.texts()[0]
    assert page.manager_section.isVisible()
    assert page.waiting_summary.text() == "41 survivors waiting  ·  longest wait 93 days"
    assert page.unallocated_card.count.text() == "42 open cases with no worker"
    assert page.caseload_chart.bars == [("Sam (ISVA)", 31), ("Jo", 12)]
    assert (
        "Sam (ISVA): 31 open cases; Jo: 12 open cases"
        in page.caseload_chart.accessibleDescription()
    )
    assert page.referral_waits_card.title.text() == "Referrals waiting more than 28 days"
    assert page.referral_waits.texts()[0].endswith(": 4")


def test_a_caseworker_sees_no_manager_cards_and_calm_empty_states(
    qtbot: QtBot, page: TodayPage
) -> None:
    empty = TodaySummary(TODAY, (), (), 0, 0, (), 0, (), None, None)
    page.set_summary(empty)
    assert not page.manager_section.isVisible()
    for card in (page.tasks_card, page.sessions_card, page.drafts_card, page.referrals_card):
        assert card.empty.isVisible() and not card.count.isVisible()
    assert "will appear here" in page.referrals_card.empty.text()
    page.set_summary(summary(manager=False))
    assert not page.manager_section.isVisible() and not page.tasks_card.empty.isVisible()


def test_clicking_a_line_opens_its_case(qtbot: QtBot, page: TodayPage) -> None:
    page.set_summary(summary())
    for view, row, reference in (
        (page.tasks, 0, "C-000201"),
        (page.sessions, 0, "C-000203"),
        (page.drafts, 0, "C-000204"),
        (page.referrals, 0, "C-000205"),
        (page.unallocated, 0, "C-000120"),
        (page.coming_up, 2, "C-000131"),
    ):
        page.scroll_area.ensureWidgetVisible(view)
        with qtbot.waitSignal(page.case_requested, timeout=2_000) as opened:
            click_line(qtbot, view, row)
        assert opened.args == [reference]
    with qtbot.assertNotEmitted(page.case_requested):
        click_line(qtbot, page.referral_waits, 0)  # a count by kind of service, not a case
    with qtbot.waitSignal(page.page_requested) as asked:
        page.scroll_area.ensureWidgetVisible(page.open_waiting_button)
        click(qtbot, page.open_waiting_button)
    assert asked.args == ["waiting"]


def test_every_interactive_widget_has_an_accessible_name(page: TodayPage) -> None:
    page.set_summary(summary())
    assert missing_accessible_names(page) == []


@pytest.mark.parametrize("theme", ["light", "dark", "high_contrast"])
def test_screenshots_at_1280_by_800(qtbot: QtBot, theme: str, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    today = TodayPage()
    qtbot.addWidget(today)
    today.resize(1080, 800)  # 1280 less the navigation
    today.set_summary(summary())
    today.show()
    qtbot.wait(50)  # let the layout settle, as it has before a person sees it
    folder = Path(os.environ.get("SURVIVORAPP_SCREENSHOTS", tmp_path))
    image = today.grab()
    assert not image.isNull()
    assert image.save(str(folder / f"today-{theme}.png"))
    # Two columns side by side: the tasks card sits to the right of the hearings card.
    assert today.tasks_card.x() > today.hearings_card.x() + today.hearings_card.width() // 2


# --- through the whole app -------------------------------------------------------------------


@pytest.fixture
def day_vault(vault_dir: Path, access: VaultAccess) -> tuple[Path, dict[str, str]]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        mine = session.cases.open_new_case(
            survivor(name="Robin Full Name", known_as="Robin"),
            case(referral_date=TODAY - dt.timedelta(days=30)),
        ).reference
        session.cases.allocate(mine, ADMIN)
        session.cases.add_task(Task(TODAY - dt.timedelta(days=1), "Call back", case_reference=mine))
        session.cases.log_session(Session(mine, TODAY, 45, "phone", "emotional_support"))
        waiting = session.cases.open_new_case(
            survivor(name="Noor Full Name", known_as="Noor"),
            case(referral_date=TODAY - dt.timedelta(days=12)),
        ).reference
    return vault_dir, {"mine": mine, "waiting": waiting}


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, day_vault: tuple[Path, dict[str, str]]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, day_vault[0])
    yield ctl
    ctl.shutdown()


def test_today_in_the_app_opens_the_case_and_the_waiting_list(
    qtbot: QtBot, controller: AppController, day_vault: tuple[Path, dict[str, str]]
) -> None:
    unlocked(qtbot, controller)
    today = controller.window.page("today")
    assert isinstance(today, TodayPage)
    assert today.tasks.lines.rowCount() == 0  # nothing is asked until Today is opened
    controller.window.show_page("today")
    qtbot.waitUntil(lambda: today.tasks.lines.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Up to date" in today.status.text(), timeout=10_000)
    assert "Robin" in today.tasks.texts()[0] and "Overdue" in today.tasks.texts()[0]
    assert today.sessions_card.count.text().startswith("1 session since Monday")
    assert today.waiting_summary.text() == "1 survivor waiting  ·  longest wait 12 days"
    assert [line.split("  ·  ")[0] for line in today.unallocated.texts()] == [
        f"{day_vault[1]['waiting']} (Noor)"
    ]

    today.scroll_area.ensureWidgetVisible(today.tasks)
    click_line(qtbot, today.tasks, 0)
    view = controller.case_view
    assert view is not None
    qtbot.waitUntil(lambda: view.tabs.isVisible(), timeout=10_000)
    assert view.reference == day_vault[1]["mine"]
    assert controller.window.current_page() is view

    controller.window.show_page("today")
    today.scroll_area.ensureWidgetVisible(today.open_waiting_button)
    click(qtbot, today.open_waiting_button)
    waiting = controller.window.page("waiting")
    assert isinstance(waiting, WaitingListPage)
    assert controller.window.current_page() is waiting
    qtbot.waitUntil(lambda: waiting.model.rowCount() == 1, timeout=10_000)
