"""The events of one justice matter as a table, newest first, corrections shown not hidden."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from survivorapp.domain.justice.events import ENTERED_IN_ERROR
from survivorapp.domain.justice.records import JusticeEvent
from survivorapp.ui.justice.journey_text import outcome_label
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.table_kit import Index, ListTableModel

EVENT_COLUMNS = ("Date", "Event", "Details", "Who told us", "Note")
EVENT_COLUMN = EVENT_COLUMNS.index("Event")
TOOLTIP_COLUMNS = frozenset({EVENT_COLUMN, EVENT_COLUMNS.index("Details"), len(EVENT_COLUMNS) - 1})
"""Columns whose text can be longer than the cell: their tooltip repeats it in full."""


class JusticeEventTableModel(ListTableModel[JusticeEvent]):
    """All events, including those later corrected (struck through and marked "corrected")."""

    COLUMNS = EVENT_COLUMNS

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._superseded: set[int] = set()

    def set_events(self, events: Sequence[JusticeEvent]) -> None:
        self._superseded = {e.supersedes for e in events if e.supersedes is not None}
        self.set_items(
            sorted(
                events,
                key=lambda e: (e.event_date, e.recorded_on or e.event_date, e.id or 0),
                reverse=True,
            )
        )

    def event_at(self, row: int) -> JusticeEvent | None:
        return self.item_at(row)

    def is_superseded(self, event: JusticeEvent) -> bool:
        return event.id is not None and event.id in self._superseded

    def details(self, event: JusticeEvent) -> str:
        lab = self._labels
        parts: list[str] = []
        if event.outcome_code:
            parts.append(outcome_label(lab, event.outcome_code))
        if event.defendant:
            parts.append(event.defendant + (f", count {event.count}" if event.count else ""))
        if event.hearing_date:
            parts.append(f"for {format_date(event.hearing_date)}")
        if event.court:
            parts.append(event.court)
        if event.reason:
            parts.append(lab.code("trial_change_reason", event.reason))
        return "; ".join(parts)

    def _event_text(self, event: JusticeEvent) -> str:
        if event.event_type == ENTERED_IN_ERROR:
            return "Earlier entry recorded in error"
        text = self._labels.code("cjs_event_type", event.event_type)
        if self.is_superseded(event):
            text += " (corrected)"
        elif event.supersedes is not None:
            text += " (correction)"
        return text

    def cells(self, item: JusticeEvent) -> tuple[str, ...]:
        return (
            format_date(item.event_date),
            self._event_text(item),
            self.details(item),
            self._labels.code("informed_by", item.informed_by),
            item.note.replace("\n", " "),
        )

    def tooltip(self, item: JusticeEvent, column: int) -> str | None:
        return (self.cells(item)[column] or None) if column in TOOLTIP_COLUMNS else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A corrected event is struck through and muted, and a screen reader hears why."""
        event = self.item_at(index.row()) if index.isValid() else None
        if event is None or not self.is_superseded(event):
            return super().data(index, role)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        text = super().data(index, role)
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == EVENT_COLUMN:
            return f"{text}, corrected"
        return text
