"""Admin -> Security driven as an administrator would: prove it's you, change the data key,
write down the new recovery key (typed back), and the app locks.

Runs on a real vault through a real :class:`Operations`. Set ``SURVIVORAPP_SCREENSHOTS`` to a
folder to keep pictures of the card and the new-key dialog.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from survivorapp.services.access import VaultAccess
from survivorapp.services.errors import RecoveryKeyNotRecognised
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.admin.services import AdminServices
from survivorapp.ui.operations import Operations
from survivorapp.ui.unlock.recovery_key_dialog import NewRecoveryKeyDialog
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog
from tests.conftest import TemplateVault
from tests.gui.test_admin_page import WAIT, dialog_of, open_page
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def keep_picture(widget: object, name: str) -> None:
    folder = os.environ.get("SURVIVORAPP_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))  # type: ignore[attr-defined]


def test_change_the_data_key_then_the_new_recovery_key_is_checked_and_the_app_locks(
    qtbot, vault_dir: Path, access: VaultAccess, template_vault: TemplateVault
) -> None:  # type: ignore[no-untyped-def]
    env = open_page(qtbot, vault_dir, access, ADMIN, ADMIN_PASSPHRASE)
    card = env.page.security_card
    assert card is not None and card in env.page.cards()
    keep_picture(card, "security-card.png")

    qtbot.mouseClick(card.rotate_button, Qt.MouseButton.LeftButton)
    reauth = dialog_of(qtbot, env.page, ReauthDialog)
    qtbot.keyClicks(reauth.passphrase_edit, "not my passphrase")
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reauth.message.isVisible(), timeout=WAIT)
    assert "isn't right" in reauth.message.text()
    assert (vault_dir / "keyslots.json").exists() and card.key_dialog is None

    qtbot.keyClicks(reauth.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.key_dialog is not None, timeout=60_000)
    dialog = card.key_dialog
    assert isinstance(dialog, NewRecoveryKeyDialog)
    key = "-".join(label.text() for label in dialog.page.group_labels)
    assert key != template_vault.recovery_key and len(key) == 47
    dialog.resize(760, 640)
    keep_picture(dialog, "new-recovery-key.png")

    # it cannot be closed before the key was typed back
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and not dialog.finish_button.isEnabled()
    first, second = dialog.page.groups
    groups = key.split("-")
    with qtbot.waitSignal(card.lock_requested, timeout=WAIT):
        qtbot.keyClicks(dialog.page.first_edit, groups[first - 1])
        qtbot.keyClicks(dialog.page.second_edit, groups[second - 1].lower())
        assert dialog.finish_button.isEnabled()
        qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not env.session.is_open  # the session that rotated has ended

    env.operations.shutdown()
    assert env.errors == []
    with pytest.raises(RecoveryKeyNotRecognised):
        access.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    access.unlock_with_recovery(vault_dir, key).lock()
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert "rekey" in [e.action for e in session.audit.recent(10)]


def test_only_administrators_see_the_security_card(
    qtbot, vault_dir: Path, access: VaultAccess
) -> None:  # type: ignore[no-untyped-def]
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("cara", "cara's own passphrase", ("caseworker",))
    env = open_page(qtbot, vault_dir, access, "cara", "cara's own passphrase")
    assert env.page.security_card is None
    env.lock()
    env.operations.shutdown()


def test_the_new_key_is_still_shown_when_the_app_locks_during_the_change(
    qtbot, vault_dir: Path, access: VaultAccess
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+L or the idle lock take the pages down while the key is changing: the key must
    reach the screen anyway, or nobody would ever see it."""
    errors: list[BaseException] = []
    operations = Operations(errors.append)
    session = operations.call(lambda: access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE))
    window = QWidget()
    qtbot.addWidget(window)
    page = AdminPage(operations, AdminServices.of(session))
    QVBoxLayout(window).addWidget(page)
    window.resize(980, 900)
    window.show()
    card = page.security_card
    assert card is not None
    qtbot.mouseClick(card.rotate_button, Qt.MouseButton.LeftButton)
    reauth = dialog_of(qtbot, page, ReauthDialog)
    qtbot.keyClicks(reauth.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.progress_bar.isVisible(), timeout=WAIT)
    page.setParent(None)  # type: ignore[call-overload]  # the lock clears the pages
    page.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(NewRecoveryKeyDialog) is not None, timeout=60_000)
    dialog = window.findChild(NewRecoveryKeyDialog)
    assert isinstance(dialog, NewRecoveryKeyDialog) and dialog.isVisible()
    key = "-".join(label.text() for label in dialog.page.group_labels)
    first, second = dialog.page.groups
    qtbot.keyClicks(dialog.page.first_edit, key.split("-")[first - 1])
    qtbot.keyClicks(dialog.page.second_edit, key.split("-")[second - 1])
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    operations.shutdown()
    assert errors == []
    access.unlock_with_recovery(vault_dir, key).lock()


def test_in_the_app_the_change_ends_at_the_unlock_screen_and_the_passphrase_still_opens(
    qtbot, qapp, access: VaultAccess, vault_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    from survivorapp.ui.app.controller import AppController
    from tests.gui.test_admin_page import unlock_to_admin

    ctl = AppController(qapp, access, vault_dir)
    ctl.start()
    try:
        admin = unlock_to_admin(qtbot, ctl)
        card = admin.security_card
        assert card is not None
        qtbot.mouseClick(card.rotate_button, Qt.MouseButton.LeftButton)
        reauth = dialog_of(qtbot, admin, ReauthDialog)
        qtbot.keyClicks(reauth.passphrase_edit, ADMIN_PASSPHRASE)
        qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: card.key_dialog is not None, timeout=60_000)
        dialog = card.key_dialog
        assert dialog is not None
        groups = [label.text() for label in dialog.page.group_labels]
        first, second = dialog.page.groups
        qtbot.keyClicks(dialog.page.first_edit, groups[first - 1])
        qtbot.keyClicks(dialog.page.second_edit, groups[second - 1])
        qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not ctl.window.workspace_visible, timeout=WAIT)
        assert ctl.session is None
        assert "data key was changed" in ctl.unlock_page.message.text()
        keep_picture(ctl.window, "unlock-after-rekey.png")
        qtbot.waitUntil(lambda: not ctl.operations.is_busy, timeout=WAIT)
        ctl.unlock_page.user_edit.clear()
        unlock_to_admin(qtbot, ctl)  # the same passphrase opens the new vault
        assert ctl.session is not None and ctl.session.is_open
    finally:
        ctl.shutdown()
