"""A short dialog the person opened themselves: a heading, a few fields, one message, two buttons.

The dialog only collects input. It validates what it built with the domain before emitting it
(:meth:`SmallDialog.emit_if_valid`); its owner runs the work on the vault thread and either closes
it (:meth:`SmallDialog.accept`) or shows what went wrong inside it (:meth:`show_problems`), so a
mistake never costs what was typed and never raises a second window.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.problems import Problem
from survivorapp.ui.widgets.fields import problems_text
from survivorapp.ui.widgets.theme import heading_font


def muted(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("role", "muted")
    return label


def dialog_column(dialog: QDialog, title: str, min_chars: int) -> QVBoxLayout:
    """A modal dialog's column, opening with its title as a heading ``min_chars`` wide."""
    dialog.setWindowTitle(title)
    dialog.setModal(True)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 20, 24, 16)
    layout.setSpacing(12)
    heading = QLabel(title, wordWrap=True)
    heading.setFont(heading_font(dialog, 1.25))
    # On a child, not the dialog: a dialog's own minimum size would stop its layout
    # growing it when a message or hint appears.
    heading.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * min_chars)
    layout.addWidget(heading)
    return layout


def submit_buttons(
    action: str, cancel: str, cancel_name: str
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The primary button, named for what it does and pressed by Enter, and Cancel (its
    accessible name says what cancelling does): (the box, submit, cancel). The caller
    connects them."""
    buttons = QDialogButtonBox()
    submit = QPushButton(action)
    submit.setProperty("primary", True)
    submit.setAccessibleName(action)
    submit.setDefault(True)
    cancel_button = QPushButton(cancel)
    cancel_button.setAccessibleName(cancel_name)
    buttons.addButton(submit, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
    return buttons, submit, cancel_button


class SmallDialog(QDialog):
    """Subclasses fill :attr:`form` and emit :attr:`submitted` from :meth:`submit`."""

    submitted = Signal()

    def __init__(self, title: str, intro: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = dialog_column(self, title, 72)
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
        buttons, self.submit_button, self.cancel_button = submit_buttons(
            action, self.tr("Cancel"), self.tr("Cancel")
        )
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

    def text_box(self, name: str, text: str = "") -> QPlainTextEdit:
        """A few lines of text (a note, bail conditions) that Tab moves out of."""
        box = QPlainTextEdit(text)
        box.setAccessibleName(name)
        box.setTabChangesFocus(True)
        box.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        return box

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        self.show_message(problems_text(problems))

    def emit_if_valid(
        self, problems: Sequence[Problem], ready: SignalInstance, *values: object
    ) -> None:
        """Emit ``values`` on ``ready`` when nothing is wrong; otherwise say what is."""
        if problems:
            self.show_problems(problems)
            return
        ready.emit(*values)

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
