"""Changing what a member of staff may do."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from survivorapp.ui.admin.role_checks import RoleChecks
from survivorapp.ui.widgets.small_dialog import SmallDialog


class RolesDialog(SmallDialog):
    def __init__(self, user: str, roles: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Roles for {user}").replace("{user}", user),
            self.tr("The change takes effect the next time they unlock the vault."),
            self.tr("Save roles"),
            parent,
        )
        self.user = user
        self.role_checks = RoleChecks(roles)
        self.form.addRow(self.tr("Roles"), self.role_checks)
        self.role_checks.changed.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        self.submit_button.setEnabled(bool(self.role_checks.roles()))
