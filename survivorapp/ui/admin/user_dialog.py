"""Adding a member of staff: user name, display name, roles and a first passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from survivorapp.services.permissions import Role
from survivorapp.ui.admin.role_checks import RoleChecks
from survivorapp.ui.widgets.passphrase_fields import PassphraseFields, account_name_edits
from survivorapp.ui.widgets.small_dialog import SmallDialog


class AddUserDialog(SmallDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Add a member of staff"),
            self.tr(
                "They unlock the vault with this user name and passphrase. Give them the "
                "passphrase in person; they can change it under Admin once they are in."
            ),
            self.tr("Add user"),
            parent,
        )
        self.user_edit, self.display_edit = account_name_edits(
            self.tr("How colleagues see their name")
        )
        self.role_checks = RoleChecks((Role.CASEWORKER.value,))
        self.form.addRow(self.tr("User name"), self.user_edit)
        self.form.addRow(self.tr("Display name"), self.display_edit)
        self.form.addRow(self.tr("Roles"), self.role_checks)
        self.passphrase = PassphraseFields(self.form, self, label=self.tr("First passphrase"))
        for signal in (self.user_edit.textChanged, self.role_checks.changed):
            signal.connect(self._refresh)
        self.passphrase.changed.connect(self._refresh)
        self._refresh()

    @property
    def user(self) -> str:
        return self.user_edit.text().strip()

    def _refresh(self) -> None:
        self.passphrase.set_user_name(self.user)
        user_ok = bool(self.user) and not any(c.isspace() for c in self.user)
        self.submit_button.setEnabled(
            user_ok and bool(self.role_checks.roles()) and self.passphrase.ready()
        )
