"""Referrals: the open referrals across my cases, how long each has waited, and which need
following up; and the directory of local organisations.

Filtering and sorting happen in SQL on the vault thread (longest waiting first). The list loads
when the page is shown, and again after a change to what it shows (referrals, cases, the
waiting list, settings) while it is in view; out of view it is only marked stale, and read
again when next shown (also on a new day: waits are counted to today). A manager
can widen it from their own cases to every case. Double-clicking a referral opens its case.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.referrals import status as rs
from survivorapp.services.directory import DirectoryService
from survivorapp.services.referral_views import OpenReferrals
from survivorapp.services.referrals import ReferralService
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.directory_panel import ChooseFile, DirectoryPanel, choose_csv_file
from survivorapp.ui.referrals.model import OpenReferralsTableModel
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.page_layout import page_heading
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import make_table

FILTER_DELAY_MS = 200
MAX_WAIT_FILTER = 730
SHOWN_KINDS = ("referrals", "cases", "waiting_list", "settings")
"""Changes that can alter the open-referrals list (allocation, closing, the follow-up days)."""
COLUMN_CHARS = (11, 14, 30, 26, 22, 16, 19)


class ReferralsPage(QWidget):
    case_requested = Signal(str)

    def __init__(
        self,
        operations: Operations,
        referrals: ReferralService,
        directory: DirectoryService,
        *,
        can_see_all: bool = False,
        can_manage_directory: bool = False,
        choose_file: ChooseFile = choose_csv_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._referrals = referrals
        self._labels = Labels()
        self.setAccessibleName(self.tr("Referrals"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(page_heading(self, self.tr("Referrals")))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Referrals sections"))
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_open(can_see_all), self.tr("Open referrals"))
        self.directory = DirectoryPanel(
            operations, directory, self._labels, can_manage_directory, choose_file
        )
        self.tabs.addTab(self.directory, self.tr("Directory of local organisations"))
        self.stale_refresh = StaleRefresh.for_widget(
            operations, self, self._load, SHOWN_KINDS, today=date.today
        )
        # The page may have been closed (say, locked) while a filter settled: load when shown.
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.stale_refresh.mark_stale)

    def _build_open(self, can_see_all: bool) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(self._build_filters(can_see_all))
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName(self.tr("Referrals summary"))
        layout.addWidget(self.summary)
        self.model = OpenReferralsTableModel(self._labels)
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr("Double-click or press Enter to open the case."))
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        return page

    def _build_filters(self, can_see_all: bool) -> QHBoxLayout:
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
        for label, field in (
            (self.tr("Kind"), self.destination),
            (self.tr("Status"), self.status),
            (self.tr("Waiting longer than"), self.waiting),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(field)
        filters.addStretch(1)
        filters.addWidget(self.all_cases)
        self.all_cases.setHidden(not can_see_all)
        # A manager usually holds no cases of their own: start on the whole service.
        self.all_cases.setChecked(can_see_all)
        for combo in (self.destination, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.waiting.valueChanged.connect(lambda _v: self._filter_timer.start())
        self.all_cases.toggled.connect(lambda _c: self.reload())
        return filters

    def _build_table(self) -> QTableView:
        chars = self.fontMetrics().averageCharWidth()
        table = make_table(
            self.model,
            self.tr("Open referrals, longest waiting first"),
            widths=[chars * width for width in COLUMN_CHARS],
        )
        table.horizontalHeader().setAccessibleName(self.tr("Column headings"))
        table.doubleClicked.connect(self.on_table_activated)
        table.activated.connect(self.on_table_activated)
        return table

    # --- loading -------------------------------------------------------------------------------

    def filters(self) -> tuple[str | None, str | None, int | None]:
        destination = self.destination.currentData() or None
        status = self.status.currentData() or None
        waiting = self.waiting.value() or None
        return destination, status, waiting

    def reload(self) -> None:
        self.stale_refresh.reload()

    def _load(self) -> None:
        referrals = self._referrals
        destination, status, waiting = self.filters()
        mine = not self.all_cases.isChecked()
        self._operations.run(
            lambda: referrals.open_list(mine, destination, status, waiting),
            self._show,
            self._show_failure,
            owner=self,
        )

    def _show(self, listed: OpenReferrals) -> None:
        self.message.setVisible(False)
        self.model.set_items(listed.summaries)
        self.summary.setText(self.summary_text(listed))

    def summary_text(self, listed: OpenReferrals) -> str:
        count = len(listed.summaries)
        if not count:
            return self.tr("No referrals match. Referrals are made on a case's Referrals tab.")
        text = (
            self.tr("{n} referrals shown").replace("{n}", f"{count:,}")
            if count != 1
            else self.tr("1 referral shown")
        )
        if listed.follow_up_due:
            text += (
                self.tr("; {due} had no reply after {days} days and need following up")
                .replace("{due}", str(listed.follow_up_due))
                .replace("{days}", str(listed.follow_up_days))
            )
        text += "."
        if listed.at_limit:
            text += self.tr(
                " Only the longest-waiting are shown: narrow the list with the filters."
            )
        return text

    def _show_failure(self, exc: BaseException) -> None:
        self.message.setText(message_for(exc))
        self.message.setVisible(True)

    def on_table_activated(self, index: QModelIndex) -> None:
        summary = self.model.item_at(index.row())
        if summary is not None:
            self.case_requested.emit(summary.case_reference)
