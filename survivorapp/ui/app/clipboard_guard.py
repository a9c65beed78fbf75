"""Copied case details leave the clipboard after a short while.

Anything copied from survivorapp (a reference, a phone number from the safe-contact line) is
cleared after the organisation's clipboard delay, unless something else has been copied since:
we never wipe what a person copied from another program.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_SECONDS = 30


class ClipboardGuard(QObject):
    def __init__(self, app: QGuiApplication, seconds: int = DEFAULT_SECONDS) -> None:
        super().__init__()
        self._clipboard = app.clipboard()
        self._app = app
        self._copied: str | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.clear_now)
        self.set_seconds(seconds)
        self._clipboard.dataChanged.connect(self._on_clipboard_changed)
        self._watching = True

    def set_seconds(self, seconds: int) -> None:
        self._timer.setInterval(max(1, seconds) * 1000)

    def _on_clipboard_changed(self) -> None:
        # Only text copied while one of our windows has focus is ours to clear.
        if self._app.focusWindow() is None:
            self._copied = None
            self._timer.stop()
            return
        self._copied = self._clipboard.text(QClipboard.Mode.Clipboard)
        if self._copied:
            self._timer.start()

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds what was copied from survivorapp."""
        self._timer.stop()
        if self._copied and self._clipboard.text(QClipboard.Mode.Clipboard) == self._copied:
            self._clipboard.clear(QClipboard.Mode.Clipboard)
        self._copied = None

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        """Stop watching (safe to call more than once)."""
        self._timer.stop()
        if self._watching:
            self._clipboard.dataChanged.disconnect(self._on_clipboard_changed)
            self._watching = False
