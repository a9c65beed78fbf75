"""Any number of codes from a list, "None of these", or one of the reasons there is no answer.

A ticked list alone could not tell "none of these apply" from "not asked" or "prefer not to
say"; returns report each (answer_widgets.py says why), so the reasons sit under the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.ui.case.answer_widgets import FieldFrame, unanswered_choices
from survivorapp.ui.widgets.labels import Labels


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
        choices += list(unanswered_choices(True, allow_unknown, None))
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
