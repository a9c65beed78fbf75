"""The "read out by the worker" way of answering: the worker reads each question aloud and notes
the survivor's answer in an ordinary dialog.

Every question starts as "Not answered" (skipped); "Prefer not to answer" is an answer of its
own. The dialog produces the same :class:`FlowResult` as survivor mode, so recording and
scoring do not care which way the answers were given (the mode is stored alongside).
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.questionnaires.flow import (
    PREFER_NOT,
    AnswerValue,
    Ending,
    FlowResult,
    Question,
    Questionnaire,
)
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted


class ReadOutDialog(SmallDialog):
    def __init__(self, questionnaire: Questionnaire, parent: QWidget | None = None) -> None:
        super().__init__(
            questionnaire.title,
            self.tr(
                "Read each question out as written and note the answer given. Leave a "
                "question as “Not answered” if it was skipped."
            ),
            self.tr("Save answers"),
            parent,
        )
        self.questionnaire = questionnaire
        self._inputs: dict[str, QComboBox | QPlainTextEdit] = {}
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setSpacing(10)
        last_stem = ""
        for number, question in enumerate(questionnaire.questions, start=1):
            if question.stem and question.stem != last_stem:
                column.addWidget(muted(question.stem))
                last_stem = question.stem
            text = QLabel(f"{number}. {question.text}", wordWrap=True)
            text.setProperty("role", "heading")
            column.addWidget(text)
            widget = self._input_for(question, number)
            column.addWidget(widget)
            self._inputs[question.item_id] = widget
        column.addStretch(1)
        self.questions_area = QScrollArea()
        self.questions_area.setWidgetResizable(True)
        self.questions_area.setWidget(holder)
        self.questions_area.setMinimumHeight(200)
        self.stopped_box = QCheckBox(self.tr("The survivor chose to stop before the end"))
        self.stopped_box.setAccessibleName(self.stopped_box.text())
        # Straight into the dialog's column (before its message line), not the form: the list
        # of questions is the part that grows.
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        at = outer.indexOf(self.message)
        outer.insertWidget(at, self.questions_area, 10)
        outer.insertWidget(at + 1, self.stopped_box)
        if questionnaire.copyright:
            outer.insertWidget(at + 2, muted(questionnaire.copyright))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The list of questions grows into what room the screen has.
        screen = self.screen().availableGeometry()
        self.resize(
            max(self.width(), min(760, screen.width() - 40)),
            max(self.height(), min(700, screen.height() - 60)),
        )

    def _input_for(self, question: Question, number: int) -> QComboBox | QPlainTextEdit:
        name = self.tr("Answer to question {n}").replace("{n}", str(number))
        if question.free_text:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(80)
            edit.setAccessibleName(name)
            return edit
        box = QComboBox()
        box.setAccessibleName(name)
        box.addItem(self.tr("Not answered"), None)
        for choice in question.choices:
            box.addItem(choice.label, choice.value)
        if question.prefer_not:
            box.addItem(self.tr("Prefer not to answer"), str(PREFER_NOT))
        return box

    def set_answer(self, item_id: str, value: AnswerValue | None) -> None:
        """Used by tests and by re-opening: pick ``value`` for one question."""
        widget = self._inputs[item_id]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
            return
        stored = str(value) if value == PREFER_NOT else value
        index = widget.findData(stored)
        widget.setCurrentIndex(max(0, index))

    def result(self) -> FlowResult:  # type: ignore[override]
        answers: dict[str, AnswerValue] = {}
        skipped: list[str] = []
        for question in self.questionnaire.questions:
            widget = self._inputs[question.item_id]
            value: AnswerValue | None
            if isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText().strip()[: question.max_length]
                value = text or None
            else:
                data = widget.currentData()
                value = PREFER_NOT if data == str(PREFER_NOT) else data
            if value is None:
                skipped.append(question.item_id)
            else:
                answers[question.item_id] = value
        ending = Ending.STOPPED if self.stopped_box.isChecked() else Ending.FINISHED
        return FlowResult(ending, answers, tuple(skipped))
