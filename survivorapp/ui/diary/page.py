"""The court diary: every hearing and deadline coming up across the cases I can see.

Grouped by day, with the preparation still to do for each hearing. The page only shows what it
is given; the workspace asks the service again when the window or "Mine only" changes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.ui.diary.model import CourtDiaryTableModel
from survivorapp.ui.widgets.page_layout import heading_row
from survivorapp.ui.widgets.table_kit import configure_table

WINDOWS = (7, 14, 28)


class CourtDiaryPage(QWidget):
    window_changed = Signal(int)
    mine_only_changed = Signal(bool)
    case_requested = Signal(str)
    export_requested = Signal()

    def __init__(self, can_see_all: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Court diary"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(self._build_top_bar())
        # Hidden only once it has a parent: showing a parentless widget makes it a window.
        self.mine_only.setHidden(not can_see_all)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName(self.tr("Diary summary"))
        layout.addWidget(self.summary)
        self.model = CourtDiaryTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        chars = self.fontMetrics().averageCharWidth()
        configure_table(
            self.table,
            self.tr("Hearings and deadlines by day"),
            widths=[chars * width for width in (14, 12, 16, 46, 30)],
        )
        self.table.horizontalHeader().setAccessibleName(self.tr("Column headings"))
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.table.activated.connect(self.on_table_double_clicked)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(wordWrap=True)
        self.empty.setProperty("role", "muted")
        layout.addWidget(self.empty)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Export message"))
        self.message.setHidden(True)
        layout.addWidget(self.message)

    def _build_top_bar(self) -> QHBoxLayout:
        """The heading, how far ahead to look, "Mine only" and the calendar export."""
        top = heading_row(self, self.tr("Court diary"))
        self.window_group = QButtonGroup(self)
        self.window_buttons: dict[int, QRadioButton] = {}
        shown = QLabel(self.tr("Next"))
        top.addWidget(shown)
        for days in WINDOWS:
            button = QRadioButton(self.tr("{n} days").replace("{n}", str(days)))
            button.setAccessibleName(self.tr("Next {n} days").replace("{n}", str(days)))
            self.window_group.addButton(button, days)
            self.window_buttons[days] = button
            top.addWidget(button)
        self.window_buttons[WINDOWS[0]].setChecked(True)
        self.window_group.idToggled.connect(self.on_window_toggled)
        self.mine_only = QCheckBox(self.tr("Mine only"))
        self.mine_only.setAccessibleName(self.tr("Show only the cases allocated to me"))
        self.mine_only.toggled.connect(self.mine_only_changed.emit)
        top.addSpacing(16)
        top.addWidget(self.mine_only)
        self.export_button = QPushButton(self.tr("Export to calendar…"))
        self.export_button.setAccessibleName(self.tr("Export to calendar"))
        self.export_button.setToolTip(
            self.tr("A calendar file with case references and hearing types only, no names.")
        )
        self.export_button.clicked.connect(self.export_requested.emit)
        top.addSpacing(16)
        top.addWidget(self.export_button)
        return top

    def show_message(self, text: str) -> None:
        """A calm line under the diary (e.g. where the calendar file was saved)."""
        self.message.setText(text)
        self.message.setHidden(False)

    def window_days(self) -> int:
        checked = self.window_group.checkedId()
        return checked if checked in WINDOWS else WINDOWS[0]

    def set_entries(self, entries: list[DiaryEntry], today: date) -> None:
        self.table.clearSpans()
        self.model.set_entries(entries, today)
        for row in range(self.model.rowCount()):
            if self.model.is_heading(row):
                self.table.setSpan(row, 0, 1, self.model.columnCount())
        hearings = sum(1 for e in entries if e.kind == "hearing")
        days = self.window_days()
        self.summary.setText(
            self.tr("{h} hearings and {d} deadlines in the next {n} days.")
            .replace("{h}", str(hearings))
            .replace("{d}", str(len(entries) - hearings))
            .replace("{n}", str(days))
        )
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self.empty.setText(
            self.tr(
                "Nothing is listed in the next {n} days for the cases you can see. Court "
                "dates appear here once a hearing is recorded on a case's Justice journey tab."
            ).replace("{n}", str(days))
        )
        self.export_button.setEnabled(bool(entries))

    def on_window_toggled(self, days: int, checked: bool) -> None:
        if checked:
            self.window_changed.emit(days)

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        entry = self.model.entry_at(index.row())
        if entry is not None:
            self.case_requested.emit(entry.case_reference)
