"""Making or offering a well-being referral: to what kind of service, which organisation, when.

Offering needs no consent (the survivor is only being told about a service). Making one needs
their consent to referrals first; when it is not in place the dialog says why, in the words the
service would use, and offers to record consent without losing anything typed here. The
organisations offered come from the service's directory, narrowed to the kind of service
chosen; one that is not listed can be typed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.problems import Problem
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral, consent_scope, referral_consent_problem
from survivorapp.ui.widgets.fields import DateField, blank_to_none
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog

NOT_LISTED = -1
NONE_CHOSEN = 0


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferralDialog", text)


class ConsentNote(QWidget):
    """Says whether consent to referrals is in place, with a way to record it."""

    consent_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(wordWrap=True)
        self.text.setAccessibleName(_tr("Consent to referrals"))
        self.button = QPushButton(_tr("Record consent…"))
        self.button.setAccessibleName(_tr("Record consent"))
        self.button.clicked.connect(self.consent_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addWidget(self.text)
        layout.addLayout(row)

    def show_state(self, problem: Problem | None, scope: str | None) -> None:
        if problem is None:
            covers = (
                _tr("It covers: {scope}.").replace("{scope}", scope.rstrip(". "))
                if scope
                else _tr("No agencies are named on it.")
            )
            self.text.setText(
                _tr(
                    "The survivor has agreed to referrals. {covers} Please check this referral "
                    "is one they agreed to."
                ).replace("{covers}", covers)
            )
            self.text.setProperty("role", "muted")
        else:
            self.text.setText(problem.message)
            self.text.setProperty("role", "message")
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)
        self.button.setVisible(problem is not None)


class ReferralDialog(SmallDialog):
    """Emits :attr:`referral_ready` with (Referral, first status, note) once it is valid."""

    referral_ready = Signal(object, str, str)
    consent_requested = Signal()

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        today: date,
        directory: Sequence[DirectoryOrganisation],
        consents: Sequence[ConsentRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Make or offer a referral"),
            _tr(
                "Record a referral on to another service. If the survivor is still deciding, "
                "record it as offered; make it once they have agreed."
            ),
            _tr("Save referral"),
            parent,
        )
        self._labels = labels
        self._case_reference = case_reference
        self._today = today
        self._directory = list(directory)
        self._consents = list(consents)
        self._build_where(labels)
        stage = self._build_stage()
        self.date = DateField(_tr("Date"), today, latest=today)
        self.date.dateChanged.connect(lambda _d: self._refresh_consent())
        self.note = self.text_box(_tr("Note"))
        self.consent = ConsentNote()
        self.consent.consent_requested.connect(self.consent_requested.emit)

        self.form.addRow(_tr("Kind of service"), self.destination)
        self.form.addRow(_tr("Organisation"), self.organisation)
        self.form.addRow("", self.other_name)
        self.form.addRow(_tr("Stage"), stage)
        self.form.addRow(_tr("Date"), self.date)
        self.form.addRow(_tr("Note"), self.note)
        self.form.addRow(_tr("Consent"), self.consent)
        self._fill_organisations()
        self._refresh_consent()
        self.submitted.connect(self.on_dialog_submitted)

    def _build_where(self, labels: Labels) -> None:
        """The kind of service, then an organisation of that kind (or one typed in)."""
        self.destination = QComboBox()
        self.destination.setAccessibleName(_tr("Kind of service"))
        self.destination.addItem(_tr("Choose the kind of service…"), "")
        for label, code in labels.options("referral_destination"):
            self.destination.addItem(label, code)
        self.destination.currentIndexChanged.connect(lambda _i: self._fill_organisations())
        self.organisation = QComboBox()
        self.organisation.setAccessibleName(_tr("Organisation"))
        self.organisation.currentIndexChanged.connect(lambda _i: self._show_other())
        self.other_name = QLineEdit()
        self.other_name.setAccessibleName(_tr("Organisation name"))
        self.other_name.setPlaceholderText(_tr("The organisation's name"))

    def _build_stage(self) -> QWidget:
        stage = QWidget()
        stage_row = QVBoxLayout(stage)
        stage_row.setContentsMargins(0, 0, 0, 0)
        self.stage = QButtonGroup(self)
        self.offered = QRadioButton(_tr("Offered: the survivor is thinking about it"))
        self.made = QRadioButton(_tr("Made: sent to the service, with their consent"))
        for button in (self.offered, self.made):
            button.setAccessibleName(button.text().split(":")[0])
            self.stage.addButton(button)
            stage_row.addWidget(button)
        self.made.setChecked(True)
        self.stage.buttonToggled.connect(lambda *_: self._refresh_consent())
        return stage

    # --- choices ------------------------------------------------------------------------

    def _fill_organisations(self) -> None:
        kind = self.destination.currentData() or ""
        self.organisation.blockSignals(True)
        self.organisation.clear()
        self.organisation.addItem(_tr("No particular organisation"), NONE_CHOSEN)
        for organisation in self._directory:
            if organisation.destination_type == kind and organisation.id is not None:
                borough = (
                    f" ({self._labels.code('borough', organisation.borough)})"
                    if organisation.borough
                    else ""
                )
                self.organisation.addItem(organisation.name + borough, organisation.id)
        self.organisation.addItem(_tr("Not in the directory: type its name"), NOT_LISTED)
        self.organisation.blockSignals(False)
        self._show_other()

    def _show_other(self) -> None:
        self.other_name.setVisible(self.organisation.currentData() == NOT_LISTED)

    def choose_organisation(self, organisation_id: int) -> None:
        index = self.organisation.findData(organisation_id)
        if index >= 0:
            self.organisation.setCurrentIndex(index)

    def choose_destination(self, code: str) -> None:
        self.destination.setCurrentIndex(max(0, self.destination.findData(code)))

    def status(self) -> str:
        return rs.MADE if self.made.isChecked() else rs.OFFERED

    # --- consent --------------------------------------------------------------------------

    def set_consents(self, consents: Sequence[ConsentRecord]) -> None:
        """The case's consent ledger changed (consent was just recorded)."""
        self._consents = list(consents)
        self._refresh_consent()

    def consent_problem(self) -> Problem | None:
        if self.status() != rs.MADE:
            return None
        return referral_consent_problem(self._consents, self.date.value() or self._today)

    def _refresh_consent(self) -> None:
        making = self.status() == rs.MADE
        self.consent.setVisible(making)
        if making:
            self.consent.show_state(self.consent_problem(), consent_scope(self._consents))
        self.adjustSize()

    # --- result ---------------------------------------------------------------------------

    def build(self) -> Referral:
        chosen = self.organisation.currentData()
        organisation_id = chosen if isinstance(chosen, int) and chosen > 0 else None
        name = blank_to_none(self.other_name.text()) if chosen == NOT_LISTED else None
        return Referral(
            case_reference=self._case_reference,
            destination_type=self.destination.currentData() or "",
            started_on=self.date.value() or self._today,
            organisation_id=organisation_id,
            organisation_name=name,
        )

    def on_dialog_submitted(self) -> None:
        referral = self.build()
        problems = referral.validate(self._labels.vocabularies, self._today)
        if self.organisation.currentData() == NOT_LISTED and referral.organisation_name is None:
            problems.append(
                Problem("organisation_name", _tr("Please type the organisation's name."))
            )
        consent = self.consent_problem()
        if consent is not None:
            problems.append(consent)
        self.emit_if_valid(
            problems,
            self.referral_ready,
            referral,
            self.status(),
            self.note.toPlainText().strip(),
        )
