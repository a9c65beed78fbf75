"""Admin cards about accounts: staff accounts (administrators), and one's own passphrase.

Each action opens a small dialog; its work runs on the vault thread and either closes the
dialog or says inside it what went wrong, so nothing typed is lost. Setting someone else's
passphrase is a key change: the administrator proves it is them first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from survivorapp.services.permissions import Actor
from survivorapp.services.users import UserService
from survivorapp.ui.admin.card import Card
from survivorapp.ui.admin.models import UserRowLike, UsersTableModel
from survivorapp.ui.admin.passphrase_dialog import PassphraseDialog
from survivorapp.ui.admin.roles_dialog import RolesDialog
from survivorapp.ui.admin.user_dialog import AddUserDialog
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.confirm_dialog import ConfirmDialog
from survivorapp.ui.widgets.dialog_host import DialogHost
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog, Reauthentication
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.table_kit import make_table

USERS = Changes(users=True)


class UsersCard(Card):
    """Everyone who can unlock the vault: add, change roles, deactivate, reset a passphrase."""

    def __init__(
        self,
        operations: Operations,
        actor: Actor,
        accounts: UserService,
        reauth: Reauthentication,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Staff accounts"),
            self.tr(
                "Everyone who can unlock this vault. Deactivating someone removes their key at "
                "once; their name stays on the work they did."
            ),
            parent,
        )
        self._operations = operations
        self._actor = actor
        self._accounts = accounts
        self._reauth = reauth
        self._dialogs = DialogHost(operations, self)
        self.users_model = UsersTableModel()
        chars = self.fontMetrics().averageCharWidth()
        self.users_table = make_table(
            self.users_model,
            self.tr("Staff accounts"),
            widths=(chars * 20, chars * 28, chars * 36),
            alternating=True,
        )
        self.users_table.setMinimumHeight(
            self.users_table.verticalHeader().defaultSectionSize() * 6
        )
        self.users_table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self.layout_.addWidget(self.users_table)
        self.add_user_button = action_button(self.tr("Add user…"), self.tr("Add a member of staff"))
        self.add_user_button.setProperty("primary", True)
        self.roles_button = action_button(self.tr("Change roles…"))
        self.deactivate_button = action_button(self.tr("Deactivate…"))
        self.reset_button = action_button(self.tr("Reset passphrase…"))
        self.add_user_button.clicked.connect(self.on_add_user_button_clicked)
        self.roles_button.clicked.connect(self.on_roles_button_clicked)
        self.deactivate_button.clicked.connect(self.on_deactivate_button_clicked)
        self.reset_button.clicked.connect(self.on_reset_button_clicked)
        self.add_buttons(
            self.add_user_button, self.roles_button, self.deactivate_button, self.reset_button
        )
        self.users_message = message_label(self.tr("Staff accounts message"))
        self.layout_.addWidget(self.users_message)
        self._refresh_buttons()

    @property
    def dialog(self) -> SmallDialog | None:
        return self._dialogs.dialog

    def reload(self) -> None:
        self._operations.run(
            self._accounts.list,
            self._on_loaded,
            lambda exc: say(self.users_message, message_for(exc)),
            owner=self,
        )

    def _on_loaded(self, rows: Sequence[UserRowLike]) -> None:
        selected = self.selected_user()
        self.users_model.set_items(rows)
        if selected is not None:
            self.select_user(selected)
        self._refresh_buttons()

    # --- selection ---------------------------------------------------------------------------

    def _selected_row(self) -> UserRowLike | None:
        rows = self.users_table.selectionModel().selectedRows()
        return self.users_model.item_at(rows[0].row()) if rows else None

    def selected_user(self) -> str | None:
        row = self._selected_row()
        return row.username if row is not None else None

    def select_user(self, username: str) -> None:
        row = self.users_model.row_of(username)
        if row >= 0:
            self.users_table.selectRow(row)

    def _refresh_buttons(self) -> None:
        row = self._selected_row()
        active = row is not None and row.active
        me = row is not None and row.username.casefold() == self._actor.key
        self.roles_button.setEnabled(active)
        self.deactivate_button.setEnabled(active and not me)
        self.reset_button.setEnabled(active)
        self.deactivate_button.setToolTip(
            self.tr("You can't deactivate your own account.") if me else ""
        )

    def _done(self, text: str, user: str, *, reload: bool = True) -> None:
        say(self.users_message, text.replace("{user}", user))
        if reload:
            self.reload()

    # --- actions -----------------------------------------------------------------------------

    def on_add_user_button_clicked(self) -> None:
        dialog = AddUserDialog(self)
        accounts = self._accounts

        def submit() -> None:
            user, display = dialog.user, dialog.display_edit.text().strip()
            roles, passphrase = dialog.role_checks.roles(), dialog.passphrase.passphrase
            self._dialogs.run_in(
                dialog,
                lambda: accounts.add(user, display, roles, passphrase),
                lambda _none: self._done(self.tr("{user} can now unlock the vault."), user),
                changes=USERS,
            )

        self._dialogs.open(dialog, submit)

    def on_roles_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        user, accounts = row.username, self._accounts
        dialog = RolesDialog(user, tuple(row.roles), self)

        def submit() -> None:
            roles = dialog.role_checks.roles()
            self._dialogs.run_in(
                dialog,
                lambda: accounts.set_roles(user, roles),
                lambda _none: self._done(self.tr("Roles for {user} saved."), user),
                changes=USERS,
            )

        self._dialogs.open(dialog, submit)

    def on_deactivate_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        user, accounts = row.username, self._accounts
        dialog = ConfirmDialog(
            self.tr("Deactivate {user}?").replace("{user}", user),
            self.tr(
                "{name} will no longer be able to unlock the vault. Their name stays on the "
                "cases and notes they worked on. This can't be undone here."
            ).replace("{name}", row.display_name or user),
            self.tr("Deactivate"),
            self,
        )
        self._dialogs.open(
            dialog,
            lambda: self._dialogs.run_in(
                dialog,
                lambda: accounts.deactivate(user),
                lambda _none: self._done(self.tr("{user} can no longer unlock the vault."), user),
                changes=USERS,
            ),
        )

    def on_reset_button_clicked(self) -> None:
        """A key change: the administrator's own passphrase first, then the new one."""
        row = self._selected_row()
        if row is None:
            return
        user, verify = row.username, self._reauth.verify
        reason = (
            self.tr(
                "Setting a new passphrase for {user} changes who can unlock the vault, so "
                "please type the recovery key again first."
            )
            if self._reauth.recovery_key
            else self.tr(
                "Setting a new passphrase for {user} changes who can unlock the vault, so "
                "please type your own passphrase first."
            )
        )
        reauth = ReauthDialog(
            reason.replace("{user}", user), self, recovery_key=self._reauth.recovery_key
        )

        def verified(ok: bool) -> None:
            reauth.set_busy(False)
            if not ok:
                reauth.refuse()
                return
            reauth.accept()
            self._ask_new_passphrase(user)

        def failed(exc: BaseException) -> None:
            reauth.set_busy(False)
            reauth.show_message(message_for(exc))

        def submit() -> None:
            reauth.set_busy(True)
            passphrase = reauth.passphrase
            self._operations.run(lambda: verify(passphrase), verified, failed, owner=self)

        self._dialogs.open(reauth, submit)

    def _ask_new_passphrase(self, user: str) -> None:
        dialog = PassphraseDialog(user, own=False, parent=self)
        accounts = self._accounts

        def submit() -> None:
            new = dialog.new
            self._dialogs.run_in(
                dialog,
                lambda: accounts.reset_passphrase(user, new),
                lambda _none: self._done(
                    self.tr("{user}'s new passphrase is set."), user, reload=False
                ),
                changes=USERS,
            )

        self._dialogs.open(dialog, submit)


class OwnPassphraseCard(Card):
    """Changing the passphrase one unlocks with (not offered after a recovery-key unlock)."""

    def __init__(
        self,
        operations: Operations,
        user: str | None,
        accounts: UserService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Your passphrase"),
            self.tr("Change the passphrase you unlock with. You'll need your current one."),
            parent,
        )
        self._user = user
        self._accounts = accounts
        self._dialogs = DialogHost(operations, self)
        self.change_own_button = action_button(
            self.tr("Change my passphrase…"), self.tr("Change my passphrase")
        )
        self.change_own_button.setEnabled(user is not None)
        self.change_own_button.clicked.connect(self.on_change_own_button_clicked)
        self.add_buttons(self.change_own_button)
        self.own_message = message_label(self.tr("Your passphrase message"))
        self.layout_.addWidget(self.own_message)

    @property
    def dialog(self) -> SmallDialog | None:
        return self._dialogs.dialog

    def on_change_own_button_clicked(self) -> None:
        dialog = PassphraseDialog(self._user or "", own=True, parent=self)
        accounts = self._accounts

        def submit() -> None:
            old, new = dialog.current, dialog.new
            self._dialogs.run_in(
                dialog,
                lambda: accounts.change_own_passphrase(old, new),
                lambda _none: say(self.own_message, self.tr("Your new passphrase is set.")),
                changes=USERS,
            )

        self._dialogs.open(dialog, submit)
