"""A manager works the waiting list through the app: safe contact first, then the attempt; and
allocation in two clicks. Real vault, real services, real widgets, offscreen."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from survivorapp.domain.contact import NOT_SAFE, SAFE, ChannelPreference, SafeContact
from survivorapp.domain.waiting_list import VOICEMAIL_NOT_SAFE
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.waiting_list.contact_attempt_dialog import ContactAttemptDialog
from survivorapp.ui.waiting_list.page import WaitingListPage
from tests.gui.test_app_flow import make_controller, missing_accessible_names, unlocked
from tests.gui.test_justice_ui import click
from tests.services.conftest import case, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

TODAY = dt.date.today()
SUMMARY = "Phone: safe 10-12 weekdays; no voicemail; not known: texts, email, letters"


@pytest.fixture
def waiting_vault(vault_dir: Path, access: VaultAccess) -> tuple[Path, dict[str, str]]:
    """Three survivors wait: Ash (A, 10 days), Bo (not triaged, 40 days), Cy (C, 90 days)."""
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("sam", "sam keeps a long passphrase", ("isva",))
        session.add_user("jo", "jo keeps a long passphrase", ("caseworker",))
        made = {}
        for name, days in (("Ash", 10), ("Bo", 40), ("Cy", 90)):
            made[name] = session.cases.open_new_case(
                survivor(name=f"{name} Full Name", known_as=name),
                case(referral_date=TODAY - dt.timedelta(days=days)),
                SafeContact(
                    "",
                    channels=(
                        ChannelPreference("phone", SAFE, "10-12 weekdays"),
                        ChannelPreference("voicemail", NOT_SAFE),
                    ),
                    never_contact_via=(),
                ),
            ).reference
        session.waiting_list.set_priority(made["Ash"], "a")
        session.waiting_list.set_priority(made["Cy"], "c")
        # Someone already allocated, so the menu shows a caseload.
        other = session.cases.open_new_case(survivor(name="Dee"), case()).reference
        session.waiting_list.allocate(other, "sam")
    return vault_dir, made


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, waiting_vault: tuple[Path, dict[str, str]]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, waiting_vault[0])
    yield ctl
    ctl.shutdown()


class EnabledWatcher(QObject):
    """Notes what ``look`` returns each time the watched widget becomes enabled."""

    def __init__(self, look: Callable[[], object]) -> None:
        super().__init__()
        self.look = look
        self.seen: list[object] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and getattr(watched, "isEnabled", bool)():
            self.seen.append(self.look())
        return False


def open_waiting_list(qtbot: QtBot, ctl: AppController) -> WaitingListPage:
    unlocked(qtbot, ctl)
    page = ctl.window.page("waiting")
    assert isinstance(page, WaitingListPage)
    ctl.window.show_page("waiting")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    return page


def click_row(qtbot: QtBot, page: WaitingListPage, row: int) -> None:
    rect = page.table.visualRect(page.model.index(row, 2))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_list_is_most_urgent_first_and_only_for_managers(
    qtbot: QtBot, controller: AppController
) -> None:
    page = open_waiting_list(qtbot, controller)
    names = [page.model.data(page.model.index(r, 2)) for r in range(3)]
    assert names == ["Ash", "Bo", "Cy"]
    assert [page.model.data(page.model.index(r, 0)) for r in range(3)] == [
        "A",
        "Not yet triaged",
        "C",
    ]
    assert "3 survivors waiting" in page.count_label.text()
    assert "Referral to first contact" in page.times_label.text()
    labels = [
        controller.window.navigation.item(i).text()
        for i in range(controller.window.navigation.count())
    ]
    assert labels.index("Waiting list") == labels.index("Caseload") + 1
    click_row(qtbot, page, 0)
    qtbot.waitUntil(page.panel.log_button.isEnabled, timeout=10_000)
    assert missing_accessible_names(page) == []


def test_safe_contact_is_on_screen_before_an_attempt_can_be_logged(
    qtbot: QtBot,
    controller: AppController,
    waiting_vault: tuple[Path, dict[str, str]],
    tmp_path: Path,
) -> None:
    page = open_waiting_list(qtbot, controller)
    panel = page.panel
    assert not panel.log_button.isEnabled()  # nobody chosen yet
    watcher = EnabledWatcher(lambda: (panel.header.isVisible(), panel.header.safe_contact.text()))
    panel.log_button.installEventFilter(watcher)
    click_row(qtbot, page, 1)  # Bo
    assert not panel.log_button.isEnabled()  # still opening: the summary is not shown yet
    qtbot.waitUntil(panel.log_button.isEnabled, timeout=10_000)
    # The moment the button became usable, the safe-contact summary was already on screen.
    assert watcher.seen == [(True, SUMMARY)]
    assert "Bo" in panel.header.title.text()

    click(qtbot, panel.log_button)
    dialog = page.dialog
    assert isinstance(dialog, ContactAttemptDialog)
    assert dialog.safe_contact.text() == SUMMARY
    left = dialog.outcome.buttons["left_message"]
    assert not left.isEnabled()
    assert dialog.message_reason.isVisible() and dialog.message_reason.text() == VOICEMAIL_NOT_SAFE
    click(qtbot, dialog.outcome.buttons["no_answer"])
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: panel.attempts.lines.rowCount() == 1, timeout=10_000)
    assert "No answer" in panel.attempts.texts()[0]
    qtbot.waitUntil(
        lambda: (
            page.model.data(page.model.index(page.model.row_of(waiting_vault[1]["Bo"]), 6)) == "1"
        ),
        timeout=10_000,
    )
    controller.window.resize(1280, 800)
    qtbot.wait(50)
    folder = Path(os.environ.get("SURVIVORAPP_SCREENSHOTS", tmp_path))
    assert controller.window.grab().save(str(folder / "waiting-list.png"))
    session = controller.session
    assert session is not None
    found = controller.operations.call(lambda: session.cases.get(waiting_vault[1]["Bo"]).case)
    assert found.first_contact_attempt_date == TODAY
    assert found.first_contact_date is None


def test_allocation_takes_two_clicks(
    qtbot: QtBot, controller: AppController, waiting_vault: tuple[Path, dict[str, str]]
) -> None:
    page = open_waiting_list(qtbot, controller)
    panel = page.panel
    click_row(qtbot, page, 2)  # Cy, waiting 90 days
    qtbot.waitUntil(panel.allocate_button.isEnabled, timeout=10_000)
    assert [a.text() for a in panel.allocate_menu.actions()] == [
        "jo  (0 open cases)",
        "sam  (1 open case)",
    ]

    click(qtbot, panel.allocate_button)  # click one
    menu: QMenu = panel.allocate_menu
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    sam = menu.actions()[1]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(sam).center())  # two
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert "is allocated to sam and is now active" in panel.message.text()
    session = controller.session
    assert session is not None
    allocated = controller.operations.call(lambda: session.cases.get(waiting_vault[1]["Cy"]).case)
    assert (allocated.status, allocated.allocated_worker, allocated.allocation_date) == (
        "active",
        "sam",
        TODAY,
    )


def test_setting_a_priority_moves_the_survivor_up(
    qtbot: QtBot, controller: AppController, waiting_vault: tuple[Path, dict[str, str]]
) -> None:
    page = open_waiting_list(qtbot, controller)
    panel = page.panel
    click_row(qtbot, page, 2)  # Cy, priority C
    qtbot.waitUntil(panel.priority_button.isEnabled, timeout=10_000)
    click(qtbot, panel.priority_button)
    menu = panel.priority_menu
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    urgent = next(a for a in menu.actions() if a.data() == "a")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(urgent).center())
    # A and 90 days waiting: now first, above Ash (A, 10 days).
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 2)) == "Cy", timeout=10_000)
    qtbot.waitUntil(lambda: "Priority set to A" in panel.message.text(), timeout=10_000)
    assert panel.reference == waiting_vault[1]["Cy"]
