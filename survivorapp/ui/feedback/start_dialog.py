"""The worker chooses a questionnaire, when in support it is, and how it will be answered.

Either the survivor answers on screen in survivor mode, or the worker reads the questions out
and notes the answers (REFERENCE.md 4: the mode is stored because answers can differ).
Anonymous feedback (no case) offers only service feedback: an outcome measure belongs to a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QButtonGroup, QComboBox, QRadioButton, QSpinBox, QWidget

from survivorapp.domain.questionnaires.administrations import (
    READ_OUT,
    REVIEW,
    SELF_COMPLETED,
    Administration,
)
from survivorapp.domain.questionnaires.flow import FlowResult
from survivorapp.domain.questionnaires.instruments import ENGLISH, Instrument
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog

LANGUAGE_NAMES = {"en": "English", "cy": "Welsh", "pl": "Polish", "ur": "Urdu", "ar": "Arabic"}


@dataclass(frozen=True)
class FeedbackChoice:
    instrument: Instrument
    timepoint: str
    mode: str
    language: str = ENGLISH
    review_number: int | None = None

    def administration(
        self, result: FlowResult, case_reference: str | None, today: date
    ) -> Administration:
        """The answers as the feedback service records them (it works out the score)."""
        return Administration(
            instrument_id=self.instrument.id,
            instrument_version=self.instrument.version,
            timepoint=self.timepoint,
            mode=self.mode,
            administered_on=today,
            responses=result.responses,
            case_reference=case_reference,
            review_number=self.review_number,
            stopped_early=result.stopped_early,
        )


def instrument_label(instrument: Instrument) -> str:
    kind = "outcome measure" if instrument.is_outcome_measure else "feedback about the service"
    return f"{instrument.name}  ({kind})"


class StartFeedbackDialog(SmallDialog):
    def __init__(
        self,
        instruments: Sequence[Instrument],
        labels: Labels,
        *,
        anonymous: bool = False,
        suggested_timepoint: str | None = None,
        suggested_review: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        intro = (
            self.tr(
                "Anonymous feedback is not linked to any case. Only questions about the service "
                "can be answered this way."
            )
            if anonymous
            else self.tr(
                "Every question can be skipped, and the survivor can take a break or stop at "
                "any time."
            )
        )
        super().__init__(self.tr("Start a questionnaire"), intro, self.tr("Start"), parent)
        self._labels = labels
        self._instruments = [i for i in instruments if not anonymous or not i.is_outcome_measure]
        self._suggested_timepoint = suggested_timepoint
        self.instrument_box = QComboBox()
        self.instrument_box.setAccessibleName(self.tr("Questionnaire"))
        for instrument in self._instruments:
            self.instrument_box.addItem(instrument_label(instrument))
        self.form.addRow(self.tr("Questionnaire"), self.instrument_box)
        self.timepoint_box = QComboBox()
        self.timepoint_box.setAccessibleName(self.tr("When in support"))
        self.form.addRow(self.tr("When in support"), self.timepoint_box)
        self.review_spin = QSpinBox(minimum=1, maximum=99, value=suggested_review or 1)
        self.review_spin.setAccessibleName(self.tr("Review number"))
        self.form.addRow(self.tr("Review number"), self.review_spin)
        self.language_box = QComboBox()
        self.language_box.setAccessibleName(self.tr("Language"))
        self.form.addRow(self.tr("Language"), self.language_box)
        self.on_screen = QRadioButton(self.tr("The survivor answers on screen (survivor mode)"))
        self.read_out = QRadioButton(self.tr("I read the questions out and note the answers"))
        self.on_screen.setChecked(True)
        self._modes = QButtonGroup(self)
        for button in (self.on_screen, self.read_out):
            button.setAccessibleName(button.text())
            self._modes.addButton(button)
        self.form.addRow(self.tr("How"), self.on_screen)
        self.form.addRow("", self.read_out)
        self.instrument_box.currentIndexChanged.connect(self._on_instrument_changed)
        self.timepoint_box.currentIndexChanged.connect(self._refresh)
        self._on_instrument_changed()
        if suggested_timepoint is not None:
            self.select_timepoint(suggested_timepoint)
        self.submit_button.setEnabled(bool(self._instruments))
        if not self._instruments:
            self.show_message(self.tr("There are no questionnaires to choose from yet."))

    @property
    def instrument(self) -> Instrument | None:
        index = self.instrument_box.currentIndex()
        return self._instruments[index] if 0 <= index < len(self._instruments) else None

    def select_instrument(self, instrument_id: str) -> None:
        for index, instrument in enumerate(self._instruments):
            if instrument.id == instrument_id:
                self.instrument_box.setCurrentIndex(index)

    def select_timepoint(self, timepoint: str) -> None:
        index = self.timepoint_box.findData(timepoint)
        if index >= 0:
            self.timepoint_box.setCurrentIndex(index)

    def _on_instrument_changed(self) -> None:
        instrument = self.instrument
        current = self.timepoint_box.currentData() or self._suggested_timepoint
        self.timepoint_box.clear()
        self.language_box.clear()
        if instrument is None:
            return
        for timepoint in instrument.timepoints:
            self.timepoint_box.addItem(
                self._labels.code("feedback_timepoint", timepoint), timepoint
            )
        if current:
            self.select_timepoint(current)
        for language in instrument.languages:
            self.language_box.addItem(LANGUAGE_NAMES.get(language, language), language)
        self.form.setRowVisible(self.language_box, len(instrument.languages) > 1)
        self._refresh()

    def _refresh(self) -> None:
        self.form.setRowVisible(self.review_spin, self.timepoint_box.currentData() == REVIEW)

    def choice(self) -> FeedbackChoice | None:
        instrument = self.instrument
        timepoint = self.timepoint_box.currentData()
        if instrument is None or not isinstance(timepoint, str):
            return None
        return FeedbackChoice(
            instrument=instrument,
            timepoint=timepoint,
            mode=SELF_COMPLETED if self.on_screen.isChecked() else READ_OUT,
            language=self.language_box.currentData() or ENGLISH,
            review_number=self.review_spin.value() if timepoint == REVIEW else None,
        )
