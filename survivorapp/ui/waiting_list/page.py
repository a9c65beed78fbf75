"""The Waiting list (managers): who is waiting, in priority order, and allocation in two clicks.

The table lists every waiting case, A first then the longest wait, with the contact attempts
so far. Choosing a row opens that case on the right (audited, as opening any case is) with its
safe-contact summary on top; only then can a contact attempt be logged. Above the table, the
service's waiting times: how long people wait now, and how long it took to first speak with
people referred in the last year and to allocate them a worker.

Everything is read and written through the waiting-list service on the vault thread, one call
for the list and one for the chosen survivor (each a frozen view from ``waiting_views``); the
page refreshes when it is shown after a change to what it shows, or at once when on screen.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from survivorapp.domain.waiting_list import ContactAttempt, DaySummary
from survivorapp.services.waiting_list import CasePanelView, WaitingListService, WaitingOverview
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for, problems_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.waiting_list.case_panel import WaitingCasePanel
from survivorapp.ui.waiting_list.contact_attempt_dialog import ContactAttemptDialog
from survivorapp.ui.waiting_list.model import WaitingListTableModel
from survivorapp.ui.widgets.cards import muted_label
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.page_layout import heading_row
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import make_table

SHOWN = ("cases", "sessions", "waiting_list", "users")
"""What the page shows: waiting cases and their safe contact, risks raised in sessions,
priorities and attempts, and the workers a case can go to."""


def summary_text(summary: DaySummary, what: str) -> str:
    if not summary.count or summary.median is None:
        return f"{what}: no cases yet"
    median = f"{summary.median:g}"
    return f"{what}: median {median} days, 9 in 10 within {summary.p90} days"


class WaitingListPage(QWidget):
    case_requested = Signal(str)

    def __init__(
        self,
        operations: Operations,
        waiting_list: WaitingListService,
        labels: Labels | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._waiting_list = waiting_list
        self._labels = labels or Labels()
        self._workers: dict[str, str] = {}
        self._generation = 0
        self.dialog: ContactAttemptDialog | None = None
        self.setAccessibleName(self.tr("Waiting list"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(8)
        self.count_label = muted_label(name=self.tr("How many are waiting"))
        layout.addLayout(heading_row(self, self.tr("Waiting list"), self.count_label))
        self.times_label = muted_label(name=self.tr("The service's waiting times"))
        layout.addWidget(self.times_label)

        self.model = WaitingListTableModel(self._labels)
        # No header sorting: an urgent case must never be sorted out of sight.
        self.table = make_table(
            self.model,
            self.tr("Survivors waiting, most urgent first"),
            widths=(115, 80, 95, 95, 75, 95, 80),
            alternating=True,
        )
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self.table.activated.connect(lambda _index: self.open_case())

        self.panel = WaitingCasePanel(self._labels)
        self.panel.log_requested.connect(self.open_attempt_dialog)
        self.panel.allocate_requested.connect(self.allocate)
        self.panel.priority_requested.connect(self.set_priority)
        self.panel.open_requested.connect(self.open_case)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        # The list is what a manager reads; the panel only needs room for one case's
        # safe-contact summary and four buttons.
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 330])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        # Days waiting count to today: a page left open overnight reads again when shown.
        self.stale_refresh = StaleRefresh.for_widget(
            operations, self, self._load, SHOWN, today=date.today
        )

    # --- loading -------------------------------------------------------------------------------

    def _load(self) -> None:
        self._operations.run(
            self._waiting_list.overview, on_success=self._show, on_failure=self._failed, owner=self
        )

    def _show(self, overview: WaitingOverview) -> None:
        chosen = self.panel.reference
        workers = overview.workers
        self._workers = {w.username.casefold(): w.display_name for w in workers}
        self.panel.set_workers(workers)
        self.model.set_items(overview.rows)
        count = len(overview.rows)
        self.count_label.setText(
            self.tr("Nobody is waiting.")
            if not count
            else self.tr("1 survivor waiting")
            if count == 1
            else self.tr("{n} survivors waiting").replace("{n}", f"{count:,}")
        )
        times = overview.times
        self.times_label.setText(
            "  ·  ".join(
                (
                    summary_text(times.waiting, self.tr("Waiting now")),
                    summary_text(times.first_contact, self.tr("Referral to first contact")),
                    summary_text(times.allocation, self.tr("Referral to allocation")),
                )
            )
            + self.tr(" (first contact and allocation: people referred in the last year)")
        )
        row = self.model.row_of(chosen) if chosen else -1
        if row >= 0:
            self.table.selectRow(row)
            self._load_case(chosen or "", keep_message=True)  # what it shows may have changed
        elif chosen:
            self.panel.clear()  # they have left the list (allocated, or closed elsewhere)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(message_for(exc))

    # --- one case ------------------------------------------------------------------------------

    def on_table_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.item_at(indexes[0].row()) if indexes else None
        if row is None:
            return
        if row.case_reference != self.panel.reference or self.panel.selected is None:
            self._load_case(row.case_reference)

    def select_case(self, case_reference: str) -> bool:
        row = self.model.row_of(case_reference)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _load_case(self, reference: str, keep_message: bool = False) -> None:
        self.panel.show_loading(reference, keep_message=keep_message)
        waiting_list = self._waiting_list
        self._generation += 1
        generation = self._generation

        def show(selected: CasePanelView) -> None:
            if generation == self._generation:
                self.panel.show_case(selected, self._workers)

        self._operations.run(
            lambda: waiting_list.case_panel(reference),
            on_success=show,
            on_failure=lambda exc: self.panel.show_message(message_for(exc)),
            owner=self,
        )

    def open_case(self) -> None:
        if self.panel.reference:
            self.case_requested.emit(self.panel.reference)

    # --- actions -------------------------------------------------------------------------------

    def open_attempt_dialog(self) -> None:
        selected = self.panel.selected
        if selected is None:
            return  # the safe-contact summary is not on screen yet
        detail = selected.detail
        dialog = ContactAttemptDialog(
            self._labels,
            detail.case.reference,
            detail.case.referral_date,
            detail.safe_contact,
            detail.safe_contact_summary,
            date.today(),
            self,
        )
        dialog.attempt_ready.connect(lambda attempt: self._save_attempt(dialog, attempt))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _save_attempt(self, dialog: ContactAttemptDialog, attempt: ContactAttempt) -> None:
        waiting_list = self._waiting_list
        dialog.set_busy(True)

        def saved(_attempt: ContactAttempt) -> None:
            dialog.accept()
            self.panel.show_message(self.tr("Contact attempt saved."))

        def failed(exc: BaseException) -> None:
            dialog.set_busy(False)
            dialog.show_problems(problems_for(exc))

        self._operations.run(
            lambda: waiting_list.log_attempt(attempt),
            on_success=saved,
            on_failure=failed,
            owner=self,
            changes=Changes(waiting_list=True, cases=True),  # first contact dates on the case
        )

    def allocate(self, username: str) -> None:
        reference = self.panel.reference
        if reference is None:
            return
        waiting_list = self._waiting_list
        name = self._workers.get(username.casefold(), username)

        def done(_none: None) -> None:
            self.panel.clear()
            self.panel.show_message(
                self.tr("{case} is allocated to {name} and is now active.")
                .replace("{case}", reference)
                .replace("{name}", name)
            )

        self._operations.run(
            lambda: waiting_list.allocate(reference, username),
            on_success=done,
            on_failure=lambda exc: self.panel.show_message(message_for(exc)),
            owner=self,
            changes=Changes(cases=True, waiting_list=True),
        )

    def set_priority(self, code: str) -> None:
        reference = self.panel.reference
        if reference is None:
            return
        waiting_list = self._waiting_list
        self._operations.run(
            lambda: waiting_list.set_priority(reference, code),
            on_success=lambda _entry: self.panel.show_message(
                self.tr("Priority set to {p}.").replace("{p}", self.panel.priority_label(code))
            ),
            on_failure=lambda exc: self.panel.show_message(message_for(exc)),
            owner=self,
            changes=Changes(waiting_list=True),
        )
