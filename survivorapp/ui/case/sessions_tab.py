"""The case's Sessions tab: a timeline, newest first, and the way to log a new one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from survivorapp.domain.session import Session
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.table_kit import ListTableModel, make_table

SESSION_COLUMNS = ("Date", "Time", "Minutes", "Mode", "Kind", "Worker", "Risk", "Note")
NOTE_COLUMN = SESSION_COLUMNS.index("Note")


class SessionTableModel(ListTableModel[Session]):
    """Sessions as the service orders them (newest first), workers by their display names."""

    COLUMNS = SESSION_COLUMNS

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._workers: dict[str, str] = {}

    def set_sessions(
        self, sessions: Sequence[Session], workers: Mapping[str, str] | None = None
    ) -> None:
        self._workers = dict(workers or {})
        self.set_items(sessions)

    def session_at(self, row: int) -> Session | None:
        return self.item_at(row)

    def cells(self, item: Session) -> tuple[str, ...]:
        lab = self._labels
        return (
            format_date(item.session_date),
            item.start_time.strftime("%H:%M") if item.start_time else "",
            str(item.duration_minutes),
            lab.code("session_mode", item.mode),
            lab.code("session_kind", item.kind),
            self._workers.get((item.worker or "").casefold(), item.worker or ""),
            ", ".join(lab.code("risk_flag", f) for f in item.risk_flags),
            item.note.replace("\n", " "),
        )

    def tooltip(self, item: Session, column: int) -> str | None:
        """The whole note, with its line breaks, where the cell shows one line of it."""
        return (item.note or None) if column == NOTE_COLUMN else None


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
        self.table = make_table(
            self.model,
            self.tr("Sessions, newest first"),
            widths=(100, 60, 70, 110, 150, 120, 140),
        )
        self.table.activated.connect(
            lambda index: self.session_activated.emit(self.model.session_at(index.row()))
        )
        layout.addWidget(self.table, 1)

    def show_sessions(
        self, sessions: Sequence[Session], workers: Mapping[str, str] | None = None
    ) -> None:
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
