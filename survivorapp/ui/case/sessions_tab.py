"""The case's Sessions tab: a timeline, newest first, and the way to log a new one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.session import Session
from survivorapp.ui.widgets.labels import Labels, format_date

Index = QModelIndex | QPersistentModelIndex
SESSION_COLUMNS = ("Date", "Time", "Minutes", "Mode", "Kind", "Worker", "Risk", "Note")


class SessionTableModel(QAbstractTableModel):
    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._sessions: list[Session] = []
        self._workers: dict[str, str] = {}

    def set_sessions(self, sessions: list[Session], workers: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._workers = dict(workers or {})
        self.endResetModel()

    def session_at(self, row: int) -> Session | None:
        return self._sessions[row] if 0 <= row < len(self._sessions) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SESSION_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return SESSION_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        session = self.session_at(index.row()) if index.isValid() else None
        if session is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return session.note or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        lab = self._labels
        values = (
            format_date(session.session_date),
            session.start_time.strftime("%H:%M") if session.start_time else "",
            str(session.duration_minutes),
            lab.code("session_mode", session.mode),
            lab.code("session_kind", session.kind),
            self._workers.get((session.worker or "").casefold(), session.worker or ""),
            ", ".join(lab.code("risk_flag", f) for f in session.risk_flags),
            session.note.replace("\n", " "),
        )
        return values[column]


class SessionsTab(QWidget):
    log_session_requested = Signal()
    session_activated = Signal(object)

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        self.log_button = QPushButton(self.tr("Log a session"))
        self.log_button.setProperty("primary", True)
        self.log_button.setAccessibleName(self.tr("Log a session"))
        self.log_button.clicked.connect(self.log_session_requested.emit)
        row.addWidget(self.summary, 1)
        row.addWidget(self.log_button)
        layout.addLayout(row)
        self.model = SessionTableModel(labels)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Sessions, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 60, 70, 110, 150, 120, 140)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(
            lambda index: self.session_activated.emit(self.model.session_at(index.row()))
        )
        layout.addWidget(self.table, 1)

    def show_sessions(self, sessions: list[Session], workers: dict[str, str] | None = None) -> None:
        self.model.set_sessions(sessions, workers)
        if not sessions:
            self.summary.setText(self.tr("No sessions logged yet."))
        else:
            minutes = sum(s.duration_minutes for s in sessions)
            self.summary.setText(
                self.tr("{n} sessions, {h} hours in all")
                .replace("{n}", str(len(sessions)))
                .replace("{h}", f"{minutes / 60:.1f}")
            )
