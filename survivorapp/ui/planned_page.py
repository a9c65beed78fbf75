"""A page whose work lands in a later release: it says what it will hold, never a blank frame."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from survivorapp.ui.theme import heading_font


class PlannedPage(QWidget):
    def __init__(self, title: str, purpose: str, items: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        heading = QLabel(title)
        heading.setFont(heading_font(self, 1.4))
        layout.addWidget(heading)
        intro = QLabel(purpose, wordWrap=True)
        layout.addWidget(intro)
        listing = QLabel("\n".join(f"•  {item}" for item in items), wordWrap=True)
        listing.setProperty("role", "muted")
        layout.addWidget(listing)
        note = QLabel(self.tr("This page is being built and is not available in this version yet."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setAccessibleName(title)
