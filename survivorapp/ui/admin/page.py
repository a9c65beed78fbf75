"""Admin: staff accounts, one's own passphrase, organisation and computer settings, a health check.

What a person sees depends on what they may do: administrators manage accounts and change the
organisation's settings; everyone changes their own passphrase and this computer's settings,
and sees the organisation's settings read-only. Every vault call runs on the vault thread
through :class:`Operations`; failures are said in plain words inside the page or dialog that
asked, never in a window of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.settings import DEVICE, ORGANISATION, SettingValue, in_scope
from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import Action, allowed
from survivorapp.ui.admin.passphrase_dialog import PassphraseDialog
from survivorapp.ui.admin.questionnaires_card import QuestionnairesCard
from survivorapp.ui.admin.return_keys_card import ReturnKeysCard
from survivorapp.ui.admin.roles_dialog import RolesDialog
from survivorapp.ui.admin.settings_form import SettingsForm
from survivorapp.ui.admin.user_dialog import AddUserDialog
from survivorapp.ui.admin.users_table_model import UsersTableModel
from survivorapp.ui.app.preferences import DevicePreferences
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.confirm_dialog import ConfirmDialog
from survivorapp.ui.widgets.dialog_host import DialogHost
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted
from survivorapp.ui.widgets.theme import heading_font


def _button(text: str, accessible: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible or text)
    return button


def _message_label(name: str) -> QLabel:
    label = QLabel(wordWrap=True)
    label.setProperty("role", "message")
    label.setAccessibleName(name)
    label.setVisible(False)
    return label


class _Card(QFrame):
    """One section of the page: a heading, a sentence saying what it is for, its content."""

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 18)
        self.layout_.setSpacing(10)
        heading = QLabel(title)
        heading.setFont(heading_font(self, 1.15))
        self.layout_.addWidget(heading)
        if intro:
            self.layout_.addWidget(muted(intro))


class AdminPage(QWidget, DialogHost):
    #: Settings now in force (organisation and this computer), after a change: key -> value.
    settings_changed = Signal(dict)

    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        preferences: DevicePreferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._preferences = preferences or DevicePreferences()
        actor = session.actor
        self.can_manage_users = allowed(actor, Action.MANAGE_USERS)
        self.can_manage_settings = allowed(actor, Action.MANAGE_SETTINGS)
        self.dialog: SmallDialog | None = None
        self.dialog_changed = "users"
        self._organisation: dict[str, SettingValue] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(24, 18, 24, 24)
        self.body_layout.setSpacing(16)
        title = QLabel(self.tr("Admin"))
        title.setFont(heading_font(self, 1.4))
        self.body_layout.addWidget(title)

        self.users_card: _Card | None = None
        if self.can_manage_users:
            self.users_card = self._build_users()
            self.body_layout.addWidget(self.users_card)
        self.body_layout.addWidget(self._build_own_passphrase())
        self.body_layout.addWidget(self._build_organisation())
        self.body_layout.addWidget(self._build_device())
        self.return_keys_card: ReturnKeysCard | None = None
        if ReturnKeysCard.is_for(actor):
            self.return_keys_card = ReturnKeysCard(operations, session)
            self.body_layout.addWidget(self.return_keys_card)
        self.questionnaires_card: QuestionnairesCard | None = None
        if QuestionnairesCard.is_for(actor):
            self.questionnaires_card = QuestionnairesCard(operations, session)
            self.body_layout.addWidget(self.questionnaires_card)
        self.check_card: _Card | None = None
        if self.can_manage_users:
            self.check_card = self._build_check()
            self.body_layout.addWidget(self.check_card)
        self.body_layout.addStretch(1)
        self.setAccessibleName(self.tr("Admin"))

    # --- building ----------------------------------------------------------------------------

    def _build_users(self) -> _Card:
        card = _Card(
            self.tr("Staff accounts"),
            self.tr(
                "Everyone who can unlock this vault. Deactivating someone removes their key at "
                "once; their name stays on the work they did."
            ),
        )
        self.users_model = UsersTableModel()
        self.users_table = QTableView()
        self.users_table.setModel(self.users_model)
        self.users_table.setAccessibleName(self.tr("Staff accounts"))
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.setShowGrid(False)
        self.users_table.setAlternatingRowColors(True)
        self.users_table.verticalHeader().setVisible(False)
        self.users_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.fontMetrics().height() + 12
        self.users_table.verticalHeader().setDefaultSectionSize(rows)
        self.users_table.setMinimumHeight(rows * 6)
        self.users_table.selectionModel().selectionChanged.connect(self._refresh_user_buttons)
        card.layout_.addWidget(self.users_table)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.add_user_button = _button(self.tr("Add user…"), self.tr("Add a member of staff"))
        self.roles_button = _button(self.tr("Change roles…"))
        self.deactivate_button = _button(self.tr("Deactivate…"))
        self.reset_button = _button(self.tr("Reset passphrase…"))
        self.add_user_button.setProperty("primary", True)
        self.add_user_button.clicked.connect(self.on_add_user_button_clicked)
        self.roles_button.clicked.connect(self.on_roles_button_clicked)
        self.deactivate_button.clicked.connect(self.on_deactivate_button_clicked)
        self.reset_button.clicked.connect(self.on_reset_button_clicked)
        for button in (
            self.add_user_button,
            self.roles_button,
            self.deactivate_button,
            self.reset_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        card.layout_.addLayout(row)
        self.users_message = _message_label(self.tr("Staff accounts message"))
        card.layout_.addWidget(self.users_message)
        self._refresh_user_buttons()
        return card

    def _build_own_passphrase(self) -> _Card:
        card = _Card(
            self.tr("Your passphrase"),
            self.tr("Change the passphrase you unlock with. You'll need your current one."),
        )
        self.change_own_button = _button(
            self.tr("Change my passphrase…"), self.tr("Change my passphrase")
        )
        self.change_own_button.setEnabled(self._session.user is not None)
        self.change_own_button.clicked.connect(self.on_change_own_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.change_own_button)
        row.addStretch(1)
        card.layout_.addLayout(row)
        self.own_message = _message_label(self.tr("Your passphrase message"))
        card.layout_.addWidget(self.own_message)
        return card

    def _build_organisation(self) -> _Card:
        intro = (
            self.tr("These apply to everyone who uses this vault and travel with it.")
            if self.can_manage_settings
            else self.tr(
                "These apply to everyone who uses this vault. Only an administrator can "
                "change them."
            )
        )
        card = _Card(self.tr("Organisation settings"), intro)
        self.organisation_form = SettingsForm(in_scope(ORGANISATION))
        self.organisation_form.set_editable(False)
        self.organisation_form.edited.connect(self._refresh_save_button)
        card.layout_.addWidget(self.organisation_form)
        self.save_settings_button = _button(
            self.tr("Save settings"), self.tr("Save organisation settings")
        )
        self.save_settings_button.setEnabled(False)
        self.save_settings_button.setVisible(self.can_manage_settings)
        self.save_settings_button.clicked.connect(self.on_save_settings_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.save_settings_button)
        row.addStretch(1)
        card.layout_.addLayout(row)
        self.settings_message = _message_label(self.tr("Organisation settings message"))
        card.layout_.addWidget(self.settings_message)
        return card

    def _build_device(self) -> _Card:
        card = _Card(
            self.tr("This computer"),
            self.tr("Only for this computer, and only how the app looks and hides. No case data."),
        )
        self.device_form = SettingsForm(in_scope(DEVICE))
        self.device_form.set_values(self._preferences.get_all())
        self.device_form.edited.connect(self.on_device_form_edited)
        card.layout_.addWidget(self.device_form)
        return card

    def _build_check(self) -> _Card:
        card = _Card(
            self.tr("Vault health"),
            self.tr(
                "Reads every page of the vault and checks its keys and audit log. It changes "
                "nothing and takes a moment on a large vault."
            ),
        )
        self.check_button = _button(self.tr("Check the vault"))
        self.check_button.clicked.connect(self.on_check_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        card.layout_.addLayout(row)
        self.check_summary = _message_label(self.tr("Vault check summary"))
        card.layout_.addWidget(self.check_summary)
        self.check_results = QWidget()
        self.check_results.setAccessibleName(self.tr("Vault check results"))
        self.check_grid = QGridLayout(self.check_results)
        self.check_grid.setContentsMargins(0, 0, 0, 0)
        self.check_grid.setHorizontalSpacing(14)
        self.check_grid.setVerticalSpacing(6)
        self.check_grid.setColumnStretch(2, 1)
        card.layout_.addWidget(self.check_results)
        return card

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        if not self._session.is_open:
            return
        if self.can_manage_users:
            self._run(self._session.accounts.list, self._on_users_loaded)
        self._run(self._session.settings.get_all, self._on_settings_loaded)

    def _on_users_loaded(self, rows: list[Any]) -> None:
        selected = self.selected_user()
        self.users_model.set_rows(rows)
        if selected is not None:
            self.select_user(selected)
        self._refresh_user_buttons()

    def _on_settings_loaded(self, values: dict[str, SettingValue]) -> None:
        self._organisation = dict(values)
        self.organisation_form.set_values(values)
        self.organisation_form.set_editable(self.can_manage_settings)
        self._refresh_save_button()

    def _run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        changed: str | None = None,
    ) -> None:
        """Run on the vault thread; drop the answer if this page has gone (the vault locked)."""

        def success(result: Any) -> None:
            if shiboken6.isValid(self):
                on_success(result)

        def failure(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                (on_failure or self._operations_error)(exc)

        self._operations.run(work, success, failure, changed=changed)

    def _operations_error(self, exc: BaseException) -> None:
        self._say(self.settings_message, message_for(exc))

    # --- staff accounts ----------------------------------------------------------------------

    def selected_user(self) -> str | None:
        if not self.can_manage_users:
            return None
        rows = self.users_table.selectionModel().selectedRows()
        row = self.users_model.row_at(rows[0].row()) if rows else None
        return row.username if row is not None else None

    def select_user(self, username: str) -> None:
        row = self.users_model.row_of(username)
        if row >= 0:
            self.users_table.selectRow(row)

    def _selected_row(self) -> Any:
        rows = self.users_table.selectionModel().selectedRows()
        return self.users_model.row_at(rows[0].row()) if rows else None

    def _refresh_user_buttons(self) -> None:
        row = self._selected_row()
        active = row is not None and row.active
        me = row is not None and row.username.casefold() == self._session.actor.key
        self.roles_button.setEnabled(active)
        self.deactivate_button.setEnabled(active and not me)
        self.reset_button.setEnabled(active)
        self.deactivate_button.setToolTip(
            self.tr("You can't deactivate your own account.") if me else ""
        )

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def on_add_user_button_clicked(self) -> None:
        dialog = AddUserDialog(self)

        def submit() -> None:
            user, display = dialog.user, dialog.display_edit.text().strip()
            roles, passphrase = dialog.role_checks.roles(), dialog.passphrase.passphrase

            def added(_none: object) -> None:
                self._say(
                    self.users_message,
                    self.tr("{user} can now unlock the vault.").replace("{user}", user),
                )
                self.reload()

            self._in_dialog(
                dialog,
                lambda: self._session.accounts.add(user, display, roles, passphrase),
                added,
            )

        self._open(dialog, submit)

    def on_roles_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        dialog = RolesDialog(row.username, tuple(row.roles), self)
        user = row.username

        def submit() -> None:
            roles = dialog.role_checks.roles()

            def saved(_none: object) -> None:
                self._say(
                    self.users_message,
                    self.tr("Roles for {user} saved.").replace("{user}", user),
                )
                self.reload()

            self._in_dialog(dialog, lambda: self._session.accounts.set_roles(user, roles), saved)

        self._open(dialog, submit)

    def on_deactivate_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        user = row.username
        dialog = ConfirmDialog(
            self.tr("Deactivate {user}?").replace("{user}", user),
            self.tr(
                "{name} will no longer be able to unlock the vault. Their name stays on the "
                "cases and notes they worked on. This can't be undone here."
            ).replace("{name}", row.display_name or user),
            self.tr("Deactivate"),
            self,
        )

        def done(_none: object) -> None:
            self._say(
                self.users_message,
                self.tr("{user} can no longer unlock the vault.").replace("{user}", user),
            )
            self.reload()

        self._open(
            dialog,
            lambda: self._in_dialog(dialog, lambda: self._session.accounts.deactivate(user), done),
        )

    def on_reset_button_clicked(self) -> None:
        """A key change: the administrator's own passphrase first, then the new one."""
        row = self._selected_row()
        if row is None:
            return
        user = row.username
        by_recovery = self._session.opened_with_recovery_key
        reauth = ReauthDialog(
            (
                self.tr(
                    "Setting a new passphrase for {user} changes who can unlock the vault, so "
                    "please type the recovery key again first."
                )
                if by_recovery
                else self.tr(
                    "Setting a new passphrase for {user} changes who can unlock the vault, so "
                    "please type your own passphrase first."
                )
            ).replace("{user}", user),
            self,
            recovery_key=by_recovery,
        )

        def verified(ok: object) -> None:
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
            self._run(lambda: self._session.verify_passphrase(passphrase), verified, failed)

        self._open(reauth, submit)

    def _ask_new_passphrase(self, user: str) -> None:
        dialog = PassphraseDialog(user, own=False, parent=self)

        def done(_none: object) -> None:
            self._say(
                self.users_message,
                self.tr("{user}'s new passphrase is set.").replace("{user}", user),
            )

        def submit() -> None:
            new = dialog.new
            self._in_dialog(
                dialog, lambda: self._session.accounts.reset_passphrase(user, new), done
            )

        self._open(dialog, submit)

    # --- own passphrase ----------------------------------------------------------------------

    def on_change_own_button_clicked(self) -> None:
        me = self._session.user or ""
        dialog = PassphraseDialog(me, own=True, parent=self)

        def done(_none: object) -> None:
            self._say(self.own_message, self.tr("Your new passphrase is set."))

        def submit() -> None:
            old, new = dialog.current, dialog.new
            self._in_dialog(dialog, lambda: self._session.change_passphrase(me, old, new), done)

        self._open(dialog, submit)

    # --- settings ----------------------------------------------------------------------------

    def _refresh_save_button(self) -> None:
        changed = self.organisation_form.values() != self._organisation
        self.save_settings_button.setEnabled(self.can_manage_settings and changed)

    def on_save_settings_button_clicked(self) -> None:
        values = self.organisation_form.values()
        self.save_settings_button.setEnabled(False)

        def saved(after: dict[str, SettingValue]) -> None:
            self._on_settings_loaded(after)
            self._say(self.settings_message, self.tr("Settings saved. They apply to everyone."))
            self.settings_changed.emit(dict(after))

        def failed(exc: BaseException) -> None:
            self._refresh_save_button()
            self._say(self.settings_message, message_for(exc))

        self._run(
            lambda: self._session.settings.set_many(values), saved, failed, changed="settings"
        )

    def on_device_form_edited(self, key: str, value: object) -> None:
        self._preferences.set(key, value)
        self.settings_changed.emit({key: self._preferences.get(key)})

    # --- health check ------------------------------------------------------------------------

    def on_check_button_clicked(self) -> None:
        self.check_button.setEnabled(False)
        self._say(self.check_summary, self.tr("Checking the vault…"))

        def checked(report: Any) -> None:
            self.check_button.setEnabled(True)
            self._show_check(report.items)
            self._say(
                self.check_summary,
                self.tr("Everything checked is in order.")
                if report.ok
                else self.tr("Something needs attention. Details are below."),
            )

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            self._say(self.check_summary, message_for(exc))

        self._run(self._session.check, checked, failed)

    def _show_check(self, items: list[Any]) -> None:
        while (item := self.check_grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for row, item in enumerate(items):
            status = QLabel(self.tr("OK") if item.ok else self.tr("FAIL"))
            status.setProperty("role", "heading" if item.ok else "risk")
            name = QLabel(item.name)
            detail = QLabel(item.detail, wordWrap=True)
            detail.setProperty("role", "muted")
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            for column, label in enumerate((status, name, detail)):
                self.check_grid.addWidget(label, row, column)

    def check_lines(self) -> list[str]:
        """What the results say, row by row (for tests and screen readers alike)."""
        lines = []
        for row in range(self.check_grid.rowCount()):
            cells = []
            for column in range(3):
                item = self.check_grid.itemAtPosition(row, column)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QLabel):
                    cells.append(widget.text())
            if cells:
                lines.append(" ".join(cells))
        return lines
