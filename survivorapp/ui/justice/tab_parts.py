"""What the parts of the Justice journey tab are built from: the state each keeps, a button
and a value label."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.ui.justice.dialog_slot import DialogSlot
from survivorapp.ui.widgets.labels import Labels


class MatterPart:
    """Mixed into each part (header, event actions, side panel) after its Qt class: the words
    for codes, the tab's one dialog slot, and the matter it shows with the day it is shown for
    (dialogs date new records from it)."""

    _labels: Labels
    _slot: DialogSlot
    _record: MatterRecord | None
    _today: date

    def _join_tab(self, labels: Labels, slot: DialogSlot) -> None:
        self._labels, self._slot = labels, slot
        self._showing(None, date.today())

    def _showing(self, record: MatterRecord | None, today: date) -> None:
        self._record, self._today = record, today


def value_label(text: str = "") -> QLabel:
    """A wrapped value that a screen reader reads as its own text."""
    label = QLabel(text, wordWrap=True)
    label.setAccessibleName(text)
    return label
