"""A new recovery key (after the data key was changed), shown once exactly as at creation.

The same page as the first-run wizard's: the eight groups in large type, Print, and two groups
typed back to show it was written down. Finishing needs that check, and the dialog cannot be
closed before it: the key is not kept anywhere, so closing early would lose it for good.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from survivorapp.ui.unlock.first_run_common import KEY_GROUPS
from survivorapp.ui.unlock.recovery_key_page import RecoveryPage, print_recovery_key


class NewRecoveryKeyDialog(QDialog):
    """Shows ``key`` once; :attr:`finish_button` is enabled when two groups were typed back."""

    def __init__(
        self,
        key: str,
        note: str = "",
        parent: QWidget | None = None,
        *,
        print_key: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your new recovery key"))
        self.setModal(True)
        groups = sorted(random.SystemRandom().sample(range(1, KEY_GROUPS + 1), 2))
        self.page = RecoveryPage(print_key or self._print_key, (groups[0], groups[1]))
        self.page.setTitle("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.note = QLabel(note, wordWrap=True)
        self.note.setProperty("role", "message")
        self.note.setContentsMargins(9, 0, 9, 0)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        layout.addWidget(self.page)
        buttons = QDialogButtonBox()
        self.finish_button = QPushButton(self.tr("Finish"))
        self.finish_button.setAccessibleName(self.tr("Finish: I have the new recovery key"))
        self.finish_button.setDefault(True)
        buttons.addButton(self.finish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.finish_button.clicked.connect(self.accept)
        layout.addWidget(buttons)
        for edit in (self.page.first_edit, self.page.second_edit):
            edit.textChanged.connect(self._refresh)
        self.page.set_key(key)
        self._refresh()

    def _refresh(self) -> None:
        self.finish_button.setEnabled(self.page.ready())

    def accept(self) -> None:
        if not self.page.ready():
            return
        self.page.forget_key()
        super().accept()

    def reject(self) -> None:
        """Escape and the window's close button do nothing until the key was checked."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)

    def _print_key(self, key: str) -> None:
        print_recovery_key(key, self)
