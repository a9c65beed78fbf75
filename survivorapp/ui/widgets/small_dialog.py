"""A short dialog the person opened themselves: a heading, a few fields, one message, two buttons.

The dialog only collects input. Its owner runs the work on the vault thread and either closes
it (:meth:`SmallDialog.accept`) or shows what went wrong inside it (:meth:`show_message`), so a
mistake never costs what was typed and never raises a second window.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.ui.widgets.theme import heading_font


def muted(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("role", "muted")
    return label


class SmallDialog(QDialog):
    """Subclasses fill :attr:`form` and emit :attr:`submitted` from :meth:`submit`."""

    submitted = Signal()

    def __init__(self, title: str, intro: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel(title, wordWrap=True)
        heading.setFont(heading_font(self, 1.25))
        # On a child, not the dialog: a dialog's own minimum size would stop its layout
        # growing it when a message or hint appears.
        heading.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        layout.addWidget(heading)
        if intro:
            self.intro = muted(intro)
            layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.form.setHorizontalSpacing(14)
        layout.addLayout(self.form)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.submit_button = QPushButton(action)
        self.submit_button.setProperty("primary", True)
        self.submit_button.setAccessibleName(action)
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.adjustSize()  # wrapped help text gets its full height for the dialog's width

    def submit(self) -> None:
        if self.submit_button.isEnabled():
            self.show_message("")
            self.submitted.emit()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
