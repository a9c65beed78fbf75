"""Referrals: the open referrals across my cases, how long each has waited, and which need
following up; and the directory of local organisations.

Filtering and sorting happen in SQL on the vault thread (longest waiting first). The list loads
when the page is shown and again after any change to the vault while it is in view. A manager
can widen it from their own cases to every case. Double-clicking a referral opens its case.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain import referral_status as rs
from survivorapp.domain.referral_waits import ReferralSummary
from survivorapp.services.access import VaultSession
from survivorapp.services.referrals import OPEN_LIMIT
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.directory_panel import ChooseFile, DirectoryPanel, choose_csv_file
from survivorapp.ui.referrals.model import OpenReferralsTableModel
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.theme import heading_font
from survivorapp.ui.widgets.widget_operations import run_for

FILTER_DELAY_MS = 200
MAX_WAIT_FILTER = 730


class ReferralsPage(QWidget):
    case_requested = Signal(str)

    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        can_see_all: bool = False,
        can_manage_directory: bool = False,
        choose_file: ChooseFile = choose_csv_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._labels = Labels()
        self._stale = True
        self._follow_up_days: int | None = None
        self.setAccessibleName(self.tr("Referrals"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Referrals"))
        heading.setFont(heading_font(self, 1.4))
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Referrals sections"))
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_open(can_see_all), self.tr("Open referrals"))
        self.directory = DirectoryPanel(
            operations, session, self._labels, can_manage_directory, choose_file
        )
        self.tabs.addTab(self.directory, self.tr("Directory of local organisations"))
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._reload_if_shown)
        operations.vault_changed.connect(self.on_operations_vault_changed)

    def _build_open(self, can_see_all: bool) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.destination = QComboBox()
        self.destination.setAccessibleName(self.tr("Kind of service"))
        self.destination.addItem(self.tr("Any kind of service"), "")
        for label, code in self._labels.options("referral_destination"):
            self.destination.addItem(label, code)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status"))
        self.status.addItem(self.tr("Any open status"), "")
        for code in rs.STATUSES:
            label = self._labels.code("referral_status", code)
            self.status.addItem(label if code in rs.OPEN else f"{label} (ended)", code)
        self.waiting = QSpinBox()
        self.waiting.setAccessibleName(self.tr("Waiting longer than (days)"))
        self.waiting.setRange(0, MAX_WAIT_FILTER)
        self.waiting.setSpecialValueText(self.tr("any time"))
        self.waiting.setSuffix(self.tr(" days"))
        self.all_cases = QCheckBox(self.tr("All cases"))
        self.all_cases.setAccessibleName(self.tr("Show referrals on every case, not only mine"))
        filters.addWidget(QLabel(self.tr("Kind")))
        filters.addWidget(self.destination)
        filters.addWidget(QLabel(self.tr("Status")))
        filters.addWidget(self.status)
        filters.addWidget(QLabel(self.tr("Waiting longer than")))
        filters.addWidget(self.waiting)
        filters.addStretch(1)
        filters.addWidget(self.all_cases)
        layout.addLayout(filters)
        self.all_cases.setHidden(not can_see_all)
        # A manager usually holds no cases of their own: start on the whole service.
        self.all_cases.setChecked(can_see_all)
        for combo in (self.destination, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.waiting.valueChanged.connect(lambda _v: self._filter_timer.start())
        self.all_cases.toggled.connect(lambda _c: self.reload())
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName(self.tr("Referrals summary"))
        layout.addWidget(self.summary)
        self.model = OpenReferralsTableModel(self._labels)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Open referrals, longest waiting first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName(self.tr("Column headings"))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        chars = self.fontMetrics().averageCharWidth()
        for column, width in enumerate((11, 14, 30, 26, 22, 16, 19)):
            self.table.setColumnWidth(column, chars * width)
        self.table.doubleClicked.connect(self.on_table_activated)
        self.table.activated.connect(self.on_table_activated)
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr("Double-click or press Enter to open the case."))
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        return page

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def on_operations_vault_changed(self, changes: Changes) -> None:
        self._stale = True
        if changes.directory:
            self.directory.mark_stale()
        if self.isVisible():
            self.reload()

    def _reload_if_shown(self) -> None:
        """A filter settled; the page may have been closed (locked) in the meantime."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def filters(self) -> tuple[str | None, str | None, int | None]:
        destination = self.destination.currentData() or None
        status = self.status.currentData() or None
        waiting = self.waiting.value() or None
        return destination, status, waiting

    def reload(self) -> None:
        self._stale = False
        session = self._session
        destination, status, waiting = self.filters()
        mine = not self.all_cases.isChecked()

        def fetch() -> tuple[list[ReferralSummary], int]:
            found = session.referrals.open_referrals(
                mine_only=mine,
                destination=destination,
                status=status,
                waiting_longer_than=waiting,
            )
            return found, session.referrals.follow_up_days()

        run_for(self, self._operations, fetch, on_success=self._show, on_failure=self._show_failure)

    def _show(self, result: tuple[list[ReferralSummary], int]) -> None:
        summaries, follow_up_days = result
        self.message.setVisible(False)
        self.model.set_summaries(summaries)
        due = sum(1 for s in summaries if s.needs_follow_up)
        count = len(summaries)
        text = (
            self.tr("{n} referrals shown").replace("{n}", f"{count:,}")
            if count != 1
            else self.tr("1 referral shown")
        )
        if due:
            text += (
                self.tr("; {due} had no reply after {days} days and need following up")
                .replace("{due}", str(due))
                .replace("{days}", str(follow_up_days))
            )
        text += "."
        if count >= OPEN_LIMIT:
            text += self.tr(
                " Only the longest-waiting are shown: narrow the list with the filters."
            )
        if not count:
            text = self.tr("No referrals match. Referrals are made on a case's Referrals tab.")
        self.summary.setText(text)

    def _show_failure(self, exc: BaseException) -> None:
        self.message.setText(message_for(exc))
        self.message.setVisible(True)

    def on_table_activated(self, index: QModelIndex) -> None:
        summary = self.model.item_at(index.row())
        if summary is not None:
            self.case_requested.emit(summary.case_reference)
