"""Recording one justice event: the fields shown follow the rule tables for its kind.

An event type decides what else is asked (``domain.justice.events``): an outcome from the right
vocabulary, a defendant and count on a verdict, a reason when a trial date changes, a hearing
date and court for a listing. The quick actions open this same dialog with the kind already
chosen, so a charging decision or a trial relisting takes three clicks. A correction opens it
filled in from the wrong event; saving makes a new event that supersedes it, never an edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.justice.events import (
    ENTERED_IN_ERROR,
    HEARING_DATE_ALLOWED,
    HEARING_DATE_REQUIRED,
    OUTCOME_VOCABULARY,
    PER_DEFENDANT,
    TRIAL_CHANGES,
)
from survivorapp.domain.justice.records import JusticeEvent
from survivorapp.ui.widgets.fields import (
    RADIO_LIMIT,
    CodeCombo,
    CodeRadios,
    DateField,
    blank_to_none,
)
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog

DEFAULT_INFORMED_BY = {
    **dict.fromkeys(TRIAL_CHANGES, "witness_care"),
    "charging_decision": "cps",
    "verdict": "court",
    "sentence": "court",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("JusticeEventDialog", text)


class JusticeEventDialog(SmallDialog):
    """Collects one :class:`JusticeEvent` and emits it once the domain finds no problems."""

    event_ready = Signal(object)

    def __init__(
        self,
        labels: Labels,
        matter_id: int | None,
        today: date,
        *,
        event_types: Sequence[str] | None = None,
        title: str | None = None,
        intro: str = "",
        corrects: JusticeEvent | None = None,
        parent: QWidget | None = None,
    ) -> None:
        action = _tr("Save correction") if corrects else _tr("Save event")
        super().__init__(title or _tr("Add an event"), intro, action, parent)
        self._labels = labels
        self._matter_id = matter_id
        self._today = today
        self._corrects = corrects
        self._outcome: CodeRadios | CodeCombo | None = None
        self._outcome_vocabulary: str | None = None
        types = list(event_types) if event_types else None
        self._build_type_picker(types)
        self._build_fields()
        self.submitted.connect(self.on_dialog_submitted)
        if corrects is not None:
            self._fill_from(corrects)
        self._on_type_changed()

    # -- building -------------------------------------------------------------------------

    def _build_type_picker(self, types: list[str] | None) -> None:
        lab = self._labels
        self.type_radios: CodeRadios | None = None
        self.type_combo: QComboBox | None = None
        self._fixed_type: str | None = None
        if self._corrects is not None:
            self.in_error = QCheckBox(self.tr("It was recorded in error: take it out"))
            self.in_error.setAccessibleName(self.tr("Recorded in error"))
            self.in_error.toggled.connect(self._on_type_changed)
            self.form.addRow(self.tr("Correction"), self.in_error)
        if types is not None and len(types) == 1:
            self._fixed_type = types[0]
            shown = QLabel(lab.code("cjs_event_type", types[0]))
            shown.setAccessibleName(self.tr("Kind of event"))
            self.form.addRow(self.tr("Event"), shown)
        elif types is not None and len(types) <= 4:
            self.type_radios = CodeRadios(lab, "cjs_event_type", self.tr("Kind of event"), types)
            self.type_radios.set_code(types[0])
            self.type_radios.group.buttonToggled.connect(lambda *_: self._on_type_changed())
            self.form.addRow(self.tr("What happened"), self.type_radios)
        else:
            self.type_combo = _grouped_type_combo(lab, types)
            self.type_combo.currentIndexChanged.connect(lambda _: self._on_type_changed())
            self.form.addRow(self.tr("Event"), self.type_combo)

    def _build_fields(self) -> None:
        lab = self._labels
        self.event_date = DateField(self.tr("Date it happened"), self._today, latest=self._today)
        self.form.addRow(self.tr("Date it happened"), self.event_date)
        self.outcome_holder = QWidget()
        self.outcome_holder.setAccessibleName(self.tr("Outcome"))
        self._outcome_layout = QVBoxLayout(self.outcome_holder)
        self._outcome_layout.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Outcome"), self.outcome_holder)
        self.hearing_date = DateField(self.tr("Hearing date"), None, optional=True)
        self.form.addRow(self.tr("Hearing date"), self.hearing_date)
        self.court = QLineEdit()
        self.court.setAccessibleName(self.tr("Court"))
        self.court.setMaxLength(120)
        self.court.setPlaceholderText(self.tr("For example, Snaresbrook Crown Court"))
        self.form.addRow(self.tr("Court"), self.court)
        self.reason = CodeCombo(
            lab, "trial_change_reason", self.tr("Reason the date changed"), optional=True
        )
        self.form.addRow(self.tr("Reason"), self.reason)
        self.defendant = QLineEdit()
        self.defendant.setAccessibleName(self.tr("Defendant"))
        self.defendant.setPlaceholderText(self.tr("Only if there is more than one, e.g. D1"))
        self.form.addRow(self.tr("Defendant"), self.defendant)
        self.count = QSpinBox(minimum=0, maximum=99)
        self.count.setSpecialValueText(self.tr("Not set"))
        self.count.setAccessibleName(self.tr("Count number"))
        self.form.addRow(self.tr("Count"), self.count)
        self.informed_by = CodeCombo(lab, "informed_by", self.tr("Who told us"))
        self.form.addRow(self.tr("Who told us"), self.informed_by)
        self.note = self.text_box(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("A short, factual note (optional)."))
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.form.addRow(self.tr("Note"), self.note)

    def _fill_from(self, event: JusticeEvent) -> None:
        self.set_event_type(event.event_type)
        self.event_date.set_value(event.event_date)
        self.hearing_date.set_value(event.hearing_date)
        self.court.setText(event.court or "")
        self.reason.set_code(event.reason)
        self.defendant.setText(event.defendant or "")
        self.count.setValue(event.count or 0)
        self.informed_by.set_code(event.informed_by)
        self.note.setPlainText(event.note)
        self._on_type_changed()
        if self._outcome is not None:
            self._outcome.set_code(event.outcome_code)

    # -- behaviour ------------------------------------------------------------------------

    def event_type(self) -> str | None:
        if self._corrects is not None and self.in_error.isChecked():
            return ENTERED_IN_ERROR
        if self._fixed_type is not None:
            return self._fixed_type
        if self.type_radios is not None:
            return self.type_radios.code()
        if self.type_combo is not None:
            data = self.type_combo.currentData()
            return data if isinstance(data, str) else None
        return None

    def set_event_type(self, code: str) -> None:
        if self.type_radios is not None:
            self.type_radios.set_code(code)
        elif self.type_combo is not None:
            self.type_combo.setCurrentIndex(max(self.type_combo.findData(code), 0))

    def _on_type_changed(self) -> None:
        kind = self.event_type() or ""
        in_error = kind == ENTERED_IN_ERROR
        vocabulary = OUTCOME_VOCABULARY.get(kind)
        self._set_outcome_vocabulary(vocabulary)
        rows = {
            self.event_date: not in_error,
            self.outcome_holder: vocabulary is not None,
            self.hearing_date: kind in HEARING_DATE_ALLOWED,
            self.court: kind in HEARING_DATE_ALLOWED,
            self.reason: kind in TRIAL_CHANGES,
            self.defendant: kind in PER_DEFENDANT,
            self.count: kind == "verdict",
        }
        for widget, visible in rows.items():
            self.form.setRowVisible(widget, visible)
        label = self.form.labelForField(self.hearing_date)
        if isinstance(label, QLabel):
            required = kind in HEARING_DATE_REQUIRED
            label.setText(self.tr("New hearing date") if required else self.tr("Hearing date"))
        if self._corrects is None and kind in DEFAULT_INFORMED_BY:
            self.informed_by.set_code(DEFAULT_INFORMED_BY[kind])
        self.adjustSize()

    def _set_outcome_vocabulary(self, vocabulary: str | None) -> None:
        if self._outcome_vocabulary == vocabulary:
            return
        self._outcome_vocabulary = vocabulary
        layout = self._outcome_layout
        if self._outcome is not None:
            layout.removeWidget(self._outcome)
            self._outcome.deleteLater()
            self._outcome = None
        if vocabulary is None:
            return
        name = self._labels.vocabularies[vocabulary].title
        codes = self._labels.vocabularies[vocabulary].codes
        picker: CodeRadios | CodeCombo
        if len(codes) <= RADIO_LIMIT:
            picker = CodeRadios(self._labels, vocabulary, name)
        else:
            picker = CodeCombo(self._labels, vocabulary, name, optional=True)
        layout.addWidget(picker)
        self._outcome = picker

    def build_event(self) -> JusticeEvent:
        kind = self.event_type() or ""
        corrects = self._corrects
        if kind == ENTERED_IN_ERROR and corrects is not None:
            return JusticeEvent(
                self._matter_id,
                ENTERED_IN_ERROR,
                self._today,
                self.informed_by.code() or "other",
                note=self.note.toPlainText().strip(),
                supersedes=corrects.id,
            )
        visible = self.form.isRowVisible
        count = self.count.value() if visible(self.count) else 0
        return JusticeEvent(
            self._matter_id,
            kind,
            self.event_date.value() or self._today,
            self.informed_by.code() or "other",
            note=self.note.toPlainText().strip(),
            outcome_code=self._outcome.code() if self._outcome is not None else None,
            defendant=blank_to_none(self.defendant.text()) if visible(self.defendant) else None,
            count=count or None,
            reason=self.reason.code() if visible(self.reason) else None,
            hearing_date=self.hearing_date.value() if visible(self.hearing_date) else None,
            court=blank_to_none(self.court.text()) if visible(self.court) else None,
            supersedes=corrects.id if corrects is not None else None,
        )

    def on_dialog_submitted(self) -> None:
        if not self.event_type():
            self.show_problems(self.tr("Please choose what happened."))
            return
        event = self.build_event()
        problems = event.validate(self._labels.vocabularies, self._today)
        self.emit_if_valid(problems, self.event_ready, event)


def _grouped_type_combo(labels: Labels, types: Sequence[str] | None) -> QComboBox:
    """Every event kind under its stage heading (headings cannot be picked)."""
    combo = QComboBox()
    combo.setAccessibleName(combo.tr("Kind of event"))
    combo.setMaxVisibleItems(20)
    model = QStandardItemModel(combo)
    vocabulary = labels.vocabularies["cjs_event_type"]
    placeholder = QStandardItem(combo.tr("Choose what happened…"))
    model.appendRow(placeholder)
    for group in vocabulary.groups:
        codes = [
            c
            for c in vocabulary.codes
            if c.group == group.code and (types is None or c.code in types)
        ]
        if not codes:
            continue
        heading = QStandardItem(group.label)
        heading.setFlags(Qt.ItemFlag.NoItemFlags)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        model.appendRow(heading)
        for code in codes:
            item = QStandardItem("    " + code.label)
            item.setData(code.code, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
    combo.setModel(model)
    return combo
