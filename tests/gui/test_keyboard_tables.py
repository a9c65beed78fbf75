"""Tab leaves every table in the app, on every page and every case tab, the way a keyboard user
moves through a screen (a table that walks its cells on Tab traps them there)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from pytestqt.qtbot import QtBot

from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from tests.gui.test_app_flow import make_controller, unlocked
from tests.gui.test_caseload_gui import one_case  # noqa: F401 (a fixture)

PAGES = ("today", "caseload", "waiting", "court", "referrals", "feedback", "returns", "admin")


@pytest.fixture
def controller(
    qapp: QApplication,
    access: VaultAccess,
    one_case: tuple[Path, str],  # noqa: F811
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, one_case[0])
    yield ctl
    ctl.shutdown()


def shown_tables(root: QWidget) -> list[QTableView]:
    return [t for t in root.findChildren(QTableView) if t.isVisible()]


def tab_leaves(qtbot: QtBot, table: QTableView) -> bool:
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    return not table.hasFocus()


def test_tab_leaves_every_table_on_every_page_and_case_tab(
    qtbot: QtBot,
    controller: AppController,
    one_case: tuple[Path, str],  # noqa: F811
) -> None:
    unlocked(qtbot, controller)
    window = controller.window
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    checked: list[str] = []
    for key in PAGES:
        window.show_page(key)
        page = window.page(key)
        assert page is not None
        qtbot.wait(200)  # the page loads what it shows
        for table in shown_tables(page):
            assert tab_leaves(qtbot, table), f"Tab stays in {table.accessibleName()!r} on {key}"
            checked.append(table.accessibleName())
    controller.open_case(one_case[1])
    case_view = controller.case_view
    assert case_view is not None
    qtbot.waitUntil(case_view.tabs.isVisible, timeout=10_000)
    for index in range(case_view.tabs.count()):
        case_view.tabs.setCurrentIndex(index)
        qtbot.wait(200)
        for table in shown_tables(case_view.tabs.currentWidget()):
            name = table.accessibleName()
            assert tab_leaves(qtbot, table), f"Tab stays in {name!r} on the case"
            checked.append(name)
    assert len(checked) >= 8, checked  # the walk really met the app's tables
