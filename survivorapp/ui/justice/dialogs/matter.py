"""A justice matter's details: police force, crime reference, date reported, bail.

Used to start a new matter and to correct an existing one's details. The crime reference is a
restricted field, so the box is a password-style field until the person chooses to see it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from survivorapp.domain.justice.records import JusticeMatter
from survivorapp.ui.widgets.fields import CodeCombo, DateField, blank_to_none
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("JusticeMatterDialog", text)


class JusticeMatterDialog(SmallDialog):
    """Emits :attr:`matter_ready` with a valid :class:`JusticeMatter` (new or changed)."""

    matter_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        today: date,
        matter: JusticeMatter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Matter details") if matter else _tr("New justice matter"),
            _tr(
                "One matter is one police investigation (one crime reference). Add another "
                "when there is a second suspect or offence. Anything not known yet can be "
                "left blank."
            ),
            _tr("Save matter"),
            parent,
        )
        self._labels = labels
        self._case_reference = case_reference
        self._today = today
        self._matter = matter or JusticeMatter(case_reference)
        self.label = QLineEdit(self._matter.label or "")
        self.label.setAccessibleName(_tr("Name for this matter"))
        self.label.setPlaceholderText(_tr("Only needed when there is more than one"))
        self.police_force = QLineEdit(self._matter.police_force or "")
        self.police_force.setAccessibleName(_tr("Police force"))
        self.police_force.setPlaceholderText(_tr("For example, Metropolitan Police"))
        self.crime_reference = QLineEdit(self._matter.crime_reference or "")
        self.crime_reference.setAccessibleName(_tr("Crime reference"))
        self.crime_reference.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_reference = QCheckBox(_tr("Show"))
        self.show_reference.setAccessibleName(_tr("Show the crime reference"))
        self.show_reference.toggled.connect(
            lambda shown: self.crime_reference.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        self.date_reported = DateField(
            _tr("Date reported"), self._matter.date_reported, optional=True, latest=today
        )
        self.bail_status = CodeCombo(labels, "bail_status", _tr("Bail status"), optional=True)
        self.bail_status.set_code(self._matter.bail_status)
        self.bail_conditions = self.text_box(
            _tr("Bail conditions"), self._matter.bail_conditions or ""
        )
        self.bail_expiry = DateField(_tr("Bail expiry"), self._matter.bail_expiry, optional=True)
        self.form.addRow(_tr("Name"), self.label)
        self.form.addRow(_tr("Police force"), self.police_force)
        self.form.addRow(_tr("Crime reference"), self.crime_reference)
        self.form.addRow("", self.show_reference)
        self.form.addRow(_tr("Date reported"), self.date_reported)
        self.form.addRow(_tr("Bail status"), self.bail_status)
        self.form.addRow(_tr("Bail conditions"), self.bail_conditions)
        self.form.addRow(_tr("Bail expiry"), self.bail_expiry)
        self.submitted.connect(self.on_dialog_submitted)

    def build_matter(self) -> JusticeMatter:
        return replace(
            self._matter,
            label=blank_to_none(self.label.text()),
            police_force=blank_to_none(self.police_force.text()),
            crime_reference=blank_to_none(self.crime_reference.text()),
            date_reported=self.date_reported.value(),
            bail_status=self.bail_status.code(),
            bail_conditions=blank_to_none(self.bail_conditions.toPlainText()),
            bail_expiry=self.bail_expiry.value(),
        )

    def on_dialog_submitted(self) -> None:
        matter = self.build_matter()
        problems = matter.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.matter_ready, matter)
