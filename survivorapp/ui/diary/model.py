"""The court diary as a flat table: a heading row for each day, then that day's entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from survivorapp.domain.justice_diary import DiaryEntry

Index = QModelIndex | QPersistentModelIndex
DIARY_COLUMNS = ("Day", "Case", "Known as", "Hearing or deadline", "Court", "Still to do")


def day_heading(day: date, today: date) -> str:
    words = day.strftime("%A %d %B").replace(" 0", " ")
    if day == today:
        return f"Today, {words}"
    if (day - today).days == 1:
        return f"Tomorrow, {words}"
    return words


class CourtDiaryTableModel(QAbstractTableModel):
    """Rows are ``date`` (a day heading) or :class:`DiaryEntry`; entries come sorted."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[date | DiaryEntry] = []
        self._today = date.today()

    def set_entries(self, entries: list[DiaryEntry], today: date) -> None:
        self.beginResetModel()
        self._today = today
        self._rows = []
        last: date | None = None
        for entry in sorted(entries, key=lambda e: (e.day, e.case_reference)):
            if entry.day != last:
                self._rows.append(entry.day)
                last = entry.day
            self._rows.append(entry)
        self.endResetModel()

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], date)

    def entry_at(self, row: int) -> DiaryEntry | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, DiaryEntry) else None

    def days(self) -> list[date]:
        return [r for r in self._rows if isinstance(r, date)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DIARY_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return DIARY_COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, date):
            if role == Qt.ItemDataRole.FontRole:
                font = QFont(QApplication.font())
                font.setWeight(QFont.Weight.DemiBold)
                return font
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return day_heading(item, self._today) if index.column() == 0 else ""
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return "\n".join(item.to_do) or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        kind = "Hearing" if item.kind == "hearing" else "Deadline"
        values = (
            item.day.strftime("%a %d %b").replace(" 0", " "),
            item.case_reference,
            item.known_as or "",
            f"{kind}: {item.title}",
            item.court or "",
            "; ".join(item.to_do) if item.to_do else ("Ready" if item.kind == "hearing" else ""),
        )
        return values[index.column()]
