"""Inputs for questions a survivor may skip, where skipping is an answer in its own right.

Every field starts as "Not asked". "Prefer not to say" and "Unknown" sit beside the real
answers rather than hidden behind them, because returns report the share of each and a person
should never have to invent an answer to move on (DESIGN.md 4, REFERENCE.md 6.5). Each input can
carry a short "why we ask" line under it and shows its own problem when validation finds one.

This module holds the frame every input shares and the single-choice inputs; lists of codes
are in answer_multi_select.py, dates and years in answer_dates.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.ui.widgets.labels import Labels


class FieldFrame(QWidget):
    """An input with an optional muted "why we ask" line and a problem line underneath."""

    changed = Signal()

    def __init__(self, name: str = "", why: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setAccessibleName(name)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(3)
        self.helper = QLabel(why, wordWrap=True)
        self.helper.setProperty("role", "muted")
        self.helper.setVisible(bool(why))
        self.problem = QLabel(wordWrap=True)
        self.problem.setProperty("role", "message")
        self.problem.setVisible(False)
        self.problem.setAccessibleName(self.tr("Problem with {name}").replace("{name}", name))
        self.focus_target: QWidget | None = None

    def _finish(self, body: QWidget | QLayout | None) -> None:
        if isinstance(body, QLayout):
            self._box.addLayout(body)
        elif body is not None:
            self._box.addWidget(body)
        self._box.addWidget(self.helper)
        self._box.addWidget(self.problem)
        if self.helper.text():
            self.focus_widget().setAccessibleDescription(self.helper.text())

    def focus_widget(self) -> QWidget:
        """The widget that should take focus when the field has a problem."""
        return self.focus_target or self

    def set_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))


def wrap(widget: QWidget, name: str, why: str = "") -> FieldFrame:
    """A plain input (line edit, date, combo) given the same helper and problem lines."""
    return _Wrapped(widget, name, why)


def problem_line(name: str, focus: QWidget) -> FieldFrame:
    """Only a problem line, for a row whose inputs are laid out elsewhere (a grid)."""
    frame = FieldFrame(name)
    frame.focus_target = focus
    frame._finish(None)
    return frame


class _Wrapped(FieldFrame):
    def __init__(self, widget: QWidget, name: str, why: str) -> None:
        super().__init__(name, why)
        self.widget = widget
        if not widget.accessibleName():
            widget.setAccessibleName(name)
        self._finish(widget)

    def focus_widget(self) -> QWidget:
        return self.widget


def unanswered_choices(
    allow_declined: bool, allow_unknown: bool, not_asked_label: str | None
) -> list[tuple[str, Unanswered]]:
    """The reasons there is no answer that a field offers, "Not asked" first."""
    choices = [(not_asked_label or Unanswered.NOT_ASKED.label, Unanswered.NOT_ASKED)]
    if allow_declined:
        choices.append((Unanswered.DECLINED.label, Unanswered.DECLINED))
    if allow_unknown:
        choices.append((Unanswered.UNKNOWN.label, Unanswered.UNKNOWN))
    return choices


class AnswerCombo(FieldFrame):
    """One coded answer from a vocabulary, or why there is none.

    "Not asked" heads the list (the default); "Prefer not to say" and "Unknown" follow the real
    answers after a divider. Vocabularies with groups (ethnicity) show the group as a heading.
    """

    def __init__(
        self,
        labels: Labels,
        vocabulary: str,
        allow_unknown: bool = True,
        *,
        allow_declined: bool = True,
        not_asked_label: str | None = None,
        name: str = "",
        why: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, why, parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(name)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(18)
        self._at: dict[int, str | Unanswered] = {}
        choices = unanswered_choices(allow_declined, allow_unknown, not_asked_label)
        self._add(choices[0][0], choices[0][1])
        vocab = labels.vocabularies[vocabulary]
        group: str | None = None
        for code in vocab:
            if vocab.groups and code.group != group and code.group is not None:
                group = code.group
                self._add_heading(vocab.group_label(group))
            self._add(code.label, code.code)
        if len(choices) > 1:
            self.combo.insertSeparator(self.combo.count())
            for label, value in choices[1:]:
                self._add(label, value)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._finish(self.combo)

    # Values are kept by list position rather than as item data: in PySide6 6.12, reading the
    # data of a heading or separator (an empty QVariant) releases a reference to None it never
    # took, which eventually crashes the interpreter.

    def _add(self, label: str, value: str | Unanswered) -> None:
        self._at[self.combo.count()] = value
        self.combo.addItem(label)

    def _add_heading(self, label: str) -> None:
        self.combo.addItem(label)
        model = self.combo.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(self.combo.count() - 1)
            item.setEnabled(False)
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)

    def focus_widget(self) -> QWidget:
        return self.combo

    def _position(self, value: Answer[str]) -> int:
        for position, known in self._at.items():
            if known == value and type(known) is type(value):
                return position
        return -1

    def value(self) -> Answer[str]:
        return self._at.get(self.combo.currentIndex(), Unanswered.NOT_ASKED)

    def set_value(self, value: Answer[str]) -> None:
        self.combo.setCurrentIndex(max(self._position(value), 0))

    def text_for(self, value: Answer[str]) -> str:
        """The words shown in the list for ``value`` (empty if it is not offered)."""
        position = self._position(value)
        return self.combo.itemText(position) if position >= 0 else ""


class _RadioRow(FieldFrame):
    """A field answered by one of a few radio buttons laid out in a row."""

    def _build_radios(self, choices: Sequence[tuple[str, object]]) -> QHBoxLayout:
        self.group = QButtonGroup(self)
        self._choice_values: list[object] = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        for index, (label, value) in enumerate(choices):
            button = QRadioButton(label)
            button.setAccessibleName(f"{self._name}: {label}")
            self.group.addButton(button, index)
            self._choice_values.append(value)
            row.addWidget(button)
        row.addStretch(1)
        self.group.idToggled.connect(self._on_toggled)
        return row

    def _on_toggled(self, _id: int, on: bool) -> None:
        if on:
            self.changed.emit()

    def buttons(self) -> list[QRadioButton]:
        return [b for b in self.group.buttons() if isinstance(b, QRadioButton)]

    def button_for(self, value: object) -> QRadioButton:
        index = self._choice_values.index(value)
        button = self.group.button(index)
        assert isinstance(button, QRadioButton)
        return button

    def focus_widget(self) -> QWidget:
        return self.group.checkedButton() or self.group.buttons()[0]


class AnswerYesNo(_RadioRow):
    """Yes, No, or one of the three reasons there is no answer."""

    def __init__(
        self,
        name: str = "",
        why: str = "",
        *,
        allow_unknown: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, why, parent)
        choices: list[tuple[str, object]] = [(self.tr("Yes"), True), (self.tr("No"), False)]
        choices += unanswered_choices(True, allow_unknown, None)
        self._finish(self._build_radios(choices))
        self.set_value(Unanswered.NOT_ASKED)

    def value(self) -> Answer[bool]:
        checked = self.group.checkedId()
        if checked < 0:
            return Unanswered.NOT_ASKED
        value = self._choice_values[checked]
        assert isinstance(value, (bool, Unanswered))
        return value

    def set_value(self, value: Answer[bool]) -> None:
        self.button_for(value).setChecked(True)
