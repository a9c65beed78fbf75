"""A date or a year that may be given, or not, with the reason kept when it is not.

The editor only appears once the person chooses to give the value, so a default date on the
screen is never mistaken for an answer.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QSpinBox, QWidget

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.ui.case.answer_widgets import FieldFrame, unanswered_choices

EARLIEST_YEAR = 1900


class _ChoiceThenValue(FieldFrame):
    """A choice of "Not asked", "<give a value>", "Prefer not to say", "Unknown", and an editor
    that is only shown once the person chooses to give the value."""

    def _build(self, given_label: str, editor: QWidget, allow_unknown: bool) -> None:
        self.choice = QComboBox()
        self.choice.setAccessibleName(
            self.tr("{name}: answer or reason").replace("{name}", self._name)
        )
        self._options: list[Unanswered | None] = []
        unanswered = unanswered_choices(True, allow_unknown, None)
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
