"""The Admin page driven as a person would: staff accounts, passphrases, settings, the health check.

The page runs on a real vault through a real :class:`Operations` (the session is unlocked on
the vault thread, as the app does). Checking that someone can or can't unlock afterwards locks
the admin's session first: a vault is open in one place at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.errors import CredentialsNotRecognised
from survivorapp.ui.admin.account_cards import UsersCard
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.admin.passphrase_dialog import PassphraseDialog
from survivorapp.ui.admin.roles_dialog import RolesDialog
from survivorapp.ui.admin.services import AdminServices
from survivorapp.ui.admin.user_dialog import AddUserDialog
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.operations import Operations
from survivorapp.ui.preferences import DevicePreferences
from survivorapp.ui.widgets.passphrase_fields import PassphraseFields
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.theme import THEMES
from tests.services.conftest import STAFF, passphrase_of, staffed_dir, staffed_template  # noqa: F401
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

NEW_USER = "sam.jones"
STAFFED = "cw"  # a caseworker already in the staffed vault
NEW_PASSPHRASE = "lantern orchard pebble violin"
WAIT = 15_000
D = TypeVar("D", bound=SmallDialog)


@dataclass
class Env:
    page: AdminPage
    session: VaultSession
    operations: Operations
    folder: Path
    access: VaultAccess
    errors: list[BaseException]

    def lock(self) -> None:
        """Close the admin's session so someone else can unlock (one place at a time)."""
        if self.session.is_open:
            self.operations.call(self.session.lock)

    def can_unlock(self, user: str, passphrase: str) -> bool:
        self.lock()
        try:
            self.access.unlock(self.folder, user, passphrase).lock()
        except CredentialsNotRecognised:
            return False
        return True


def open_page(qtbot, folder: Path, access: VaultAccess, user: str, passphrase: str) -> Env:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    operations = Operations(errors.append)
    session = operations.call(lambda: access.unlock(folder, user, passphrase))
    page = AdminPage(operations, AdminServices.of(session))
    qtbot.addWidget(page)
    page.resize(980, 900)
    page.show()
    qtbot.waitUntil(lambda: not operations.is_busy, timeout=WAIT)
    return Env(page, session, operations, folder, access, errors)


@pytest.fixture
def env(qtbot, staffed_dir: Path, access: VaultAccess) -> Iterator[Env]:  # type: ignore[no-untyped-def]  # noqa: F811
    """The Admin page of a vault whose staff were added once per run (see STAFF): a test that
    only works on an account does not pay for making one."""
    environment = open_page(qtbot, staffed_dir, access, ADMIN, ADMIN_PASSPHRASE)
    assert users(environment).users_model.rowCount() == 1 + len(STAFF)
    yield environment
    environment.lock()
    environment.operations.shutdown()
    assert environment.errors == []


def users(env: Env) -> UsersCard:
    card = env.page.users_card
    assert card is not None
    return card


def shows(env: Env, user: str, column: int) -> str:
    """What the staff accounts list shows for ``user`` in ``column``."""
    model = users(env).users_model
    return str(model.index(model.row_of(user), column).data())


def dialog_of(qtbot, page: AdminPage, kind: type[D]) -> D:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(page.dialog, kind), timeout=WAIT)
    assert isinstance(page.dialog, kind)
    return page.dialog


def finish(qtbot, env: Env, dialog: SmallDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: env.page.dialog is not dialog, timeout=WAIT)
    qtbot.waitUntil(lambda: not env.operations.is_busy, timeout=WAIT)


def add_user(qtbot, env: Env, user: str = NEW_USER, roles: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(users(env).add_user_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, env.page, AddUserDialog)
    qtbot.keyClicks(dialog.user_edit, user)
    qtbot.keyClicks(dialog.display_edit, "Sam Jones")
    for role in roles:
        dialog.role_checks.checks[role].click()
    qtbot.keyClicks(dialog.passphrase.passphrase_edit, NEW_PASSPHRASE)
    assert not dialog.submit_button.isEnabled()  # not until it's typed twice
    qtbot.keyClicks(dialog.passphrase.confirm_edit, NEW_PASSPHRASE)
    assert dialog.passphrase.strength_label.text()
    assert dialog.submit_button.isEnabled()
    finish(qtbot, env, dialog)
    qtbot.waitUntil(lambda: users(env).users_model.row_of(user) >= 0, timeout=WAIT)


def type_twice(qtbot, fields: PassphraseFields, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    """A new passphrase, and the same again to confirm it."""
    qtbot.keyClicks(fields.passphrase_edit, passphrase)
    qtbot.keyClicks(fields.confirm_edit, passphrase)


def select(env: Env, user: str) -> None:
    users(env).select_user(user)
    assert users(env).selected_user() == user


def test_add_a_user_who_can_then_unlock(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    add_user(qtbot, env)
    assert "sam.jones can now unlock the vault." in users(env).users_message.text()
    row = users(env).users_model.item_at(users(env).users_model.row_of(NEW_USER))
    assert row is not None and row.display_name == "Sam Jones" and row.roles == ("caseworker",)
    assert env.can_unlock(NEW_USER, NEW_PASSPHRASE)


def test_a_taken_user_name_is_said_in_the_dialog(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(users(env).add_user_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, env.page, AddUserDialog)
    qtbot.keyClicks(dialog.user_edit, "ADMIN")
    type_twice(qtbot, dialog.passphrase, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=WAIT)
    assert "already taken" in dialog.message.text()
    assert dialog.isVisible() and dialog.user_edit.text() == "ADMIN"  # nothing typed is lost
    dialog.reject()


def test_a_passphrase_that_is_the_user_name_is_explained(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AddUserDialog()
    qtbot.addWidget(dialog)
    type_twice(qtbot, dialog.passphrase, "kestrelharbour")  # typed before the user name
    assert "user name" not in dialog.passphrase.hint_label.text()
    qtbot.keyClicks(dialog.user_edit, "kestrelharbour")
    assert dialog.passphrase.hint_label.text() == (
        "Please choose something other than your user name."
    )
    assert not dialog.submit_button.isEnabled()


def test_change_roles(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    select(env, STAFFED)
    qtbot.mouseClick(users(env).roles_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, env.page, RolesDialog)
    dialog.role_checks.checks["caseworker"].click()
    assert not dialog.submit_button.isEnabled()  # at least one role
    dialog.role_checks.checks["manager"].click()
    finish(qtbot, env, dialog)
    qtbot.waitUntil(lambda: shows(env, STAFFED, 2) == "Manager", timeout=WAIT)
    rows = {r.username: r for r in env.operations.call(env.session.accounts.list)}
    assert rows[STAFFED].roles == ("manager",)


def test_deactivate_means_they_can_no_longer_unlock(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    select(env, ADMIN)
    assert not users(env).deactivate_button.isEnabled()  # never one's own account
    select(env, STAFFED)
    qtbot.mouseClick(users(env).deactivate_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, env.page, SmallDialog)
    assert "will no longer be able to unlock" in dialog.intro.text()
    finish(qtbot, env, dialog)
    qtbot.waitUntil(lambda: shows(env, STAFFED, 3) == "Deactivated", timeout=WAIT)
    assert not users(env).reset_button.isEnabled()
    assert not env.can_unlock(STAFFED, passphrase_of(STAFFED))


def test_reset_passphrase_asks_for_the_admins_own_first(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    select(env, STAFFED)
    qtbot.mouseClick(users(env).reset_button, Qt.MouseButton.LeftButton)
    reauth = dialog_of(qtbot, env.page, ReauthDialog)
    qtbot.keyClicks(reauth.passphrase_edit, "a guess that is wrong")
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reauth.message.isVisible(), timeout=WAIT)
    assert "isn't right" in reauth.message.text()
    assert reauth.isVisible() and reauth.passphrase_edit.text() == ""
    qtbot.keyClicks(reauth.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.keyClick(reauth.passphrase_edit, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, env.page, PassphraseDialog)
    assert not dialog.current_edit.isVisibleTo(dialog)  # an admin doesn't know theirs
    type_twice(qtbot, dialog.fields, "meadow tractor ribbon canyon")
    finish(qtbot, env, dialog)
    assert "new passphrase is set" in users(env).users_message.text()
    assert not env.can_unlock(STAFFED, passphrase_of(STAFFED))
    assert env.can_unlock(STAFFED, "meadow tractor ribbon canyon")


def test_change_my_passphrase(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(env.page.own_card.change_own_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, env.page, PassphraseDialog)
    qtbot.keyClicks(dialog.current_edit, "not what I unlocked with")
    type_twice(qtbot, dialog.fields, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=WAIT)
    dialog.current_edit.clear()
    qtbot.keyClicks(dialog.current_edit, ADMIN_PASSPHRASE)
    finish(qtbot, env, dialog)
    assert env.page.own_card.own_message.text() == "Your new passphrase is set."
    assert not env.can_unlock(ADMIN, ADMIN_PASSPHRASE)
    assert env.can_unlock(ADMIN, NEW_PASSPHRASE)


def test_check_the_vault_lists_every_item(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(env.page.check_card.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(env.page.check_card.check_lines()), timeout=WAIT)
    lines = env.page.check_card.check_lines()
    assert len(lines) >= 4 and all(line.startswith("OK ") for line in lines)
    assert any("audit log" in line for line in lines)
    assert env.page.check_card.check_summary.text() == "Everything checked is in order."


def test_a_caseworker_sees_no_accounts_and_read_only_settings(  # type: ignore[no-untyped-def]
    qtbot,
    staffed_dir: Path,  # noqa: F811
    access: VaultAccess,
) -> None:
    env = open_page(qtbot, staffed_dir, access, "cw", passphrase_of("cw"))
    try:
        page = env.page
        assert page.users_card is None and page.check_card is None
        assert "Staff accounts" not in [card.accessibleName() for card in page.cards()]
        assert page.organisation_card.organisation_form.value("auto_lock_minutes") == 5
        assert not any(
            f.isEnabled() for f in page.organisation_card.organisation_form.fields.values()
        )
        assert not page.organisation_card.save_settings_button.isVisible()
        assert all(f.isEnabled() for f in page.device_card.device_form.fields.values())
        assert page.own_card.change_own_button.isEnabled()
    finally:
        env.lock()
        env.operations.shutdown()


def interactive(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, kinds)
        and not isinstance(w, QHeaderView)
        and w.isVisibleTo(root)
        and not (w.parent() is not None and type(w.parent()).__name__ == "QAbstractSpinBox")
        and w.objectName() != "qt_spinbox_lineedit"
    ]


def test_every_interactive_widget_has_an_accessible_name(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    missing = [repr(w) for w in interactive(env.page) if not w.accessibleName()]
    opened: list[SmallDialog] = []
    select(env, ADMIN)
    for button, kind in (
        (users(env).add_user_button, AddUserDialog),
        (users(env).roles_button, RolesDialog),
        (users(env).reset_button, ReauthDialog),
        (env.page.own_card.change_own_button, PassphraseDialog),
    ):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = dialog_of(qtbot, env.page, kind)
        missing += [
            f"{kind.__name__}: {w!r}" for w in interactive(dialog) if not w.accessibleName()
        ]
        opened.append(dialog)
        dialog.reject()
    assert missing == []
    assert len(opened) == 4


# --- through the whole app: the controller applies what the page changes ---------------------


@pytest.fixture
def controller(qapp: QApplication, access: VaultAccess, vault_dir: Path) -> Iterator[AppController]:
    ctl = AppController(qapp, access, vault_dir)
    ctl.start()
    yield ctl
    ctl.shutdown()


def unlock_to_admin(qtbot, ctl: AppController) -> AdminPage:  # type: ignore[no-untyped-def]
    page = ctl.unlock_page
    qtbot.keyClicks(page.user_edit, ADMIN)
    qtbot.keyClicks(page.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.keyClick(page.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctl.window.workspace_visible, timeout=WAIT)
    ctl.window.show_page("admin")
    admin = ctl.window.page("admin")
    assert isinstance(admin, AdminPage)
    qtbot.waitUntil(lambda: not ctl.operations.is_busy, timeout=WAIT)
    return admin


def test_auto_lock_minutes_are_stored_in_the_vault_and_applied(  # type: ignore[no-untyped-def]
    qtbot, controller: AppController, access: VaultAccess, vault_dir: Path
) -> None:
    admin = unlock_to_admin(qtbot, controller)
    assert controller.idle.interval_ms == 5 * 60_000
    spin = admin.organisation_card.organisation_form.fields["auto_lock_minutes"]
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "9")
    assert admin.organisation_card.save_settings_button.isEnabled()
    qtbot.mouseClick(admin.organisation_card.save_settings_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.idle.interval_ms == 9 * 60_000, timeout=WAIT)
    assert "Settings saved" in admin.organisation_card.settings_message.text()
    assert controller.idle.active
    controller.lock()
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=WAIT)
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.settings.get("auto_lock_minutes") == 9


def test_a_stored_auto_lock_is_applied_on_unlock(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, access: VaultAccess, vault_dir: Path
) -> None:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.settings.set("auto_lock_minutes", 3)
    ctl = AppController(qapp, access, vault_dir)
    ctl.start()
    try:
        unlock_to_admin(qtbot, ctl)
        qtbot.waitUntil(lambda: ctl.idle.interval_ms == 3 * 60_000, timeout=WAIT)
    finally:
        ctl.shutdown()


def test_theme_changes_at_once_and_is_remembered_on_this_computer(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, controller: AppController
) -> None:
    admin = unlock_to_admin(qtbot, controller)
    assert THEMES["light"].window in qapp.styleSheet()
    combo = admin.device_card.device_form.fields["theme"]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("dark"))
    assert THEMES["dark"].window in qapp.styleSheet()
    assert DevicePreferences().get("theme") == "dark"
    curtain = admin.device_card.device_form.fields["curtain_key"]
    assert isinstance(curtain, QComboBox)
    curtain.setCurrentIndex(curtain.findData("F11"))
    assert DevicePreferences().get("curtain_key") == "F11"
    ctl2 = AppController(qapp, controller.access, controller.folder)
    try:
        assert THEMES["dark"].window in qapp.styleSheet()  # the next start uses it too
    finally:
        ctl2.shutdown()
