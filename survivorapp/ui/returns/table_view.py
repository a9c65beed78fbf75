"""The return's tables exactly as they will leave: one read-only table per return table.

Cells are the text ``reporting.disclosure`` made (the same text the CSV and workbook get), so
the preview cannot drift from the export. A suppressed cell, ``[c]``, is shown in italics on
a soft background, with a tooltip saying why it is hidden: calm, not alarming.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.reporting.build import SECTIONS
from survivorapp.reporting.disclosure import SUPPRESSED, PublishedReturn, PublishedTable
from survivorapp.ui.widgets.theme import heading_font

Index = QModelIndex | QPersistentModelIndex
TOTAL_LABEL = "Total"
SUPPRESSED_TIP = (
    "Hidden to protect privacy: the number is small, or could be worked out from other cells."
)


class PublishedTableModel(QAbstractTableModel):
    """One published table: a row per category, then the total line if it has one."""

    def __init__(self, table: PublishedTable) -> None:
        super().__init__()
        self.table = table
        self._rows: list[tuple[str, tuple[str, ...]]] = list(
            zip(table.row_labels, table.cells, strict=True)
        )
        if table.total_cells is not None:
            self._rows.append((TOTAL_LABEL, table.total_cells))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self.table.column_labels)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return "" if section == 0 else self.table.column_labels[section - 1]

    def text(self, row: int, column: int) -> str:
        label, cells = self._rows[row]
        return label if column == 0 else cells[column - 1]

    def is_total(self, row: int) -> bool:
        return self.table.total_cells is not None and row == len(self._rows) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        text = self.text(row, column)
        hidden = column > 0 and text == SUPPRESSED
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return "hidden to protect privacy" if hidden else text
        if role == Qt.ItemDataRole.ToolTipRole and hidden:
            return SUPPRESSED_TIP
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (hidden or self.is_total(row)):
            font = QFont(QApplication.font())
            font.setItalic(hidden)
            if self.is_total(row):
                font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and hidden:
            return QApplication.palette().color(QPalette.ColorRole.AlternateBase)
        if role == Qt.ItemDataRole.ForegroundRole and hidden:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None


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
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(table.title)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.view.verticalHeader().setVisible(False)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        chars = self.fontMetrics().averageCharWidth()
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.view.setColumnWidth(column, chars * 16)
        row_height = self.fontMetrics().height() + 10
        self.view.verticalHeader().setDefaultSectionSize(row_height)
        height = row_height * self.model.rowCount() + header.sizeHint().height() + 6
        self.view.setFixedHeight(height)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.view)
        if table.notes:
            note = QLabel(table.notes, wordWrap=True)
            note.setProperty("role", "muted")
            layout.addWidget(note)


class ReturnTablesWidget(QWidget):
    """Every table of a published return, under its section's heading, in the return's order."""

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
                widget.deleteLater()
        self.views = {}

    def show_return(self, published: PublishedReturn) -> None:
        self.clear()
        headings = dict(SECTIONS)
        section = None
        for table in published.tables:
            if table.section != section:
                section = table.section
                heading = QLabel(headings.get(section, section))
                heading.setFont(heading_font(self, 1.15))
                self._layout.addWidget(heading)
            view = PublishedTableView(table)
            self.views[table.id] = view
            self._layout.addWidget(view)
        self._layout.addStretch(1)

    def cell(self, table_id: str, row: int, column: int) -> str:
        """The text shown in a cell (column 0 is the row label), for tests and readers."""
        return self.views[table_id].model.text(row, column)
