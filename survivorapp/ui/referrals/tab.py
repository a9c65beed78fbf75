"""The case's Referrals tab: where the survivor was referred, what happened, how long it took.

It loads its own data on the vault thread when it is first shown for a case (most visits to a
case never open it), and again after each change: one service call returns everything the tab
and its dialogs need (:class:`CaseReferrals`). Each referral's history is shown beside the
list; the waits come from the domain (``domain.referrals.waits``). Making a referral and
updating its status happen in dialogs that keep what was typed when something needs fixing,
including when consent has to be recorded first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals.records import REFERRAL_CONSENT_PURPOSE
from survivorapp.domain.referrals.waits import ReferralRecord
from survivorapp.services.cases import CaseService
from survivorapp.services.referral_views import CaseReferrals
from survivorapp.services.referrals import ReferralService
from survivorapp.ui.case.consent_dialog import ConsentDialog
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for, problems_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.model import CaseReferralsTableModel, days_text
from survivorapp.ui.referrals.referral_dialog import ReferralDialog
from survivorapp.ui.referrals.status_dialog import ReferralStatusDialog
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import configure_table


class ReferralsTab(QWidget):
    consent_recorded = Signal()
    """Consent was recorded from a referral dialog (the case's overview shows consent too)."""

    def __init__(
        self,
        operations: Operations,
        referrals: ReferralService,
        cases: CaseService,
        labels: Labels,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._referrals = referrals
        self._cases = cases
        self._labels = labels
        self._reference: str | None = None
        self._data: CaseReferrals | None = None
        # The case view says when the case changed (set_case); only its own saves reload it.
        self.stale_refresh = StaleRefresh.for_widget(operations, self, self._load, ())
        self._select_after: int | None = None
        self.dialog: ReferralDialog | ReferralStatusDialog | None = None
        self.consent_dialog: ConsentDialog | None = None
        self.setAccessibleName(self.tr("Referrals"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(self._build_top())
        self.empty = QLabel(
            self.tr(
                "No referrals are recorded for this case yet. When the survivor would like "
                "support from another service (counselling, a GP, sexual health, housing "
                "and more), record it here to follow how long they wait."
            ),
            wordWrap=True,
        )
        self.empty.setProperty("role", "muted")
        layout.addWidget(self.empty)
        lower = QHBoxLayout()
        self.model = CaseReferralsTableModel(labels)
        self.table = self._build_table()
        lower.addWidget(self.table, 3)
        chars = self.fontMetrics().averageCharWidth()
        self.details = QLabel(wordWrap=True)
        self.details.setAccessibleName(self.tr("The referral's history"))
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumWidth(chars * 28)
        self.details.setMaximumWidth(chars * 36)
        lower.addWidget(self.details, 1)
        layout.addLayout(lower, 1)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self._show_list(False)

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        intro = QLabel(
            self.tr(
                "Referrals on to other services, and how long the survivor has waited. "
                "Waits are worked out from the dates recorded."
            ),
            wordWrap=True,
        )
        intro.setProperty("role", "muted")
        self.make_button = action_button(self.tr("Make or offer a referral…"))
        self.update_button = action_button(self.tr("Update status…"))
        self.make_button.clicked.connect(self.on_make_button_clicked)
        self.update_button.clicked.connect(self.on_update_button_clicked)
        top.addWidget(intro, 1)
        top.addWidget(self.update_button)
        top.addWidget(self.make_button)
        return top

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        header = table.horizontalHeader()
        chars = self.fontMetrics().averageCharWidth()
        metrics = header.fontMetrics()
        widths = [chars * width for width in (22, 20, 18)]
        for title in self.model.COLUMNS[3:]:  # headings are bold: leave room to spare
            widths.append(max(chars * 13, int(metrics.horizontalAdvance(title) * 1.2) + chars * 4))
        configure_table(table, self.tr("Referrals, newest first"), widths=widths)
        # A case has a handful of referrals: long names wrap onto a second line rather than
        # hide behind an ellipsis.
        table.setWordWrap(True)
        header.setAccessibleName(self.tr("Column headings"))
        table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        table.activated.connect(lambda _i: self.on_update_button_clicked())
        return table

    # --- loading ---------------------------------------------------------------------------

    def set_case(self, reference: str) -> None:
        """The case view opened (or reloaded) a case: load now if shown, else when shown."""
        if reference != self._reference:
            self._reference = reference
            self._data = None
            self.model.set_records([], date.today())
            self._show_list(False)
        self.stale_refresh.mark_stale()

    def reload(self) -> None:
        self.stale_refresh.reload()

    def _load(self) -> None:
        reference, referrals = self._reference, self._referrals
        if reference is None:
            return
        self._operations.run(
            lambda: referrals.case_referrals(reference),
            self._show,
            self._show_failure,
            owner=self,
        )

    def _show(self, data: CaseReferrals) -> None:
        if data.reference != self._reference:
            return
        self._data = data
        self.message.setVisible(False)
        self.model.set_records(data.records, date.today())
        self.table.resizeRowsToContents()
        self._show_list(bool(data.records))
        wanted = self._select_after
        self._select_after = None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None and data.records:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._show_selected()

    def _show_failure(self, exc: BaseException) -> None:
        self.message.setText(message_for(exc))
        self.message.setVisible(True)

    def _show_list(self, any_shown: bool) -> None:
        self.table.setVisible(any_shown)
        self.details.setVisible(any_shown)
        self.empty.setVisible(not any_shown)
        self.update_button.setEnabled(any_shown)

    # --- the selected referral --------------------------------------------------------------

    def selected(self) -> ReferralRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def select_referral(self, referral_id: int) -> None:
        row = self.model.row_of(referral_id)
        if row is not None:
            self.table.selectRow(row)

    def _show_selected(self) -> None:
        record = self.selected()
        self.details.setText("" if record is None else self.history_text(record))
        self.update_button.setEnabled(record is not None and record.dates.is_open)

    def history_text(self, record: ReferralRecord) -> str:
        code = self._labels.code
        dates = record.dates
        lines = [code("referral_destination", record.referral.destination_type)]
        if record.referral.organisation_name:
            lines.append(record.referral.organisation_name)
        lines.append("")
        for change in record.history:
            line = f"{format_date(change.changed_on)}: {code('referral_status', change.status)}"
            if change.reason:
                line += f" ({code('referral_rejection_reason', change.reason)})"
            if change.note:
                line += f". {change.note}"
            lines.append(line)
        waiting = dates.days_waiting(date.today())
        lines.append("")
        if waiting is not None:
            lines.append(self.tr("Waiting so far: {days}").replace("{days}", days_text(waiting)))
        if dates.days_to_acceptance is not None:
            lines.append(
                self.tr("Days to acceptance: {days}").replace(
                    "{days}", days_text(dates.days_to_acceptance)
                )
            )
        if dates.days_to_first_appointment is not None:
            lines.append(
                self.tr("Days to first appointment: {days}").replace(
                    "{days}", days_text(dates.days_to_first_appointment)
                )
            )
        return "\n".join(lines).strip()

    # --- dialogs ------------------------------------------------------------------------------

    def on_make_button_clicked(self) -> None:
        data, referrals = self._data, self._referrals
        if data is None:
            return
        dialog = ReferralDialog(
            self._labels, data.reference, date.today(), data.directory, data.consents, self
        )
        dialog.referral_ready.connect(
            lambda referral, status, note: self._save(
                dialog, lambda: referrals.start(referral, status, note)
            )
        )
        dialog.consent_requested.connect(lambda: self.open_consent_dialog(dialog))
        self._open(dialog)

    def on_update_button_clicked(self) -> None:
        record, data, referrals = self.selected(), self._data, self._referrals
        if record is None or data is None or record.referral.id is None:
            return
        referral_id = record.referral.id
        dialog = ReferralStatusDialog(self._labels, record, date.today(), data.consents, self)
        dialog.change_ready.connect(
            lambda change: self._save(
                dialog,
                lambda: referrals.change_status(
                    referral_id, change.status, change.changed_on, change.reason, change.note
                ),
            )
        )
        dialog.consent_requested.connect(lambda: self.open_consent_dialog(dialog))
        self._open(dialog)

    def _open(self, dialog: ReferralDialog | ReferralStatusDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: object) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _save(self, dialog: SmallDialog, work: Callable[[], ReferralRecord]) -> None:
        def saved(record: ReferralRecord) -> None:
            dialog.accept()
            self._select_after = record.referral.id
            self.reload()

        def failed(exc: BaseException) -> None:
            dialog.show_problems(problems_for(exc))

        self._operations.run(work, saved, failed, owner=self, changes=Changes(referrals=True))

    # --- recording consent without leaving the referral ---------------------------------------

    def open_consent_dialog(self, owner: ReferralDialog | ReferralStatusDialog) -> None:
        if self._reference is None:
            return
        reference, referrals, cases = self._reference, self._referrals, self._cases
        dialog = ConsentDialog(self._labels, reference, date.today(), parent=owner)
        dialog.purpose.setCurrentIndex(max(0, dialog.purpose.findData(REFERRAL_CONSENT_PURPOSE)))

        def recorded(_record: object) -> None:
            dialog.accept()
            self._operations.run(
                lambda: referrals.consents_for(reference),
                lambda consents: self._consents_changed(owner, consents),
                owner=self,
            )
            self.consent_recorded.emit()

        def failed(exc: BaseException) -> None:
            dialog.show_problems(problems_for(exc))

        dialog.submit_requested.connect(
            lambda record: self._operations.run(
                lambda: cases.record_consent(record),
                recorded,
                failed,
                owner=self,
                changes=Changes(cases=True),
            )
        )
        self.consent_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "consent_dialog", None))
        dialog.open()

    def _consents_changed(
        self, owner: ReferralDialog | ReferralStatusDialog, consents: tuple[ConsentRecord, ...]
    ) -> None:
        if self._data is not None:
            self._data = replace(self._data, consents=consents)
        owner.set_consents(consents)
