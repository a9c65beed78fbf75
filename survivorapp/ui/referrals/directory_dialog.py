"""Adding or changing one organisation in the directory of local organisations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.ui.widgets.fields import blank_to_none
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("DirectoryDialog", text)


class DirectoryDialog(SmallDialog):
    """Emits :attr:`organisation_ready` with a valid entry (new, or changed with its id)."""

    organisation_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        today: date,
        organisation: DirectoryOrganisation | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Change the entry") if organisation else _tr("Add an organisation"),
            _tr(
                "Organisations survivors can be referred to. Everyone who makes referrals "
                "sees this entry; it holds no details of anyone supported."
            ),
            _tr("Save"),
            parent,
        )
        self._labels = labels
        self._today = today
        self._organisation = organisation or DirectoryOrganisation("", "")
        current = self._organisation
        self.name = QLineEdit(current.name)
        self.name.setAccessibleName(_tr("Name"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_tr("Kind of service"))
        self.kind.addItem(_tr("Choose the kind of service…"), "")
        for label, code in labels.options("referral_destination"):
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current.destination_type)))
        self.borough = QComboBox()
        self.borough.setAccessibleName(_tr("Borough"))
        self.borough.addItem(_tr("Across London, or not set"), "")
        for label, code in labels.options("borough"):
            self.borough.addItem(label, code)
        self.borough.setCurrentIndex(max(0, self.borough.findData(current.borough or "")))
        self.phone = QLineEdit(current.phone or "")
        self.phone.setAccessibleName(_tr("Phone"))
        self.email = QLineEdit(current.email or "")
        self.email.setAccessibleName(_tr("Email"))
        self.address = QLineEdit(current.address or "")
        self.address.setAccessibleName(_tr("Address"))
        self.notes = self.text_box(_tr("Notes"), current.notes)
        self.notes.setPlaceholderText(_tr("For example, how to refer and who they can help"))
        for label, widget in (
            (_tr("Name"), self.name),
            (_tr("Kind of service"), self.kind),
            (_tr("Borough"), self.borough),
            (_tr("Phone"), self.phone),
            (_tr("Email"), self.email),
            (_tr("Address"), self.address),
            (_tr("Notes"), self.notes),
        ):
            self.form.addRow(label, widget)
        self.submitted.connect(self.on_dialog_submitted)

    def build(self) -> DirectoryOrganisation:
        return replace(
            self._organisation,
            name=self.name.text().strip(),
            destination_type=self.kind.currentData() or "",
            borough=self.borough.currentData() or None,
            phone=blank_to_none(self.phone.text()),
            email=blank_to_none(self.email.text()),
            address=blank_to_none(self.address.text()),
            notes=self.notes.toPlainText().strip(),
        )

    def on_dialog_submitted(self) -> None:
        organisation = self.build()
        problems = organisation.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.organisation_ready, organisation)
