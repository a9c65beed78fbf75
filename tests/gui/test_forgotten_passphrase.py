"""A forgotten passphrase, end to end: unlock with the recovery key, set a new passphrase in
Admin (re-checked with the recovery key, since there is no passphrase to ask for), lock, and
unlock with the new passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from survivorapp.services.access import VaultAccess
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.admin.passphrase_dialog import PassphraseDialog
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog
from tests.conftest import TemplateVault
from tests.gui.test_admin_page import dialog_of
from tests.gui.test_app_flow import make_controller, press
from tests.support.vaults import ADMIN

NEW_PASSPHRASE = "lantern orchard pebble whistle"
WAIT = 10_000


def test_a_forgotten_passphrase_is_reset_with_the_recovery_key(
    qtbot, qapp: QApplication, access: VaultAccess, vault_dir: Path, template_vault: TemplateVault
) -> None:  # type: ignore[no-untyped-def]
    ctl = make_controller(qapp, access, vault_dir)
    try:
        page = ctl.unlock_page
        qtbot.mouseClick(page.mode_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(page.recovery_edit, template_vault.recovery_key.lower())
        qtbot.keyClick(page.recovery_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ctl.window.workspace_visible, timeout=WAIT)

        ctl.window.show_page("admin")
        admin = ctl.window.page("admin")
        assert isinstance(admin, AdminPage)
        qtbot.waitUntil(lambda: admin.users_card.users_model.rowCount() > 0, timeout=WAIT)
        admin.users_card.select_user(ADMIN)
        qtbot.mouseClick(admin.users_card.reset_button, Qt.MouseButton.LeftButton)

        reauth = dialog_of(qtbot, admin, ReauthDialog)
        assert reauth.passphrase_edit.accessibleName() == "The recovery key"
        qtbot.keyClicks(reauth.passphrase_edit, "not the recovery key at all")
        qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: reauth.message.isVisible(), timeout=WAIT)
        assert "recovery key isn't right" in reauth.message.text()
        qtbot.keyClicks(reauth.passphrase_edit, template_vault.recovery_key)
        qtbot.keyClick(reauth.passphrase_edit, Qt.Key.Key_Return)

        dialog = dialog_of(qtbot, admin, PassphraseDialog)
        qtbot.keyClicks(dialog.fields.passphrase_edit, NEW_PASSPHRASE)
        qtbot.keyClicks(dialog.fields.confirm_edit, NEW_PASSPHRASE)
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: "new passphrase is set" in admin.users_card.users_message.text(), timeout=WAIT
        )

        press(qtbot, ctl, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not ctl.window.workspace_visible, timeout=WAIT)
    finally:
        ctl.shutdown()
    with access.unlock(vault_dir, ADMIN, NEW_PASSPHRASE) as session:
        assert session.actor.username == ADMIN
