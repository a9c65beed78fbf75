"""An ISVA records a charging decision and a new trial date through the app, end to end.

Real vault, real service, real widgets: the quick actions save through the justice service,
and the timeline, the court diary and the Today page all show the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from survivorapp.domain.case import Case
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.caseload.model import COLUMNS
from survivorapp.ui.diary.page import CourtDiaryPage
from survivorapp.ui.justice.dialogs.event import JusticeEventDialog
from survivorapp.ui.justice.tab import JusticeTab
from survivorapp.ui.today.page import TodayPage
from tests.gui.test_app_flow import make_controller, open_first_case, unlocked
from tests.gui.test_justice_ui import click
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

TODAY = dt.date.today()
REPORTED = TODAY - dt.timedelta(days=200)


def isva_case_with_a_matter(session: VaultSession, reported: dt.date) -> JusticeMatter:
    """Robin's ISVA case, allocated to the admin, with a police matter reported on the day."""
    case = session.cases.open_new_case(
        Survivor(reference="", known_as="Robin"),
        Case(
            reference="",
            survivor_reference="",
            referral_date=reported,
            service_line="isva",
            status="waiting",
        ),
    )
    session.cases.allocate(case.reference, ADMIN)
    matter = session.justice.add_matter(
        JusticeMatter(case.reference, police_force="Metropolitan Police", date_reported=reported)
    )
    assert matter.id is not None
    return matter


def open_justice_tab(qtbot, controller: AppController) -> JusticeTab:  # type: ignore[no-untyped-def]
    """Unlock, open the first case and bring its Justice journey tab to the front."""
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    view.tabs.setCurrentWidget(view.justice_tab)
    return view.justice_tab


@pytest.fixture
def journey_vault(vault_dir: Path, access: VaultAccess) -> tuple[Path, str]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        matter = isva_case_with_a_matter(session, REPORTED)
        for event_type, days_ago, told_by in (
            ("reported_to_police", 200, "survivor"),
            ("file_to_cps", 30, "police"),
        ):
            session.justice.record_event(
                JusticeEvent(matter.id, event_type, TODAY - dt.timedelta(days=days_ago), told_by)
            )
    return vault_dir, matter.case_reference


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, journey_vault: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, journey_vault[0])
    yield ctl
    ctl.shutdown()


def test_charging_decision_and_new_trial_date_reach_the_timeline_diary_and_today(
    qtbot, controller: AppController, journey_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    reference = journey_vault[1]
    tab = open_justice_tab(qtbot, controller)
    qtbot.waitUntil(lambda: "investigation" in tab.timeline.description().lower(), timeout=10_000)

    # A charging decision: button, outcome, save.
    click(qtbot, tab.charging_button)
    dialog = tab.dialog
    assert isinstance(dialog, JusticeEventDialog)
    click(qtbot, dialog._outcome.buttons["charged_rape"])  # type: ignore[union-attr]
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: "charg" in tab.timeline.description().lower(), timeout=10_000)

    # The trial is listed for a date five days away: button, new date, save.
    trial_day = TODAY + dt.timedelta(days=5)
    click(qtbot, tab.trial_button)
    dialog = tab.dialog
    assert isinstance(dialog, JusticeEventDialog)
    dialog.hearing_date.setDate(QDate(trial_day.year, trial_day.month, trial_day.day))
    dialog.reason.set_code("no_court_or_judge")
    qtbot.keyClicks(dialog.court, "Wood Green Crown Court")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=10_000)

    diary = controller.window.page("court")
    today_page = controller.window.page("today")
    assert isinstance(diary, CourtDiaryPage) and isinstance(today_page, TodayPage)

    def diary_has_the_trial() -> bool:
        rows = (diary.model.entry_at(r) for r in range(diary.model.rowCount()))
        return any(
            e is not None and e.case_reference == reference and e.day == trial_day for e in rows
        )

    # Pages load what they show when they are opened, as a person opens them.
    controller.window.show_page("court")
    qtbot.waitUntil(diary_has_the_trial, timeout=10_000)
    assert "Wood Green" in "\n".join(
        str(diary.model.data(diary.model.index(r, c)))
        for r in range(diary.model.rowCount())
        for c in range(diary.model.columnCount())
    )
    click(qtbot, diary.window_buttons[28])  # a longer window still holds it
    qtbot.waitUntil(lambda: diary.window_days() == 28, timeout=5_000)
    qtbot.waitUntil(diary_has_the_trial, timeout=10_000)

    controller.window.show_page("today")

    def today_lines() -> list[str]:
        return [today_page.model.item(r).text() for r in range(today_page.model.rowCount())]

    qtbot.waitUntil(lambda: any(reference in line for line in today_lines()), timeout=10_000)

    # The caseload shows the new trial date as the case's next court date.
    controller.window.show_page("caseload")
    caseload = controller.caseload_page
    assert caseload is not None
    caseload.refresh(force=True)
    column = [key for key, _ in COLUMNS].index("next_court_date")
    qtbot.waitUntil(
        lambda: (
            caseload.model.rowCount() > 0
            and caseload.model.data(caseload.model.index(0, column)) == trial_day.isoformat()
        ),
        timeout=10_000,
    )

    # Stored for real: the service derives the charge from what the app saved.
    session = controller.session
    assert session is not None
    journey = controller.operations.call(lambda: session.justice.journey(reference))
    saved_types = [e.event_type for e in journey.matters[0].events]
    assert saved_types[-2:] == ["charging_decision", "trial_relisted"]
