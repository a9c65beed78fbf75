"""The Victims' Code checklist for a case: each of the 12 rights delivered, not yet, or n/a.

A service evidences Code compliance from this list (REFERENCE 1.6). There is one record per
case and right, so a row is sent only when its answer or its date changed; a row nobody has
answered yet stays unanswered rather than becoming "not yet" by default.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from survivorapp.domain.justice.support import VictimsCodeRight
from survivorapp.ui.widgets.fields import DateField
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted

_NUMBERED = re.compile(r"^(\d+)\s+(.*)$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("VictimsCodeDialog", text)


def split_number(label: str) -> tuple[str, str]:
    """'4 To be referred…' -> ('4', 'To be referred…'); labels without a number stay whole."""
    match = _NUMBERED.match(label)
    return (match.group(1), match.group(2)) if match else ("", label)


class RightRow:
    """One right: its answer as three radio buttons, and the date of that answer."""

    def __init__(
        self,
        labels: Labels,
        code: str,
        label: str,
        current: VictimsCodeRight | None,
        today: date,
        parent: QWidget,
    ) -> None:
        self.code = code
        self.current = current
        self._today = today
        number, text = split_number(label)
        self.number = muted(number)
        self.name = QLabel(text, wordWrap=True)
        self.group = QButtonGroup(parent)
        self.buttons: dict[str, QRadioButton] = {}
        short = _tr("right {n}").replace("{n}", number) if number else text
        for status_label, status in labels.options("victims_code_status"):
            button = QRadioButton()
            button.setAccessibleName(f"{status_label}: {short}")
            button.setToolTip(f"{status_label}: {text}")
            self.group.addButton(button)
            self.buttons[status] = button
        if current is not None and current.status in self.buttons:
            self.buttons[current.status].setChecked(True)
        self.updated_on = DateField(
            _tr("Date for {right}").replace("{right}", short),
            current.updated_on if current else today,
            latest=today,
        )
        # Shown once the right has an answer, so a date on screen is always a real one.
        policy = self.updated_on.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.updated_on.setSizePolicy(policy)
        self.updated_on.setVisible(current is not None)
        self.group.buttonToggled.connect(self.on_group_toggled)

    def on_group_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        self.updated_on.setVisible(True)
        current = self.current
        # A new answer is usually given today; the old answer's date would mislead.
        if (
            current is not None
            and self.status() != current.status
            and self.updated_on.value() == current.updated_on
        ):
            self.updated_on.set_value(self._today)

    def status(self) -> str | None:
        for status, button in self.buttons.items():
            if button.isChecked():
                return status
        return None

    def set_status(self, status: str) -> None:
        self.buttons[status].setChecked(True)

    def change(self, case_reference: str) -> VictimsCodeRight | None:
        status = self.status()
        day = self.updated_on.value()
        if status is None or day is None:
            return None
        current = self.current
        if current is not None and (current.status, current.updated_on) == (status, day):
            return None
        return VictimsCodeRight(
            case_reference, self.code, status, day, id=current.id if current else None
        )


class VictimsCodeDialog(SmallDialog):
    """Emits :attr:`rights_ready` with the changed, valid :class:`VictimsCodeRight` rows."""

    rights_ready = Signal(list)

    def __init__(
        self,
        labels: Labels,
        case_reference: str,
        current: tuple[VictimsCodeRight, ...],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _tr("Victims' Code rights"),
            _tr(
                "The 12 rights of the Code of Practice for Victims of Crime. Mark each one as "
                "it is met for this survivor; a right left blank has not been looked at yet."
            ),
            _tr("Save rights"),
            parent,
        )
        self._labels = labels
        self._case_reference = case_reference
        self._today = today
        by_right = {r.right: r for r in current}
        holder = QWidget()
        holder.setAccessibleName(_tr("Victims' Code rights"))
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 8, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        statuses = labels.options("victims_code_status")
        headings = ("", _tr("Right"), *(label for label, _ in statuses), _tr("Date"))
        for column, heading in enumerate(headings):
            grid.addWidget(muted(heading), 0, column, Qt.AlignmentFlag.AlignBottom)
        chars = self.fontMetrics().averageCharWidth()
        grid.setColumnMinimumWidth(1, chars * 58)
        grid.setColumnStretch(1, 1)
        self.rows: dict[str, RightRow] = {}
        for index, code in enumerate(labels.vocabularies["victims_code_right"], start=1):
            row = RightRow(labels, code.code, code.label, by_right.get(code.code), today, self)
            if code.help:
                row.name.setToolTip(code.help)
            self.rows[code.code] = row
            top = Qt.AlignmentFlag.AlignTop
            grid.addWidget(row.number, index, 0, top)
            grid.addWidget(row.name, index, 1, top)
            for column, (_, status) in enumerate(statuses, start=2):
                grid.addWidget(row.buttons[status], index, column, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(row.updated_on, index, 2 + len(statuses), top)
        scroll = QScrollArea()
        scroll.setAccessibleName(_tr("Victims' Code rights"))
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        lines = self.fontMetrics().lineSpacing()
        scroll.setMinimumHeight(min(holder.sizeHint().height() + 4, lines * 34))
        scroll.setMinimumWidth(holder.sizeHint().width() + 16)
        self.form.addRow(scroll)
        self.submitted.connect(self.on_dialog_submitted)

    def delivered_count(self) -> int:
        return sum(1 for row in self.rows.values() if row.status() == "delivered")

    def changes(self) -> list[VictimsCodeRight]:
        found = (row.change(self._case_reference) for row in self.rows.values())
        return [right for right in found if right is not None]

    def on_dialog_submitted(self) -> None:
        changes = self.changes()
        if not changes:
            self.show_problems(_tr("Nothing has changed. Mark a right, or cancel."))
            return
        vocabularies = self._labels.vocabularies
        problems = [p for right in changes for p in right.validate(vocabularies, self._today)]
        self.emit_if_valid(problems, self.rights_ready, changes)
