"""Small input widgets forms share: optional dates, code pickers, action buttons, problem text.

A date that may be unknown is a date edit whose lowest value reads "Not set", so a person can
leave it empty without a second checkbox. Short vocabularies are radio buttons (one click to
choose, which keeps the quick actions to three clicks); long ones are a drop-down.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.problems import Problem
from survivorapp.ui.widgets.labels import Labels

_NOT_SET = QDate(1900, 1, 1)
RADIO_LIMIT = 8


class DateField(QDateEdit):
    """A date edit that can be "Not set" (``optional``) and can be capped at today."""

    def __init__(
        self,
        name: str,
        value: date | None = None,
        *,
        optional: bool = False,
        latest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._optional = optional
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setAccessibleName(name)
        if optional:
            self.setMinimumDate(_NOT_SET)
            self.setSpecialValueText(self.tr("Not set"))
        if latest is not None:
            self.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(_NOT_SET if self._optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def value(self) -> date | None:
        current = self.date()
        if self._optional and current == _NOT_SET:
            return None
        return date(current.year(), current.month(), current.day())


class CodeCombo(QComboBox):
    """A drop-down of one vocabulary's codes, optionally with a "Not known" first entry."""

    def __init__(
        self,
        labels: Labels,
        vocabulary: str,
        name: str,
        *,
        optional: bool = False,
        codes: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        if optional:
            self.addItem(self.tr("Not known"), None)
        options = labels.options(vocabulary)
        for label, code in options:
            if codes is None or code in codes:
                self.addItem(label, code)

    def code(self) -> str | None:
        value = self.currentData()
        return value if isinstance(value, str) else None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class CodeRadios(QWidget):
    """A column of radio buttons for a short vocabulary; nothing is chosen until clicked."""

    def __init__(
        self,
        labels: Labels,
        vocabulary: str,
        name: str,
        codes: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for label, code in labels.options(vocabulary):
            if codes is not None and code not in codes:
                continue
            button = QRadioButton(label)
            button.setAccessibleName(label)
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)

    def code(self) -> str | None:
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return None

    def set_code(self, code: str | None) -> None:
        button = self.buttons.get(code or "")
        if button is not None:
            button.setChecked(True)
            return
        self.group.setExclusive(False)
        for other in self.buttons.values():
            other.setChecked(False)
        self.group.setExclusive(True)


def action_button(text: str, name: str | None = None) -> QPushButton:
    """A button whose accessible name is its text without the "…" that says a dialog opens."""
    button = QPushButton(text)
    button.setAccessibleName(name or text.rstrip("…"))
    return button


def problems_text(problems: Sequence[Problem] | str) -> str:
    """The problems as short lines, for a dialog's message area."""
    if isinstance(problems, str):
        return problems
    return "\n".join(f"• {p.message}" for p in problems)


def blank_to_none(text: str) -> str | None:
    stripped = text.strip()
    return stripped or None
