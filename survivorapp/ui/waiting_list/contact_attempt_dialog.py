"""Log a contact attempt: when, how, and what happened, with the safe-contact wishes on top.

The survivor's safe-contact summary is the first thing in the form (DESIGN.md 4: shown before
any contact action). "Left a voicemail message" can only be chosen where the survivor has said
voicemail is safe; otherwise it is greyed out and the reason is written underneath, in the
same words the service would use. A channel the survivor said is not safe is not refused (an
attempt that happened is recorded as it happened) but a calm note says so.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QCoreApplication, QDate, QTime, Signal
from PySide6.QtWidgets import QLabel, QTimeEdit, QWidget

from survivorapp.domain.contact import SafeContact
from survivorapp.domain.waiting_list import (
    LEFT_MESSAGE,
    NOTE_LIMIT,
    OUTCOME_VOCABULARY,
    ContactAttempt,
    channel_not_safe,
    message_refusal,
)
from survivorapp.ui.widgets.fields import CodeCombo, CodeRadios, DateField
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted

_NO_TIME = QTime(0, 0)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactAttemptDialog", text)


class ContactAttemptDialog(SmallDialog):
    """Emits :attr:`attempt_ready` with a valid :class:`ContactAttempt` to save."""

    attempt_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        referral_date: date,
        safe_contact: SafeContact | None,
        summary: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Log a contact attempt"),
            _tr("Please read the safe-contact wishes before recording what happened."),
            _tr("Save attempt"),
            parent,
        )
        self._labels = labels
        self._reference = case_reference
        self._referral = referral_date
        self._contact = safe_contact
        self._today = today
        self.safe_contact = QLabel(summary, wordWrap=True)
        self.safe_contact.setProperty("role", "heading")
        self.safe_contact.setAccessibleName(_tr("Safe-contact summary"))
        self.form.addRow(_tr("Safe contact"), self.safe_contact)
        self.attempted_on = DateField(_tr("Date of the attempt"), today, latest=today)
        self.attempted_on.setMinimumDate(
            QDate(referral_date.year, referral_date.month, referral_date.day)
        )
        self.attempted_at = QTimeEdit()
        self.attempted_at.setAccessibleName(_tr("Time of the attempt"))
        self.attempted_at.setDisplayFormat("HH:mm")
        self.attempted_at.setMinimumTime(_NO_TIME)
        self.attempted_at.setSpecialValueText(_tr("Not recorded"))
        self.attempted_at.setTime(_NO_TIME)
        self.channel = CodeCombo(labels, "contact_channel", _tr("How contact was tried"))
        self.channel.set_code("phone")
        self.channel_caution = muted("")
        self.channel_caution.setAccessibleName(_tr("Channel caution"))
        self.outcome = CodeRadios(labels, OUTCOME_VOCABULARY, _tr("What happened"))
        refusal = message_refusal(safe_contact)
        self.message_reason = muted(refusal or "")
        self.message_reason.setAccessibleName(_tr("Why no message can be left"))
        self.message_reason.setVisible(refusal is not None)
        self.outcome.buttons[LEFT_MESSAGE].setEnabled(refusal is None)
        self.note = self.text_box(_tr("Note"))
        self.note.setPlaceholderText(_tr("Optional, short: nothing about what happened to them."))
        self.form.addRow(_tr("Date"), self.attempted_on)
        self.form.addRow(_tr("Time"), self.attempted_at)
        self.form.addRow(_tr("How"), self.channel)
        self.form.addRow("", self.channel_caution)
        self.form.addRow(_tr("What happened"), self.outcome)
        self.form.addRow("", self.message_reason)
        self.form.addRow(_tr("Note"), self.note)
        self.channel.currentIndexChanged.connect(lambda _i: self._show_channel_caution())
        self._show_channel_caution()
        self.submitted.connect(self.on_dialog_submitted)

    def _show_channel_caution(self) -> None:
        channel = self.channel.code() or ""
        unsafe = channel_not_safe(channel, self._contact)
        self.channel_caution.setText(
            _tr(
                "{channel} is marked not safe for this survivor. Please check before using it."
            ).replace("{channel}", self.channel.currentText())
            if unsafe
            else ""
        )
        self.channel_caution.setVisible(unsafe)

    def build(self) -> ContactAttempt:
        at = self.attempted_at.time()
        return ContactAttempt(
            case_reference=self._reference,
            attempted_on=self.attempted_on.value() or self._today,
            channel=self.channel.code() or "",
            outcome=self.outcome.code() or "",
            attempted_at=None if at == _NO_TIME else time(at.hour(), at.minute()),
            note=self.note.toPlainText().strip()[: NOTE_LIMIT + 1],
        )

    def on_dialog_submitted(self) -> None:
        attempt = self.build()
        if not attempt.outcome:
            self.show_problems(_tr("Please choose what happened."))
            return
        problems = attempt.validate(
            self._labels.vocabularies,
            self._today,
            referral_date=self._referral,
            safe_contact=self._contact,
            check_voicemail=True,
        )
        self.emit_if_valid(problems, self.attempt_ready, attempt)
