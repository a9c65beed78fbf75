"""The Victim Personal Statement for a matter: offered, made, updated, and how it is heard.

A signed VPS cannot be changed; a further statement can be added at any time before
sentence, which is what "updated" records (REFERENCE 1.7). Saving keeps the id of the
record being edited, so the service updates the matter's one statement record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.justice.support import VictimPersonalStatement
from survivorapp.ui.widgets.fields import CodeCombo, DateField
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("VpsDialog", text)


class VpsDialog(SmallDialog):
    """Emits :attr:`vps_ready` with a valid :class:`VictimPersonalStatement`."""

    vps_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        matter_id: int | None,
        current: VictimPersonalStatement | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Victim Personal Statement"),
            _tr(
                "The statement says how the crime has affected the survivor, in their words. "
                "It is shared with the defence and they can be asked about it. Once signed it "
                "cannot be changed, but a further statement can be added before sentence. "
                "Leave a date as “Not set” until it happens."
            ),
            _tr("Save statement"),
            parent,
        )
        self._labels = labels
        self._today = today
        self._current = current or VictimPersonalStatement(matter_id)
        self._current = replace(self._current, matter_id=matter_id)
        vps = self._current
        self.offered_on = DateField(
            _tr("Date offered"), vps.offered_on, optional=True, latest=today
        )
        self.made_on = DateField(_tr("Date made"), vps.made_on, optional=True, latest=today)
        self.updated_on = DateField(
            _tr("Date a further statement was added"), vps.updated_on, optional=True, latest=today
        )
        self.reading_preference = CodeCombo(
            labels, "vps_reading_preference", _tr("How they want it heard"), optional=True
        )
        self.reading_preference.set_code(vps.reading_preference)
        self.form.addRow(_tr("Offered on"), self.offered_on)
        self.form.addRow(_tr("Made on"), self.made_on)
        self.form.addRow(_tr("Further statement on"), self.updated_on)
        self.form.addRow(_tr("How they want it heard"), self.reading_preference)
        self.submitted.connect(self.on_dialog_submitted)

    def build(self) -> VictimPersonalStatement:
        return replace(
            self._current,
            offered_on=self.offered_on.value(),
            made_on=self.made_on.value(),
            updated_on=self.updated_on.value(),
            reading_preference=self.reading_preference.code(),
        )

    def on_dialog_submitted(self) -> None:
        vps = self.build()
        problems = vps.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.vps_ready, vps)
