"""The survivor's own wishes about the police matter, kept apart from any police outcome."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.justice.records import SurvivorPosition
from survivorapp.ui.widgets.fields import CodeRadios, DateField
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("SurvivorPositionDialog", text)


class SurvivorPositionDialog(SmallDialog):
    """Emits :attr:`position_ready` with a valid :class:`SurvivorPosition`."""

    position_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        matter_id: int | None,
        today: date,
        current: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("The survivor's wishes"),
            _tr(
                "What the survivor says they want, in their own words, whatever police have "
                "recorded. They can change their mind at any time."
            ),
            _tr("Save"),
            parent,
        )
        self._labels = labels
        self._matter_id = matter_id
        self._today = today
        self.position = CodeRadios(labels, "survivor_position", _tr("The survivor's wishes"))
        self.position.set_code(current)
        self.recorded_on = DateField(_tr("Date they told us"), today, latest=today)
        self.note = self.text_box(_tr("Note"))
        self.form.addRow(_tr("They want"), self.position)
        self.form.addRow(_tr("Date they told us"), self.recorded_on)
        self.form.addRow(_tr("Note"), self.note)
        self.submitted.connect(self.on_dialog_submitted)

    def on_dialog_submitted(self) -> None:
        code = self.position.code()
        if code is None:
            self.show_problems(_tr("Please choose what the survivor wants."))
            return
        position = SurvivorPosition(
            self._matter_id,
            code,
            self.recorded_on.value() or self._today,
            self.note.toPlainText().strip(),
        )
        problems = position.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.position_ready, position)
