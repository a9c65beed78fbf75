"""Who has opened or changed this case, from the audit log (managers and admins only).

It names fields that changed, never their old or new values.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
ACTION_WORDS = {
    "open": "Opened the case",
    "create": "Added",
    "change": "Changed",
    "allocate": "Allocated",
    "share": "Shared",
    "unshare": "Stopped sharing",
    "restrict": "Restricted",
    "export": "Exported",
}


class HistoryTableModel(QAbstractTableModel):
    HEADERS = ("When", "Who", "What", "Fields")

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Any] = []

    def set_entries(self, entries: list[Any]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        entry = self._entries[index.row()]
        what = ACTION_WORDS.get(entry.action, entry.action.replace("_", " ").capitalize())
        if entry.action != "open":
            what = f"{what} {entry.entity.replace('_', ' ')}"
        values = (
            entry.at[:16].replace("T", " "),
            entry.actor,
            what,
            ", ".join(f.replace("_", " ") for f in entry.fields),
        )
        return values[index.column()]


class HistoryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Everyone who has opened or changed this case. Changes name the fields, "
                "never what was in them."
            ),
            wordWrap=True,
        )
        note.setProperty("role", "muted")
        layout.addWidget(note)
        self.model = HistoryTableModel()
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Case history"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 140, 200)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)

    def show_entries(self, entries: list[Any]) -> None:
        self.model.set_entries(entries)
