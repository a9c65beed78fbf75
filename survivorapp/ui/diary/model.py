"""The court diary as a flat table: a heading row for each day, then that day's entries.

The diary is a short list (a few weeks of hearings and deadlines), held whole in the table
kit's list model. It keeps its day-by-day order: sorting by a column would tear the entries
away from their day headings, so the table offers none.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.ui.widgets.table_kit import Index, ListTableModel

DIARY_COLUMNS = ("Day", "Case", "Known as", "Hearing or deadline", "Court", "Still to do")
TO_DO = DIARY_COLUMNS.index("Still to do")
DiaryRow = date | DiaryEntry
"""A day's heading, or one hearing or deadline on it."""


def day_heading(day: date, today: date) -> str:
    words = day.strftime("%A %d %B").replace(" 0", " ")
    if day == today:
        return f"Today, {words}"
    if (day - today).days == 1:
        return f"Tomorrow, {words}"
    return words


class CourtDiaryTableModel(ListTableModel[DiaryRow]):
    """Rows are ``date`` (a day heading) or :class:`DiaryEntry`, by day then case."""

    COLUMNS = DIARY_COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._today = date.today()

    def set_entries(self, entries: list[DiaryEntry], today: date) -> None:
        self._today = today
        rows: list[DiaryRow] = []
        last: date | None = None
        for entry in sorted(entries, key=lambda e: (e.day, e.case_reference)):
            if entry.day != last:
                rows.append(entry.day)
                last = entry.day
            rows.append(entry)
        self.set_items(rows)

    def is_heading(self, row: int) -> bool:
        return isinstance(self.item_at(row), date)

    def entry_at(self, row: int) -> DiaryEntry | None:
        item = self.item_at(row)
        return item if isinstance(item, DiaryEntry) else None

    def days(self) -> list[date]:
        return [r for r in self.items() if isinstance(r, date)]

    def cells(self, item: DiaryRow) -> tuple[str, ...]:
        if not isinstance(item, DiaryEntry):
            return (day_heading(item, self._today),) + ("",) * (len(DIARY_COLUMNS) - 1)
        kind = "Hearing" if item.kind == "hearing" else "Deadline"
        return (
            item.day.strftime("%a %d %b").replace(" 0", " "),
            item.case_reference,
            item.known_as or "",
            f"{kind}: {item.title}",
            item.court or "",
            "; ".join(item.to_do) if item.to_do else ("Ready" if item.kind == "hearing" else ""),
        )

    def tooltip(self, item: DiaryRow, column: int) -> str | None:
        """Each preparation still to do on its own line."""
        if isinstance(item, DiaryEntry) and column == TO_DO:
            return "\n".join(item.to_do) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Never: the entries stay under their day's heading."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            if not (index.isValid() and self.is_heading(index.row())):
                return None
            font = QFont(QApplication.font())
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return super().data(index, role)
