"""Copied case details are cleared from the clipboard after the delay; other copies are not."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from survivorapp.ui.app.clipboard_guard import ClipboardGuard


def focused_window(qtbot) -> QLineEdit:  # type: ignore[no-untyped-def]
    edit = QLineEdit("C-000123")
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is not None, timeout=5_000)
    return edit


def test_text_copied_from_the_app_is_cleared_after_the_delay(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(qapp, seconds=1)
    try:
        edit = focused_window(qtbot)
        edit.selectAll()
        edit.copy()
        assert qapp.clipboard().text() == "C-000123"
        assert guard.pending
        qtbot.waitUntil(lambda: qapp.clipboard().text() == "", timeout=5_000)
    finally:
        guard.stop()


def test_something_copied_since_is_left_alone(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(qapp, seconds=60)
    try:
        edit = focused_window(qtbot)
        edit.selectAll()
        edit.copy()
        assert guard.pending
        guard._copied = "C-000123"
        qapp.clipboard().blockSignals(True)
        qapp.clipboard().setText("a shopping list from another program")
        qapp.clipboard().blockSignals(False)
        guard.clear_now()
        assert qapp.clipboard().text() == "a shopping list from another program"
    finally:
        guard.stop()
