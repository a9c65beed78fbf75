"""One card of the Admin page: a heading, a sentence saying what it is for, its content.

The cards share this frame (and the message line of ``ui/widgets/cards.py``), so the page reads
the same throughout.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from survivorapp.ui.widgets.small_dialog import muted
from survivorapp.ui.widgets.theme import heading_font


class Card(QFrame):
    """A section of the Admin page; subclasses add their content to :attr:`layout_`."""

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 18)
        self.layout_.setSpacing(10)
        heading = QLabel(title)
        heading.setFont(heading_font(self, 1.15))
        self.layout_.addWidget(heading)
        self.intro: QLabel | None = None
        if intro:
            self.intro = muted(intro)
            self.layout_.addWidget(self.intro)

    def add_buttons(self, *buttons: QPushButton) -> QHBoxLayout:
        """A row of buttons, left-aligned, under what the card has so far."""
        row = QHBoxLayout()
        row.setSpacing(8)
        for each in buttons:
            row.addWidget(each)
        row.addStretch(1)
        self.layout_.addLayout(row)
        return row
