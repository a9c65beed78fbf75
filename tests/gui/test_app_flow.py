"""The desktop app driven as a person would: unlock, find a case, log a session, lock, unlock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from survivorapp.domain.case import Case
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

SECRET_NAME = "Zanzibarina Quillfeather"


@pytest.fixture
def case_vault(vault_dir: Path, access: VaultAccess) -> tuple[Path, str]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        case = session.cases.open_new_case(
            Survivor(reference="", name=SECRET_NAME, known_as="Zan"),
            Case(
                reference="",
                survivor_reference="",
                referral_date=dt.date(2026, 3, 2),
                service_line="isva",
                status="waiting",
                referral_source="self",
            ),
        )
        session.cases.allocate(case.reference, ADMIN)
        session.cases.set_safe_contact(
            case.reference,
            SafeContact(
                survivor_reference=case.survivor_reference,
                channels=(ChannelPreference("phone", "safe", "9-12 weekdays"),),
                never_contact_via=("post",),
            ),
        )
    return vault_dir, case.reference


def make_controller(
    qapp: QApplication, access: VaultAccess, folder: Path, **kwargs: object
) -> AppController:
    controller = AppController(qapp, access, folder, **kwargs)  # type: ignore[arg-type]
    controller.start()
    return controller


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, case_vault: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, case_vault[0])
    yield ctl
    ctl.shutdown()


def unlock(qtbot, ctl: AppController, passphrase: str = ADMIN_PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    page = ctl.unlock_page
    page.user_edit.clear()
    qtbot.keyClicks(page.user_edit, ADMIN)
    page.passphrase_edit.clear()
    qtbot.keyClicks(page.passphrase_edit, passphrase)
    qtbot.keyClick(page.passphrase_edit, Qt.Key.Key_Return)


def unlocked(qtbot, ctl: AppController) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, ctl)
    qtbot.waitUntil(lambda: ctl.window.workspace_visible, timeout=10_000)
    caseload = ctl.caseload_page
    assert caseload is not None
    qtbot.waitUntil(lambda: caseload.model.rowCount() > 0, timeout=10_000)


def open_first_case(qtbot, ctl: AppController) -> None:  # type: ignore[no-untyped-def]
    caseload = ctl.caseload_page
    assert caseload is not None
    index = caseload.model.index(0, 0)
    qtbot.waitUntil(lambda: caseload.model.row_at(0) is not None, timeout=10_000)  # paged in
    caseload.table.setCurrentIndex(index)
    caseload.table.activated.emit(index)
    assert ctl.case_view is not None
    qtbot.waitUntil(lambda: ctl.case_view.tabs.isVisible(), timeout=10_000)


def press(qtbot, ctl: AppController, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key press with the main window in front, as when a person is using it.

    (The offscreen platform has no window manager to hand focus back after a dialog closes.)
    """
    ctl.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ctl.window, timeout=5_000)
    qtbot.keyClick(ctl.window, key, modifier)


def visible_text(root: QWidget) -> str:
    parts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            parts.append(widget.text())
    return "\n".join(parts)


def test_wrong_passphrase_says_so_and_shows_no_records(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, controller, "not the passphrase at all")
    qtbot.waitUntil(lambda: controller.unlock_page.message.isVisible(), timeout=10_000)
    assert "not recognised" in controller.unlock_page.message.text()
    assert not controller.window.workspace_visible
    assert controller.unlock_page.passphrase_edit.text() == ""


def test_log_a_session_lock_and_unlock_again(
    qtbot, controller: AppController, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    assert "Phone: safe 9-12 weekdays" in view.header.safe_contact.text()
    assert SECRET_NAME not in controller.window.windowTitle()

    view.sessions_tab.log_button.click()
    qtbot.waitUntil(lambda: view.editor is not None, timeout=10_000)
    editor = view.editor
    assert editor is not None
    qtbot.keyClicks(editor.note, "Talked about the pre-trial visit")
    editor.duration.setValue(50)
    editor.save_button.click()
    qtbot.waitUntil(lambda: view.sessions_tab.model.rowCount() == 1, timeout=10_000)

    press(qtbot, controller, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not controller.window.workspace_visible, timeout=10_000)
    assert controller.session is None
    assert SECRET_NAME not in visible_text(controller.window)

    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    sessions = controller.case_view.sessions_tab.model  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: sessions.rowCount() == 1, timeout=10_000)
    session = sessions.session_at(0)
    assert session is not None
    assert session.note == "Talked about the pre-trial visit"
    assert session.duration_minutes == 50


def test_auto_lock_keeps_the_draft(
    qtbot, qapp: QApplication, access: VaultAccess, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    folder, reference = case_vault
    ctl = make_controller(qapp, access, folder, auto_lock_minutes=0.02)  # 1.2 s
    try:
        unlocked(qtbot, ctl)
        open_first_case(qtbot, ctl)
        view = ctl.case_view
        assert view is not None
        view.sessions_tab.log_button.click()
        qtbot.waitUntil(lambda: view.editor is not None, timeout=10_000)
        editor = view.editor
        assert editor is not None
        editor.note.setPlainText("Half-written note about safety planning")
        # No more input: the idle timer locks the app.
        qtbot.waitUntil(lambda: not ctl.window.workspace_visible, timeout=15_000)
        qtbot.waitUntil(lambda: not ctl.operations.is_busy, timeout=10_000)
    finally:
        ctl.shutdown()
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        drafts = session.drafts.for_case(reference)
    assert len(drafts) == 1
    assert "Half-written note about safety planning" in drafts[0].text


def test_recovered_draft_is_offered_back(
    qtbot, controller: AppController, access: VaultAccess, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    folder, reference = case_vault
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        session.drafts.save(
            f"session:{reference}:new", reference, '{"note": "Typed before the crash"}'
        )
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    assert "unsaved session note" in view.loading.text()
    view.sessions_tab.log_button.click()
    qtbot.waitUntil(lambda: view.editor is not None, timeout=10_000)
    assert view.editor.note.toPlainText() == "Typed before the crash"  # type: ignore[union-attr]
    assert view.editor.recovered.isVisibleTo(view.editor)  # type: ignore[union-attr]


def test_privacy_curtain_hides_every_record(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    assert "Zan" in visible_text(controller.window)
    press(qtbot, controller, Qt.Key.Key_F12)
    assert controller.window.curtain_down
    shown = visible_text(controller.window)
    assert "Zan" not in shown and SECRET_NAME not in shown and "C-0" not in shown
    press(qtbot, controller, Qt.Key.Key_F12)
    assert not controller.window.curtain_down
    assert controller.session is not None  # the curtain never locks


INTERACTIVE = (
    QLineEdit,
    QComboBox,
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTabBar,
)


COMPOSITES = (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractItemView)


def ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def missing_accessible_names(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE):
            continue
        if any(isinstance(a, COMPOSITES) for a in ancestors(widget)):
            continue  # Qt's own parts of a composite widget; the composite carries the name
        parent = widget.parentWidget()
        if isinstance(widget, QTabBar) or isinstance(parent, QTabBar):
            continue  # tab bars take their names from the tab titles
        if not widget.accessibleName().strip():
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {text!r}")
    return missing


def test_every_interactive_widget_has_an_accessible_name(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    assert missing_accessible_names(controller.unlock_page) == []
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    for key in ("today", "caseload", "court", "referrals", "feedback", "returns", "admin"):
        page = controller.window.page(key)
        assert page is not None
        assert missing_accessible_names(page) == [], key
    assert controller.case_view is not None
    assert missing_accessible_names(controller.case_view) == []
    assert missing_accessible_names(controller.window.workspace) == []


def test_a_one_letter_search_keeps_the_list_and_says_why(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    caseload = controller.caseload_page
    assert caseload is not None
    caseload.status_combo.setCurrentIndex(caseload.status_combo.findData(""))  # any status
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 1, timeout=10_000)
    qtbot.keyClicks(caseload.search_edit, "Z")
    qtbot.waitUntil(lambda: "two letters" in caseload.count_label.text(), timeout=10_000)
    assert caseload.model.rowCount() == 1
    qtbot.keyClicks(caseload.search_edit, "a")  # "Za": now a real search
    qtbot.waitUntil(lambda: caseload.count_label.text() == "1 case", timeout=10_000)
    qtbot.keyClicks(caseload.search_edit, "q")  # "Zaq": matches nobody
    qtbot.waitUntil(lambda: caseload.model.rowCount() == 0, timeout=10_000)
    assert "No cases match" in caseload.count_label.text()


def test_the_organisations_word_for_survivor_is_used_throughout(
    qtbot, controller: AppController
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    session = controller.session
    assert session is not None
    controller.operations.call(lambda: session.settings.set("terminology", "client"))
    controller.apply_settings({"terminology": "client"})  # as the Admin page does on saving
    rebuilt = controller.caseload_page
    assert rebuilt is not None
    qtbot.waitUntil(lambda: rebuilt.model.rowCount() > 0, timeout=10_000)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    qtbot.waitUntil(lambda: "About the client" in visible_text(view), timeout=10_000)
    assert "About the survivor" not in visible_text(view)
    # the next start on this computer already speaks the same language
    assert controller.preferences.remembered("terminology") == "client"


def test_locking_does_not_start_loading_the_pages_behind_the_shown_one(
    qtbot, controller: AppController
) -> None:  # type: ignore[no-untyped-def]
    """Taking the workspace down must not show (and so load) each page in turn: the Returns
    page would start counting a whole year just as the vault closes."""
    unlocked(qtbot, controller)
    window = controller.window
    pages = {entry.key: entry.page for entry in window._entries}
    assert len(pages) > 3, pages.keys()
    shown: list[str] = []
    for key, page in pages.items():
        page.installEventFilter(_ShowSpy(key, shown, page))
    controller.lock()
    assert shown == []


class _ShowSpy(QObject):
    def __init__(self, key: str, shown: list[str], parent: QObject) -> None:
        super().__init__(parent)
        self.key, self.shown = key, shown

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.shown.append(self.key)
        return False
