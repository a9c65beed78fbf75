"""The waiting list as a table: priority, who, how long they have waited, what we have tried.

Rows come already ordered by the service (A first, then the longest wait), so the table keeps
that order and offers no column sorting that could hide an urgent case at the bottom. The
list is the service's open waiting list (a few thousand rows at the largest), held whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from survivorapp.domain.waiting_list import PRIORITY_VOCABULARY, WaitingListRow
from survivorapp.ui.widgets.labels import Labels, format_date

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    ("priority", "Priority"),
    ("case", "Case"),
    ("known_as", "Known as"),
    ("referred", "Referred"),
    ("waiting", "Waiting"),
    ("service_line", "Service"),
    ("attempts", "Attempts"),
    ("last_attempt", "Last attempt"),
)


def short_priority(labels: Labels, code: str) -> str:
    """ "A", "B", "C" or "Not yet triaged": the label up to its colon."""
    return labels.code(PRIORITY_VOCABULARY, code).split(":", 1)[0]


class WaitingListTableModel(QAbstractTableModel):
    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._rows: list[WaitingListRow] = []

    def set_rows(self, rows: Sequence[WaitingListRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> WaitingListRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_reference: str) -> int:
        for index, row in enumerate(self._rows):
            if row.case_reference == case_reference:
                return index
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None or not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.case_reference
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.ToolTipRole and key == "priority":
            vocabulary = self._labels.vocabularies[PRIORITY_VOCABULARY]
            if vocabulary.contains(row.priority):
                code = next(c for c in vocabulary if c.code == row.priority)
                return f"{code.label}. {code.help or ''}".strip()
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(row, key)

    def _text(self, row: WaitingListRow, key: str) -> str:
        labels = self._labels
        if key == "priority":
            return short_priority(labels, row.priority)
        if key == "case":
            return row.case_reference
        if key == "known_as":
            return row.known_as or ""
        if key == "referred":
            return format_date(row.referral_date)
        if key == "waiting":
            return f"{row.days_waiting:,} day{'' if row.days_waiting == 1 else 's'}"
        if key == "service_line":
            return labels.code("service_line", row.service_line).split(" (", 1)[0]
        if key == "attempts":
            return str(row.attempt_count) if row.attempt_count else "None yet"
        if key == "last_attempt" and row.last_attempt_on is not None:
            outcome = labels.code("contact_attempt_outcome", row.last_outcome)
            return f"{format_date(row.last_attempt_on)} · {outcome}"
        return ""
