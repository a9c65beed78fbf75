"""Inputs for questions a survivor may skip, where skipping is an answer in its own right.

Every field starts as "Not asked". "Prefer not to say" and "Unknown" sit beside the real
answers rather than hidden behind them, because returns report the share of each and a person
should never have to invent an answer to move on (DESIGN.md 4, REFERENCE.md 6.5). Each input can
carry a short "why we ask" line under it and shows its own problem when validation finds one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.ui.widgets.labels import Labels

EARLIEST_YEAR = 1900


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


def _unanswered_choices(
    allow_declined: bool, allow_unknown: bool, not_asked_label: str | None
) -> list[tuple[str, Unanswered]]:
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
        choices = _unanswered_choices(allow_declined, allow_unknown, not_asked_label)
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
        choices += _unanswered_choices(True, allow_unknown, None)
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


class AnswerMultiSelect(FieldFrame):
    """Any number of codes ticked, "None of these", or one of the reasons there is no answer.

    Ticking a code clears the reason; choosing a reason clears every tick; clearing the last
    tick goes back to "Not asked", so the value is never an accidental empty list.
    """

    def __init__(
        self,
        labels: Labels,
        vocabulary: str,
        *,
        allow_unknown: bool = True,
        none_label: str | None = None,
        name: str = "",
        why: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, why, parent)
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        for label, code in labels.options(vocabulary):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        row_height = self.list.sizeHintForRow(0) if self.list.count() else 20
        self.list.setMaximumHeight(row_height * min(self.list.count(), 6) + 8)
        self.list.setMinimumHeight(row_height * min(self.list.count(), 4) + 8)
        self.group = QButtonGroup(self)
        self._reasons: list[tuple[str, ...] | Unanswered] = []
        reasons = QHBoxLayout()
        reasons.setContentsMargins(0, 0, 0, 0)
        reasons.setSpacing(14)
        choices: list[tuple[str, tuple[str, ...] | Unanswered]] = [
            (none_label or self.tr("None of these"), ())
        ]
        choices += list(_unanswered_choices(True, allow_unknown, None))
        for index, (label, value) in enumerate(choices):
            button = QRadioButton(label)
            button.setAccessibleName(f"{name}: {label}")
            self.group.addButton(button, index)
            self._reasons.append(value)
            reasons.addWidget(button)
        reasons.addStretch(1)
        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.list)
        body.addLayout(reasons)
        self._finish(body)
        self._syncing = False
        self.list.itemChanged.connect(self._on_item_changed)
        self.group.idToggled.connect(self._on_reason_toggled)
        self.set_value(Unanswered.NOT_ASKED)

    def focus_widget(self) -> QWidget:
        return self.list

    def _checked_codes(self) -> tuple[str, ...]:
        codes = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(codes)

    def _set_reason(self, index: int | None) -> None:
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == index)
        self.group.setExclusive(True)

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if self._syncing:
            return
        self._syncing = True
        self._set_reason(None if self._checked_codes() else 1)
        self._syncing = False
        self.changed.emit()

    def _on_reason_toggled(self, _index: int, on: bool) -> None:
        if self._syncing or not on:
            return
        self._syncing = True
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(Qt.CheckState.Unchecked)
        self._syncing = False
        self.changed.emit()

    def item_for(self, code: str) -> QListWidgetItem:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                return item
        raise KeyError(code)

    def button_for(self, value: tuple[str, ...] | Unanswered) -> QRadioButton:
        button = self.group.button(self._reasons.index(value))
        assert isinstance(button, QRadioButton)
        return button

    def value(self) -> Answer[tuple[str, ...]]:
        codes = self._checked_codes()
        if codes:
            return codes
        checked = self.group.checkedId()
        return self._reasons[checked] if checked >= 0 else Unanswered.NOT_ASKED

    def set_value(self, value: Answer[tuple[str, ...]]) -> None:
        self._syncing = True
        wanted = set(value) if isinstance(value, tuple) else set()
        for row in range(self.list.count()):
            item = self.list.item(row)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)
        if isinstance(value, Unanswered):
            self._set_reason(self._reasons.index(value))
        elif not value:
            self._set_reason(0)
        else:
            self._set_reason(None)
        self._syncing = False


class _ChoiceThenValue(FieldFrame):
    """A choice of "Not asked", "<give a value>", "Prefer not to say", "Unknown", and an editor
    that is only shown once the person chooses to give the value."""

    def _build(self, given_label: str, editor: QWidget, allow_unknown: bool) -> None:
        self.choice = QComboBox()
        self.choice.setAccessibleName(
            self.tr("{name}: answer or reason").replace("{name}", self._name)
        )
        self._options: list[Unanswered | None] = []
        unanswered = _unanswered_choices(True, allow_unknown, None)
        for label, value in [unanswered[0], (given_label, None), *unanswered[1:]]:
            self.choice.addItem(label)
            self._options.append(value)
        self.editor = editor
        editor.setAccessibleName(self._name)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.choice)
        row.addWidget(editor)
        row.addStretch(1)
        self.choice.currentIndexChanged.connect(self._on_choice_changed)
        self._finish(row)
        self._on_choice_changed(0)

    def _on_choice_changed(self, index: int) -> None:
        giving = self._options[index] is None
        self.editor.setVisible(giving)
        if giving and self.choice.hasFocus():
            self.editor.setFocus()
        self.changed.emit()

    def focus_widget(self) -> QWidget:
        return self.editor if self.editor.isVisible() else self.choice

    def choose(self, value: Unanswered | None) -> None:
        """Pick a reason, or None to give a real value."""
        self.choice.setCurrentIndex(self._options.index(value))

    def _reason(self) -> Unanswered | None:
        return self._options[self.choice.currentIndex()]


class AnswerDate(_ChoiceThenValue):
    """A real date, or why there is none."""

    def __init__(
        self,
        name: str = "",
        why: str = "",
        *,
        given_label: str | None = None,
        default: date | None = None,
        allow_unknown: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, why, parent)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setMinimumDate(QDate(EARLIEST_YEAR - 1, 1, 1))
        start = default or date.today()
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self._build(given_label or self.tr("Date given"), self.date_edit, allow_unknown)

    def value(self) -> Answer[date]:
        reason = self._reason()
        if reason is not None:
            return reason
        chosen = self.date_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: Answer[date]) -> None:
        if isinstance(value, date):
            self.date_edit.setDate(QDate(value.year, value.month, value.day))
            self.choose(None)
        else:
            self.choose(value)


class AnswerYear(_ChoiceThenValue):
    """A year as a whole number, or why there is none."""

    def __init__(
        self,
        name: str = "",
        why: str = "",
        *,
        given_label: str | None = None,
        default: int | None = None,
        allow_unknown: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, why, parent)
        self.spin = QSpinBox(minimum=EARLIEST_YEAR - 1, maximum=date.today().year + 1)
        self.spin.setValue(default or date.today().year - 30)
        self.spin.setMinimumWidth(90)
        self._build(given_label or self.tr("Year given"), self.spin, allow_unknown)

    def value(self) -> Answer[int]:
        reason = self._reason()
        return reason if reason is not None else int(self.spin.value())

    def set_value(self, value: Answer[int]) -> None:
        if isinstance(value, int):
            self.spin.setValue(value)
            self.choose(None)
        else:
            self.choose(value)
