"""First run through the app itself: the wizard creates a vault and opens the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from survivorapp.paths import default_vault_dir
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.unlock.first_run_wizard import FirstRunStep
from tests.gui.test_first_run_wizard import (
    COMMIT,
    FINISH,
    LEFT,
    NEXT,
    PASSPHRASE,
    USER,
    fill_admin,
    groups_of,
    type_into,
    walk_to_admin,
)


def test_first_run_wizard_leads_to_an_unlocked_main_window(
    qtbot, qapp: QApplication, access: VaultAccess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    demo_folder = tmp_path / "demo"
    ctl = AppController(qapp, access, demo_folder, demo=True)
    access.create(demo_folder, "manager", "survivorapp demo", kdf_target_seconds=0).session.lock()
    ctl.start()
    try:
        qtbot.mouseClick(ctl.unlock_page.setup_button, LEFT)
        wizard = ctl.wizard
        assert wizard is not None
        qtbot.waitExposed(wizard)
        walk_to_admin(qtbot, wizard)
        fill_admin(qtbot, wizard, PASSPHRASE)
        qtbot.mouseClick(wizard.button(NEXT), LEFT)
        qtbot.mouseClick(wizard.button(COMMIT), LEFT)
        qtbot.waitUntil(lambda: wizard.currentId() == FirstRunStep.RECOVERY, timeout=20_000)

        key = "-".join(label.text() for label in wizard.recovery_page.group_labels)
        first, second = wizard.check_groups
        type_into(qtbot, wizard.recovery_page.first_edit, groups_of(key)[first - 1])
        type_into(qtbot, wizard.recovery_page.second_edit, groups_of(key)[second - 1])
        qtbot.mouseClick(wizard.button(FINISH), LEFT)

        qtbot.waitUntil(lambda: ctl.window.workspace_visible, timeout=10_000)
        assert ctl.session is not None
        assert ctl.session.actor.username == USER
        assert ctl.folder == default_vault_dir()
        assert not ctl.demo
        assert ctl.caseload_page is not None
    finally:
        ctl.shutdown()
    # the new vault is real: it opens with the passphrase chosen in the wizard
    with access.unlock(default_vault_dir(), USER, PASSPHRASE) as session:
        assert session.actor.username == USER
