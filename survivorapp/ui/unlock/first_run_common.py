"""What the first-run wizard's pages share: the answers, the step ids and the page base class."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.page_layout import page_heading

KEY_GROUPS = 8
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def normalise_key_text(text: str) -> str:
    """As the vault reads a recovery key: case, spaces, dashes and O/I/L/U look-alikes forgiven."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)


@dataclass(frozen=True)
class FirstRunAnswers:
    folder: Path
    organisation: str
    user: str
    display_name: str
    passphrase: str = field(repr=False)
    device_binding: bool


class FirstRunStep(IntEnum):
    """The wizard's pages, in order (also their QWizard page ids)."""

    FOLDER = 0
    ORGANISATION = 1
    ADMIN = 2
    DEVICE = 3
    CREATING = 4
    RECOVERY = 5


def plain_label(text: str, *, role: str | None = None) -> QLabel:
    label = QLabel(text, wordWrap=True)
    if role is not None:
        label.setProperty("role", role)
    return label


def with_help(field: QWidget, help_label: QLabel) -> QWidget:
    """A field with its helper text just beneath it, as one row of a form."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(3)
    column.addWidget(field)
    column.addWidget(help_label)
    return box


class StepPage(QWizardPage):
    """A page with a calm heading, an introduction and a place for one message.

    Whether Next is enabled is held in a hidden mandatory field that :meth:`refresh` ticks,
    rather than by overriding ``isComplete`` and emitting ``completeChanged`` from Python:
    every Python-side ``emit()`` in PySide6 6.12 on Python 3.11 drops a reference to ``True``
    (a refcount bug that aborts the interpreter after a few hundred keystrokes).
    """

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self._ready = QCheckBox(self)
        self._ready.setVisible(False)
        self._ready.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._ready.setAccessibleName(self.tr("Page complete"))
        self.registerField(f"{type(self).__name__}_ready*", self._ready)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.step_label = plain_label("", role="muted")
        self.step_label.setVisible(False)
        self.layout_.addWidget(self.step_label)
        heading = page_heading(self, title)
        heading.setWordWrap(True)
        heading.setAccessibleName(title)
        self.layout_.addWidget(heading)
        if intro:
            self.layout_.addWidget(plain_label(intro))
        self.layout_.addSpacing(4)
        self.message = message_label(self.tr("Message"))
        self.setAccessibleName(title)

    def ready(self) -> bool:
        """Whether this page is answered well enough to go on."""
        return True

    def refresh(self) -> None:
        self._ready.setChecked(self.ready())

    def cleanupPage(self) -> None:
        """Going back keeps what was typed here (QWizard would reset the page's fields)."""

    def show_message(self, text: str) -> None:
        say(self.message, text)

    def clear_message(self) -> None:
        self.show_message("")
