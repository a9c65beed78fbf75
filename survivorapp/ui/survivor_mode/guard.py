"""Keeps survivor mode the only thing reachable while it runs.

An application-wide event filter swallows every key chord that could reach the rest of the
app (Ctrl/Alt/Meta combinations such as Ctrl+L or Alt+F4, function keys such as the F12
privacy curtain, Escape) before Qt's shortcut map sees it. Plain keys go through, so the
survivor can still Tab, press Enter or Space, choose with 1..9 and type an answer. Ctrl+plus
and Ctrl+minus are kept for text size. When the window loses activation (Alt+Tab, a click on
another window) it raises and activates itself again.

The operating system's own secure keys (Ctrl+Alt+Del, switching virtual terminals) cannot be
caught by any application; leaving still needs the worker's passphrase, and no record is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
CHORD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
BLOCKED_KEYS = {
    Qt.Key.Key_Escape,
    Qt.Key.Key_Menu,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Print,
    Qt.Key.Key_Help,
    *(Qt.Key(Qt.Key.Key_F1.value + i) for i in range(35)),
}
TEXT_BIGGER = {Qt.Key.Key_Plus, Qt.Key.Key_Equal}
TEXT_SMALLER = {Qt.Key.Key_Minus, Qt.Key.Key_Underscore}


def is_blocked(event: QKeyEvent) -> bool:
    if event.key() in BLOCKED_KEYS:
        return True
    mods = event.modifiers() & CHORD_MODIFIERS
    if not mods:
        return False
    # AltGr arrives as Ctrl+Alt on some systems and types letters such as @ or €.
    altgr = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    text = event.text()
    return not (mods == altgr and text and text.isprintable())


class SurvivorModeGuard(QObject):
    def __init__(
        self,
        app: QApplication,
        window: QWidget,
        *,
        on_text_size: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._app = app
        self._window = window
        self._on_text_size = on_text_size
        self._active = False
        self._refocus = QTimer(self, singleShot=True, interval=150)
        self._refocus.timeout.connect(self._bring_back)

    def start(self) -> None:
        if self._active:
            return
        self._active = True
        self._app.installEventFilter(self)
        self._app.focusWindowChanged.connect(self._on_focus_window_changed)
        self._app.applicationStateChanged.connect(self._on_application_state_changed)

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        self._refocus.stop()
        self._app.removeEventFilter(self)
        self._app.focusWindowChanged.disconnect(self._on_focus_window_changed)
        self._app.applicationStateChanged.disconnect(self._on_application_state_changed)

    @property
    def active(self) -> bool:
        return self._active

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in KEY_EVENTS and isinstance(event, QKeyEvent):
            if not is_blocked(event):
                return False
            mods = event.modifiers() & CHORD_MODIFIERS
            if (
                kind == QEvent.Type.KeyPress
                and mods == Qt.KeyboardModifier.ControlModifier
                and self._on_text_size is not None
            ):
                if event.key() in TEXT_BIGGER:
                    self._on_text_size(+1)
                elif event.key() in TEXT_SMALLER:
                    self._on_text_size(-1)
            event.accept()  # an accepted ShortcutOverride stops Qt's shortcut map
            return True
        return kind == QEvent.Type.Shortcut

    def _on_focus_window_changed(self, window: QWindow | None) -> None:
        handle = self._window.windowHandle()
        if window is None or window is not handle:
            self._refocus.start()

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self._refocus.start()

    def _bring_back(self) -> None:
        if not self._active or not self._window.isVisible():
            return
        self._window.raise_()
        self._window.activateWindow()
