"""Roles as a column of checkboxes, each saying in a few words what the role may do."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QStyle, QVBoxLayout, QWidget

from survivorapp.services.permissions import Role
from survivorapp.ui.widgets.small_dialog import muted

ROLE_HELP = {
    Role.CASEWORKER: "the cases allocated to them or shared with them",
    Role.ISVA: "the same case rights as a caseworker",
    Role.MANAGER: "every case; allocates cases and runs returns",
    Role.ADMIN: "staff accounts and settings; no case content on its own",
}


class RoleChecks(QWidget):
    changed = Signal()

    def __init__(self, chosen: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.checks: dict[str, QCheckBox] = {}
        for role in Role:
            check = QCheckBox(role.label)
            check.setAccessibleName(self.tr("Role: {role}").replace("{role}", role.label))
            check.setAccessibleDescription(self.tr(ROLE_HELP[role]))
            check.setChecked(role.value in chosen)
            check.toggled.connect(lambda _checked: self.changed.emit())
            help_label = muted(self.tr(ROLE_HELP[role]))
            help_label.setWordWrap(False)  # short, and a wrapped label squeezes in a dialog
            indent = check.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 4)
            row.addSpacing(indent + 8)
            row.addWidget(help_label, 1)
            layout.addWidget(check)
            layout.addLayout(row)
            self.checks[role.value] = check
        self.setMinimumHeight(self.sizeHint().height())  # a form row may not squeeze the help

    def roles(self) -> tuple[str, ...]:
        return tuple(code for code, check in self.checks.items() if check.isChecked())
