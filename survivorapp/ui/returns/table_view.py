"""The return's tables exactly as they will leave: one read-only table per return table.

Cells are the text disclosure control made on the vault thread (the same text the CSV and
workbook get), so the preview cannot drift from the export. A suppressed cell, ``[c]``, is
shown in italics on a soft background, with a tooltip saying why it is hidden: calm, not
alarming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from survivorapp.services.return_views import SUPPRESSED, PublishedTable, ReturnPreview
from survivorapp.ui.widgets.table_kit import ListTableModel, make_table
from survivorapp.ui.widgets.theme import heading_font

Index = QModelIndex | QPersistentModelIndex
TOTAL_LABEL = "Total"
SUPPRESSED_TIP = (
    "Hidden to protect privacy: the number is small, or could be worked out from other cells."
)


@dataclass(frozen=True)
class PreviewRow:
    """One line of a published table: its label, its cells' text, whether it is the total."""

    label: str
    cells: tuple[str, ...]
    total: bool = False


class PublishedTableModel(ListTableModel[PreviewRow]):
    """One published table: a row per category, then the total line if it has one."""

    def __init__(self, table: PublishedTable) -> None:
        super().__init__()
        self.table = table
        self.COLUMNS = ("", *table.column_labels)
        rows = [
            PreviewRow(label, cells)
            for label, cells in zip(table.row_labels, table.cells, strict=True)
        ]
        if table.total_cells is not None:
            rows.append(PreviewRow(TOTAL_LABEL, table.total_cells, total=True))
        self.set_items(rows)

    def cells(self, item: PreviewRow) -> tuple[str, ...]:
        return (item.label, *item.cells)

    def tooltip(self, item: PreviewRow, column: int) -> str | None:
        return SUPPRESSED_TIP if self._hidden(item, column) else None

    def text(self, row: int, column: int) -> str:
        item = self.item_at(row)
        return "" if item is None else self.cells(item)[column]

    def is_total(self, row: int) -> bool:
        item = self.item_at(row)
        return item is not None and item.total

    @staticmethod
    def _hidden(item: PreviewRow, column: int) -> bool:
        return column > 0 and item.cells[column - 1] == SUPPRESSED

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = index.column()
        hidden = self._hidden(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and hidden:
            return "hidden to protect privacy"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (hidden or item.total):
            font = QFont(QApplication.font())
            font.setItalic(hidden)
            if item.total:
                font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and hidden:
            return QApplication.palette().color(QPalette.ColorRole.AlternateBase)
        if role == Qt.ItemDataRole.ForegroundRole and hidden:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return super().data(index, role)


class PublishedTableView(QFrame):
    """A table's title, its rows, and its note; sized to show every row without scrolling."""

    def __init__(self, table: PublishedTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(table.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(4)
        title = QLabel(table.title, wordWrap=True)
        title.setProperty("role", "heading")
        layout.addWidget(title)
        unit = QLabel(self.tr("Counting {unit}").replace("{unit}", table.unit))
        unit.setProperty("role", "muted")
        layout.addWidget(unit)
        self.model = PublishedTableModel(table)
        chars = self.fontMetrics().averageCharWidth()
        self.view = make_table(self.model, table.title, stretch_last=False)
        # Read, not chosen from: nothing to select, and the page scrolls, not each table.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            # Wide enough for the number and for the whole heading ("Prefer not to say").
            heading = header.fontMetrics().horizontalAdvance(label) + 3 * chars
            self.view.setColumnWidth(column, max(chars * 16, heading))
        rows = self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(rows * self.model.rowCount() + header.sizeHint().height() + 6)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.view)
        if table.notes:
            note = QLabel(table.notes, wordWrap=True)
            note.setProperty("role", "muted")
            layout.addWidget(note)


class ReturnTablesWidget(QWidget):
    """Every table of a return's preview, under its section's heading, in the return's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("The return's tables"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.views: dict[str, PublishedTableView] = {}

    def clear(self) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()  # out of the layout now, deleted later: never drawn loose meanwhile
                widget.deleteLater()
        self.views = {}

    def show_return(self, preview: ReturnPreview) -> None:
        self.clear()
        section = None
        for table in preview.tables:
            if table.section != section:
                section = table.section
                heading = QLabel(preview.section_title(section))
                heading.setFont(heading_font(self, 1.15))
                self._layout.addWidget(heading)
            view = PublishedTableView(table)
            self.views[table.id] = view
            self._layout.addWidget(view)
        self._layout.addStretch(1)

    def cell(self, table_id: str, row: int, column: int) -> str:
        """The text shown in a cell (column 0 is the row label), for tests and readers."""
        return self.views[table_id].model.text(row, column)
