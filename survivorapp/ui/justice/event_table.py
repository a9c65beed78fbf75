"""The events of one justice matter as a table, newest first, corrections shown not hidden."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from survivorapp.domain.justice import JusticeEvent
from survivorapp.domain.justice_events import ENTERED_IN_ERROR
from survivorapp.ui.justice.journey_timeline import outcome_label
from survivorapp.ui.widgets.labels import Labels, format_date

Index = QModelIndex | QPersistentModelIndex
EVENT_COLUMNS = ("Date", "Event", "Details", "Who told us", "Note")


class JusticeEventTableModel(QAbstractTableModel):
    """All events, including those later corrected (struck through and marked "corrected")."""

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._events: list[JusticeEvent] = []
        self._superseded: set[int] = set()

    def set_events(self, events: list[JusticeEvent]) -> None:
        self.beginResetModel()
        self._events = sorted(
            events,
            key=lambda e: (e.event_date, e.recorded_on or e.event_date, e.id or 0),
            reverse=True,
        )
        self._superseded = {e.supersedes for e in events if e.supersedes is not None}
        self.endResetModel()

    def event_at(self, row: int) -> JusticeEvent | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def is_superseded(self, event: JusticeEvent) -> bool:
        return event.id is not None and event.id in self._superseded

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(EVENT_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return EVENT_COLUMNS[section]
        return None

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        event = self.event_at(index.row()) if index.isValid() else None
        if event is None:
            return None
        superseded = self.is_superseded(event)
        if role == Qt.ItemDataRole.FontRole and superseded:
            font = QFont(QApplication.font())
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and superseded:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (1, 2, 4):
            return self.data(index) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.data(index)
            return f"{text}, corrected" if superseded and index.column() == 1 else text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            format_date(event.event_date),
            self._event_text(event),
            self.details(event),
            self._labels.code("informed_by", event.informed_by),
            event.note.replace("\n", " "),
        )
        return values[index.column()]
