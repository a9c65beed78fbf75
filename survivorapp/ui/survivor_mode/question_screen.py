"""One question on one screen: large text, big answer buttons, progress, Back and Skip.

Number keys 1..n choose the options (shown beside each). "Prefer not to answer" is an answer
of its own where the instrument offers it; "Skip this question" moves on with no answer. A
free-text question has a large plain text box and a Continue button. "Why we ask" opens a
short explanation in place. The screen emits what was pressed; the flow decides what happens.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.questionnaires.flow import PREFER_NOT, AnswerValue, Question
from survivorapp.ui.survivor_mode.layout import BigButton, ColumnScreen, label


class TypedAnswerEdit(QPlainTextEdit):
    """A free-text answer takes typing only: no paste, drop or middle-click, so nothing copied
    from a record (the worker's clipboard or selection) can end up in a survivor's answer."""

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return False

    def insertFromMimeData(self, source: QMimeData) -> None:
        return


class QuestionScreen(ColumnScreen):
    answered = Signal(object)  # an option's value, free text, or PREFER_NOT
    skip_requested = Signal()
    back_requested = Signal()
    read_aloud_requested = Signal(str)

    def __init__(self, *, can_read_aloud: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Question"), parent)
        self.column.setSpacing(18)
        self._question: Question | None = None
        self.option_buttons: list[BigButton] = []

        top = QHBoxLayout()
        self.progress_label = label("", "progress")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Progress"))
        top.addWidget(self.progress_label)
        top.addWidget(self.progress, 1)
        self.column.addLayout(top)

        self.stem = label("", "stem")
        self.column.addWidget(self.stem)
        self.text = label("", "question")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.column.addWidget(self.text)
        self._build_tools(can_read_aloud)

        self.options_box = QWidget()
        self.options = QVBoxLayout(self.options_box)
        self.options.setContentsMargins(4, 4, 4, 4)
        self.options.setSpacing(12)
        self.column.addWidget(self.options_box)

        self.free_text = TypedAnswerEdit()
        self.free_text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.free_text.setAccessibleName(self.tr("Your answer"))
        self.free_text.setTabChangesFocus(True)
        self.free_text.setMinimumHeight(200)
        self.column.addWidget(self.free_text)
        self.column.addStretch(1)
        self._build_footer()

    def _build_tools(self, can_read_aloud: bool) -> None:
        """The "Why we ask" button (and "Read aloud" where a voice exists), then its text."""
        tools = QHBoxLayout()
        tools.setSpacing(16)
        self.why_button = BigButton(self.tr("Why we ask"), role="quiet")
        self.why_button.setCheckable(True)
        self.why_button.toggled.connect(self._on_why_toggled)
        tools.addWidget(self.why_button)
        self.read_aloud_button: BigButton | None = None
        if can_read_aloud:
            self.read_aloud_button = BigButton(self.tr("Read aloud"), role="quiet")
            self.read_aloud_button.clicked.connect(
                lambda: self.read_aloud_requested.emit(self._spoken_text())
            )
            tools.addWidget(self.read_aloud_button)
        tools.addStretch(1)
        self.column.addLayout(tools)
        self.why = label("", "why")
        self.why.setVisible(False)
        self.column.addWidget(self.why)

    def _build_footer(self) -> None:
        self.continue_button = BigButton(self.tr("Continue"), primary=True)
        self.continue_button.clicked.connect(
            lambda: self.answered.emit(self.free_text.toPlainText())
        )
        self.continue_button.setMinimumWidth(220)
        self.back_button = BigButton(self.tr("Back"), name=self.tr("Back to the last question"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.skip_button = BigButton(self.tr("Skip this question"))
        self.skip_button.clicked.connect(self.skip_requested.emit)
        self.footer.addWidget(self.back_button)
        self.footer.addStretch(1)
        self.footer.addWidget(self.skip_button)
        self.footer.addWidget(self.continue_button)  # in view however long the question is
        self.footer_area.setVisible(True)

    # --- showing a question ------------------------------------------------------------------

    @property
    def question(self) -> Question | None:
        return self._question

    def show_question(
        self, question: Question, position: int, total: int, previous: AnswerValue | None
    ) -> None:
        self._question = question
        progress = self.tr("{n} of {total}").replace("{n}", str(position))
        progress = progress.replace("{total}", str(total))
        self.progress_label.setText(progress)
        self.progress_label.setAccessibleName(
            self.tr("Question {n} of {total}")
            .replace("{n}", str(position))
            .replace("{total}", str(total))
        )
        self.progress.setRange(0, total)
        self.progress.setValue(position)
        self.progress.setAccessibleDescription(self.progress_label.accessibleName())
        self.stem.setText(question.stem)
        self.stem.setAccessibleName(question.stem)
        self.stem.setVisible(bool(question.stem))
        self.text.setText(question.text)
        self.text.setAccessibleName(question.text)
        self.why.setText(question.why)
        self.why.setAccessibleName(question.why)
        self.why_button.setVisible(bool(question.why))
        self.why_button.setChecked(False)
        self._build_options(question, previous)
        free = question.free_text
        self.free_text.setVisible(free)
        self.continue_button.setVisible(free)
        self.options_box.setVisible(not free)
        if free:
            self.free_text.setPlainText(previous if isinstance(previous, str) else "")
        self.back_button.setEnabled(position > 1)
        self.scroll_area.verticalScrollBar().setValue(0)
        self.focus_first()

    def _build_options(self, question: Question, previous: AnswerValue | None) -> None:
        for button in self.option_buttons:
            self.options.removeWidget(button)
            button.deleteLater()
        self.option_buttons = []
        while self.options.count():
            self.options.takeAt(0)
        entries: list[tuple[str, AnswerValue]] = [(c.label, c.value) for c in question.choices]
        if question.choices and question.prefer_not:
            entries.append((self.tr("Prefer not to answer"), PREFER_NOT))
        for number, (text, value) in enumerate(entries, start=1):
            shown = f"{number}   {text}" if number <= 9 else text
            button = BigButton(shown, role="option", name=text)
            button.setCheckable(True)
            button.setChecked(previous is not None and previous == value)
            if number <= 9:
                button.setAccessibleDescription(
                    self.tr("Press {n} to choose this answer").replace("{n}", str(number))
                )
            button.clicked.connect(lambda _checked=False, v=value: self._choose(v))
            self.options.addWidget(button)
            button.setVisible(True)  # now, not on the next turn of the event loop
            self.option_buttons.append(button)

    def _choose(self, value: AnswerValue) -> None:
        for button in self.option_buttons:
            button.setChecked(False)
        self.answered.emit(value)

    def focus_first(self) -> None:
        if self._question is not None and self._question.free_text:
            self.free_text.setFocus()
            return
        chosen = next((b for b in self.option_buttons if b.isChecked()), None)
        target: QPushButton | None = chosen or (
            self.option_buttons[0] if self.option_buttons else None
        )
        if target is not None:
            target.setFocus()

    def _on_why_toggled(self, shown: bool) -> None:
        self.why.setVisible(shown)
        self.why_button.setText(self.tr("Hide why we ask") if shown else self.tr("Why we ask"))
        self.why_button.setAccessibleName(self.why_button.text())

    def _spoken_text(self) -> str:
        question = self._question
        if question is None:
            return ""
        parts = [question.stem, question.text, *(c.label for c in question.choices)]
        return ". ".join(p for p in parts if p)

    # --- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1..9 choose an option, unless the survivor is typing in the free-text box."""
        key = event.key()
        if (
            Qt.Key.Key_1 <= key <= Qt.Key.Key_9
            and not self.free_text.hasFocus()
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            index = key - Qt.Key.Key_1
            if index < len(self.option_buttons):
                self.option_buttons[index].click()
                return
        super().keyPressEvent(event)
