"""Bail conditions updated: the matter's bail details change and a dated event records it.

The matter holds the current bail (so the expiry becomes a reminder); the event keeps the
history of who told us and when. Both are emitted together for the case view to save.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.ui.widgets.fields import CodeCombo, DateField, blank_to_none
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog

EVENT_FOR_STATUS = {
    "released_under_investigation": "released_under_investigation",
    "remanded_in_custody": "remanded_in_custody",
    "court_bail": "court_bail",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("BailUpdateDialog", text)


class BailUpdateDialog(SmallDialog):
    """Emits :attr:`bail_ready` with ``(JusticeMatter, JusticeEvent)``, both valid."""

    bail_ready = Signal(object, object)

    def __init__(
        self, labels: Labels, matter: JusticeMatter, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _tr("Bail conditions updated"),
            _tr("The survivor's views on bail conditions should be sought (PCSCA 2022)."),
            _tr("Save bail update"),
            parent,
        )
        self._labels = labels
        self._matter = matter
        self._today = today
        self.bail_status = CodeCombo(labels, "bail_status", _tr("Bail status"))
        self.bail_status.set_code(matter.bail_status or "bail_with_conditions")
        self.bail_conditions = self.text_box(_tr("Bail conditions"), matter.bail_conditions or "")
        self.bail_expiry = DateField(_tr("Bail expiry"), matter.bail_expiry, optional=True)
        self.told_on = DateField(_tr("Date we were told"), today, latest=today)
        self.informed_by = CodeCombo(labels, "informed_by", _tr("Who told us"))
        self.informed_by.set_code("police")
        self.form.addRow(_tr("Bail status"), self.bail_status)
        self.form.addRow(_tr("Conditions"), self.bail_conditions)
        self.form.addRow(_tr("Bail expiry"), self.bail_expiry)
        self.form.addRow(_tr("Date we were told"), self.told_on)
        self.form.addRow(_tr("Who told us"), self.informed_by)
        self.submitted.connect(self.on_dialog_submitted)

    def build(self) -> tuple[JusticeMatter, JusticeEvent]:
        status = self.bail_status.code()
        matter = replace(
            self._matter,
            bail_status=status,
            bail_conditions=blank_to_none(self.bail_conditions.toPlainText()),
            bail_expiry=self.bail_expiry.value(),
        )
        event = JusticeEvent(
            self._matter.id,
            EVENT_FOR_STATUS.get(status or "", "bail_conditions_updated"),
            self.told_on.value() or self._today,
            self.informed_by.code() or "police",
        )
        return matter, event

    def on_dialog_submitted(self) -> None:
        matter, event = self.build()
        vocabularies = self._labels.vocabularies
        problems = matter.validate(vocabularies, self._today) + event.validate(
            vocabularies, self._today
        )
        self.emit_if_valid(problems, self.bail_ready, matter, event)
