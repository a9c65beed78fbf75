"""The small pieces every part of the Justice journey tab is built from."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton


def action_button(text: str, name: str | None = None) -> QPushButton:
    """A button whose accessible name is its text without the trailing "…" (or ``name``)."""
    button = QPushButton(text)
    button.setAccessibleName(name or text.rstrip("…"))
    return button


def value_label(text: str = "") -> QLabel:
    """A wrapped value that a screen reader reads as its own text."""
    label = QLabel(text, wordWrap=True)
    label.setAccessibleName(text)
    return label
