"""Updating a referral's status: only the moves the referral can make now are offered.

The list comes from the state machine (``domain/referrals/status.py``), so a move that is not
allowed cannot be chosen; the date defaults to today and cannot go before the last change. A
reason is asked for only when the service did not accept. Moving an offered referral to "made"
needs consent, explained (and recordable) here as in the referral dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.problems import Problem
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.records import (
    ReferralStatusChange,
    consent_scope,
    next_change_problems,
    referral_consent_problem,
)
from survivorapp.domain.referrals.waits import ReferralRecord
from survivorapp.ui.referrals.referral_dialog import ConsentNote
from survivorapp.ui.widgets.fields import CodeCombo, DateField
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.small_dialog import SmallDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferralStatusDialog", text)


class ReferralStatusDialog(SmallDialog):
    """Emits :attr:`change_ready` with a valid :class:`ReferralStatusChange`."""

    change_ready = Signal(object)
    consent_requested = Signal()

    def __init__(
        self,
        labels: Labels,
        record: ReferralRecord,
        today: date,
        consents: Sequence[ConsentRecord],
        parent: QWidget | None = None,
    ) -> None:
        dates = record.dates
        destination = labels.code("referral_destination", record.referral.destination_type)
        super().__init__(
            _tr("Update the referral"),
            _tr("{destination}. Now: {status} (since {day}).")
            .replace("{destination}", destination)
            .replace("{status}", labels.code("referral_status", dates.status))
            .replace("{day}", format_date(dates.status_on)),
            _tr("Save status"),
            parent,
        )
        self._labels = labels
        self._record = record
        self._today = today
        self._consents = list(consents)
        allowed = rs.allowed_next(dates.status)
        self.status = QComboBox()
        self.status.setAccessibleName(_tr("New status"))
        for code in allowed:
            self.status.addItem(labels.code("referral_status", code), code)
        self.status.currentIndexChanged.connect(lambda _i: self._refresh())
        self.help = QLabel(wordWrap=True)
        self.help.setProperty("role", "muted")
        self.date = DateField(_tr("Date"), today, latest=today)
        last = dates.status_on
        self.date.setMinimumDate(QDate(last.year, last.month, last.day))
        self.date.dateChanged.connect(lambda _d: self._refresh())
        self.reason = CodeCombo(labels, "referral_rejection_reason", _tr("Reason given"))
        self.reason_label = QLabel(_tr("Reason given"))
        self.note = self.text_box(_tr("Note"))
        self.consent = ConsentNote()
        self.consent.consent_requested.connect(self.consent_requested.emit)
        self.form.addRow(_tr("New status"), self.status)
        self.form.addRow("", self.help)
        self.form.addRow(_tr("Date"), self.date)
        self.form.addRow(self.reason_label, self.reason)
        self.form.addRow(_tr("Note"), self.note)
        self.form.addRow("", self.consent)
        if not allowed:
            self.show_message(rs.transition_problem(dates.status, rs.CLOSED) or "")
            self.submit_button.setEnabled(False)
        self._refresh()
        self.submitted.connect(self.on_dialog_submitted)

    @property
    def referral_id(self) -> int | None:
        return self._record.referral.id

    def choose(self, status: str) -> None:
        index = self.status.findData(status)
        if index >= 0:
            self.status.setCurrentIndex(index)

    def offered_statuses(self) -> list[str]:
        return [str(self.status.itemData(i)) for i in range(self.status.count())]

    def set_consents(self, consents: Sequence[ConsentRecord]) -> None:
        self._consents = list(consents)
        self._refresh()

    def _chosen(self) -> str:
        value = self.status.currentData()
        return value if isinstance(value, str) else ""

    def consent_problem(self) -> Problem | None:
        if self._chosen() not in rs.NEEDS_CONSENT:
            return None
        return referral_consent_problem(self._consents, self.date.value() or self._today)

    def _refresh(self) -> None:
        chosen = self._chosen()
        vocabulary = self._labels.vocabularies["referral_status"]
        self.help.setText(next((c.help or "" for c in vocabulary if c.code == chosen), ""))
        self.help.setVisible(bool(self.help.text()))
        rejecting = chosen in rs.NEEDS_REASON
        self.reason.setVisible(rejecting)
        self.reason_label.setVisible(rejecting)
        needs_consent = chosen in rs.NEEDS_CONSENT
        self.consent.setVisible(needs_consent)
        if needs_consent:
            self.consent.show_state(self.consent_problem(), consent_scope(self._consents))
        self.adjustSize()

    def build(self) -> ReferralStatusChange:
        chosen = self._chosen()
        return ReferralStatusChange(
            referral_id=self._record.referral.id,
            status=chosen,
            changed_on=self.date.value() or self._today,
            reason=self.reason.code() if chosen in rs.NEEDS_REASON else None,
            note=self.note.toPlainText().strip(),
        )

    def on_dialog_submitted(self) -> None:
        change = self.build()
        problems = change.validate(self._labels.vocabularies, self._today)
        problems += next_change_problems(self._record.history, change)
        consent = self.consent_problem()
        if consent is not None:
            problems.append(consent)
        self.emit_if_valid(problems, self.change_ready, change)
