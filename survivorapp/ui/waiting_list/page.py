"""The Waiting list (managers): who is waiting, in priority order, and allocation in two clicks.

The table lists every waiting case, A first then the longest wait, with the contact attempts
so far. Choosing a row opens that case on the right (audited, as opening any case is) with its
safe-contact summary on top; only then can a contact attempt be logged. Above the table, the
service's waiting times: how long people wait now, and how long it took to first speak with
people referred in the last year and to allocate them a worker.

Everything is read and written through the services on the vault thread; the page refreshes
when it is shown after a change, or at once when it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from survivorapp.domain.risk import recent_risk_flags
from survivorapp.domain.waiting_list import ContactAttempt, DaySummary, WorkerLoad
from survivorapp.services.access import VaultSession
from survivorapp.services.waiting_list import WaitingOverview
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.waiting_list.case_panel import SelectedCase, WaitingCasePanel
from survivorapp.ui.waiting_list.contact_attempt_dialog import ContactAttemptDialog
from survivorapp.ui.waiting_list.model import WaitingListTableModel
from survivorapp.ui.widgets.cards import muted_label
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.theme import heading_font

T = TypeVar("T")


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
        session: VaultSession,
        labels: Labels | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._labels = labels or Labels()
        self._stale = True
        self._workers: dict[str, str] = {}
        self._generation = 0
        self.dialog: ContactAttemptDialog | None = None
        self.setAccessibleName(self.tr("Waiting list"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Waiting list"))
        heading.setFont(heading_font(self, 1.4))
        top.addWidget(heading)
        top.addStretch(1)
        self.count_label = muted_label(name=self.tr("How many are waiting"))
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.times_label = muted_label(name=self.tr("The service's waiting times"))
        layout.addWidget(self.times_label)

        self.model = WaitingListTableModel(self._labels)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Survivors waiting, most urgent first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((115, 80, 95, 95, 75, 95, 80)):
            self.table.setColumnWidth(column, width)
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
        operations.vault_changed.connect(self.on_operations_vault_changed)

    # --- loading -------------------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None],
        changed: str | None = None,
    ) -> None:
        """Run on the vault thread; answer only while this page still exists (locking the
        vault takes the page down while an answer may still be on its way)."""

        def success(result: T) -> None:
            if isValid(self):
                on_success(result)

        def failure(exc: BaseException) -> None:
            if isValid(self):
                on_failure(exc)

        self._operations.run(work, on_success=success, on_failure=failure, changed=changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def on_operations_vault_changed(self, _what: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        session = self._session

        def fetch() -> tuple[WaitingOverview, list[WorkerLoad]]:
            return session.waiting_list.overview(), session.waiting_list.workers()

        self._run(fetch, on_success=self._show, on_failure=self._failed)

    def _show(self, found: tuple[WaitingOverview, list[WorkerLoad]]) -> None:
        overview, workers = found
        chosen = self.panel.reference
        self._workers = {w.username.casefold(): w.display_name for w in workers}
        self.panel.set_workers(workers)
        self.model.set_rows(overview.rows)
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
        row = self.model.row_at(indexes[0].row()) if indexes else None
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
        session, today = self._session, date.today()
        self._generation += 1
        generation = self._generation

        def fetch() -> SelectedCase:
            detail = session.cases.get(reference)
            sessions = session.cases.session_list(reference, limit=100)
            return SelectedCase(
                detail=detail,
                entry=session.waiting_list.entry(reference),
                attempts=tuple(session.waiting_list.attempts(reference)),
                times=session.waiting_list.case_times(reference),
                risk_flags=tuple(recent_risk_flags(sessions, today)),
            )

        def show(selected: SelectedCase) -> None:
            if generation == self._generation:
                self.panel.show_case(selected, self._workers)

        self._run(
            fetch, on_success=show, on_failure=lambda exc: self.panel.show_message(message_for(exc))
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
        session = self._session
        dialog.set_busy(True)

        def saved(_attempt: ContactAttempt) -> None:
            dialog.accept()
            self.panel.show_message(self.tr("Contact attempt saved."))

        def failed(exc: BaseException) -> None:
            dialog.set_busy(False)
            problems = getattr(exc, "problems", None)
            dialog.show_problems(list(problems) if problems else message_for(exc))

        self._run(
            lambda: session.waiting_list.log_attempt(attempt),
            on_success=saved,
            on_failure=failed,
            changed="waiting_list",
        )

    def allocate(self, username: str) -> None:
        reference = self.panel.reference
        if reference is None:
            return
        session = self._session
        name = self._workers.get(username.casefold(), username)

        def done(_none: None) -> None:
            self.panel.clear()
            self.panel.show_message(
                self.tr("{case} is allocated to {name} and is now active.")
                .replace("{case}", reference)
                .replace("{name}", name)
            )

        self._run(
            lambda: session.waiting_list.allocate(reference, username),
            on_success=done,
            on_failure=lambda exc: self.panel.show_message(message_for(exc)),
            changed="cases",
        )

    def set_priority(self, code: str) -> None:
        reference = self.panel.reference
        if reference is None:
            return
        session = self._session
        self._run(
            lambda: session.waiting_list.set_priority(reference, code),
            on_success=lambda _entry: self.panel.show_message(
                self.tr("Priority set to {p}.").replace("{p}", self.panel.priority_label(code))
            ),
            on_failure=lambda exc: self.panel.show_message(message_for(exc)),
            changed="waiting_list",
        )
