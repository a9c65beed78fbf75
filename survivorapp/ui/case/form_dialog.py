"""The form the case's longer dialogs share: a scrolling body, problems beside their fields.

The profile, consent and new-case dialogs all ask a column of questions, show what needs
another look next to the field it concerns (with a short summary at the top), and keep what
was typed when the service refuses it. This module is that frame and its layout helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.problems import Problem
from survivorapp.ui.case.answer_widgets import FieldFrame
from survivorapp.ui.widgets.page_layout import scrolling_column
from survivorapp.ui.widgets.small_dialog import submit_buttons

Result = TypeVar("Result")


def text_of(edit: QLineEdit) -> str | None:
    """What was typed, or None for nothing but spaces."""
    return edit.text().strip() or None


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(18)
    form.setVerticalSpacing(12)
    return form


def row_label(text: str) -> QLabel:
    """A form label of one shared width, so every section lines up on the same column."""
    label = QLabel(text, wordWrap=True)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Interpreter needed") + 12)
    return label


def add_row(form: QFormLayout, text: str, field: QWidget) -> None:
    form.addRow(row_label(text), field)


def show_row(form: QFormLayout, field: QWidget, shown: bool) -> None:
    """Hide a row's label and field together, so a hidden row leaves no gap."""
    label = form.labelForField(field)
    if label is not None:
        label.setVisible(shown)
    field.setVisible(shown)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def muted(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("role", "muted")
    return label


class FormDialog(QDialog, Generic[Result]):
    """A scrollable form with a problem summary at the top and one primary button.

    Subclasses say how to :meth:`build` their result from the fields and which
    :meth:`problems` it has; the primary button emits it on :attr:`submit_requested` once
    there are none."""

    submit_requested = Signal(object)

    def __init__(self, title: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        outer = QVBoxLayout(self)
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "message")
        self.summary.setVisible(False)
        self.summary.setAccessibleName(self.tr("Problems to fix"))
        outer.addWidget(self.summary)
        self.scroll_area, self.body_layout = scrolling_column((4, 4, 12, 4), 14)
        outer.addWidget(self.scroll_area, 1)
        buttons, self.submit_button, self.cancel_button = submit_buttons(
            action, self.tr("Cancel"), self.tr("Cancel without saving")
        )
        self.submit_button.clicked.connect(self.on_submit_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(760, 680)

    def build(self) -> Result:
        raise NotImplementedError

    def problems(self, result: Result) -> list[Problem]:
        raise NotImplementedError

    def on_submit_button_clicked(self) -> None:
        result = self.build()
        problems = self.problems(result)
        if problems:
            self.show_problems(problems)
            return
        self.clear_problems()
        self.submit_requested.emit(result)

    def saved(self) -> None:
        """What was submitted is stored: the form's work is done."""
        self.accept()

    def field_for(self, field: str) -> FieldFrame | None:
        raise NotImplementedError

    def all_fields(self) -> Iterable[FieldFrame]:
        return self.findChildren(FieldFrame)

    def clear_problems(self) -> None:
        self.summary.setVisible(False)
        for frame in self.all_fields():
            frame.set_problem(None)

    def show_problems(self, problems: list[Problem] | str) -> None:
        """Show problems next to their fields, with a short summary at the top."""
        self.clear_problems()
        if isinstance(problems, str):
            self.summary.setText(problems)
            self.summary.setVisible(True)
            return
        unplaced: list[str] = []
        placed: dict[FieldFrame, list[str]] = {}
        for problem in problems:
            frame = self.field_for(problem.field)
            if frame is None:
                unplaced.append(problem.message)
            else:
                placed.setdefault(frame, []).append(problem.message)
        for frame, messages in placed.items():
            frame.set_problem("\n".join(messages))
        count = len(problems)
        lead = (
            self.tr("One thing needs another look before saving.")
            if count == 1
            else self.tr("{n} things need another look before saving.").replace("{n}", str(count))
        )
        extra = "".join(f"\n• {m}" for m in unplaced)
        self.summary.setText(lead + (self.tr(" They are marked below.") if placed else "") + extra)
        self.summary.setVisible(True)
        if placed:
            self.reveal(next(iter(placed)))

    def reveal(self, frame: FieldFrame) -> None:
        self.scroll_area.ensureWidgetVisible(frame, 0, 40)
        frame.focus_widget().setFocus()
