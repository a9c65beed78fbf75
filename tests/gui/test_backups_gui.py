"""Admin, Backups and Today's backup notice, driven as a person would on a real vault thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from survivorapp.domain.progress import silent
from survivorapp.services.access import VaultAccess
from survivorapp.services.restore import RestoreService
from survivorapp.ui.backups.models import BackupsTableModel
from survivorapp.ui.backups.page import BackupNotice, BackupRunner, BackupsPanel
from survivorapp.ui.backups.restore_dialog import RestoreDialog
from survivorapp.ui.operations import Operations
from survivorapp.ui.preferences import DevicePreferences
from survivorapp.ui.unlock.page import UnlockPage
from survivorapp.ui.widgets.theme import apply_theme
from tests.gui.vault_thread import unlocked
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

WAIT = 20_000
SHOTS = os.environ.get("SURVIVORAPP_SCREENSHOTS")


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture(autouse=True)
def themed(qapp: QApplication) -> None:
    apply_theme(qapp, "light")  # as the app shows it (screenshots, the risk colour)


def test_back_up_now_lists_the_backup_and_the_drill_restores_it(
    qtbot, vault_dir: Path, access: VaultAccess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    stick.mkdir()
    with unlocked(vault_dir, access) as env:
        runner = BackupRunner(env.operations, env.session.backups, DevicePreferences())
        panel = BackupsPanel(
            env.operations, runner, env.session.backups, chooser=lambda _w, _s: str(stick)
        )
        qtbot.addWidget(panel)
        panel.resize(820, panel.sizeHint().height())
        panel.show()
        assert "No backup folder chosen" in panel.folder_label.text()
        qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
        assert str(stick) in panel.folder_label.text()
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            qtbot.mouseClick(panel.back_up_button, Qt.MouseButton.LeftButton)
            assert not panel.back_up_button.isEnabled()
        assert panel.message.text().startswith("Backed up")
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT)
        assert panel.back_up_button.isEnabled() and not panel.progress.isVisible()
        with qtbot.waitSignal(runner.drilled, timeout=WAIT):
            qtbot.mouseClick(panel.drill_button, Qt.MouseButton.LeftButton)
        assert "verified and deleted again" in panel.message.text()
        panel.resize(820, panel.sizeHint().height())
        _shot(panel, "admin-backups")
        actions = env.operations.call(lambda: [e.action for e in env.session.audit.recent(5)])
        assert "restore_drill" in actions and "backup" in actions


def test_today_warns_until_there_is_a_backup(
    qtbot, vault_dir: Path, access: VaultAccess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with unlocked(vault_dir, access) as env:
        runner = BackupRunner(env.operations, env.session.backups, DevicePreferences())
        notice = BackupNotice(env.operations, env.session.backups, runner)
        qtbot.addWidget(notice)
        notice.resize(700, 120)
        notice.show()
        qtbot.waitUntil(lambda: notice.summary.text() != "", timeout=WAIT)
        assert notice.summary.text() == "No backup yet."
        assert "No backup folder is set" in notice.warning.text() and notice.warning.isVisible()
        runner.set_folder(tmp_path / "unplugged")
        notice.reload()
        qtbot.waitUntil(lambda: "cannot be reached" in notice.warning.text(), timeout=WAIT)
        _shot(notice, "today-backup-warning")
        (tmp_path / "unplugged").mkdir()
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            runner.back_up_now()
        qtbot.waitUntil(lambda: notice.summary.text() == "Last backup today.", timeout=WAIT)
        assert not notice.warning.isVisible()


def test_the_backups_table_model_reads_as_a_person_would(
    vault_dir: Path, access: VaultAccess, tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.backups.backup_now(tmp_path / "b", silent())
        entries = session.backups.backups_in(tmp_path / "b")
    model = BackupsTableModel()
    model.set_items(entries)
    assert model.rowCount() == 1
    taken, cases, size, by = (model.index(0, c).data() for c in range(4))
    assert by == "admin" and cases == "0" and size.endswith("MB") and taken


def test_restore_from_a_backup_on_a_new_computer(
    qtbot, vault_dir: Path, access: VaultAccess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    stick.mkdir()
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.backups.backup_now(stick, silent())
    page = UnlockPage("your vault", "Vault: none yet", offer_restore=True)
    qtbot.addWidget(page)
    assert page.restore_button is not None
    with qtbot.waitSignal(page.restore_requested):
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    errors: list[BaseException] = []
    operations = Operations(errors.append)
    target = tmp_path / "new-laptop" / "vault"
    dialog = RestoreDialog(
        operations, RestoreService(access), target, chooser=lambda _w, _s: str(stick)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    browse = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Choose…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.backup_edit.text() == str(stick)
    qtbot.keyClicks(dialog.user_edit, ADMIN)
    qtbot.keyClicks(dialog.passphrase_edit, "not the passphrase")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "do not open this backup" in dialog.message.text(), timeout=WAIT)
    assert not target.exists()
    dialog.passphrase_edit.clear()
    qtbot.keyClicks(dialog.passphrase_edit, ADMIN_PASSPHRASE)
    _shot(dialog, "restore-dialog")
    with qtbot.waitSignal(dialog.restored, timeout=WAIT) as restored:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert restored.args == [target]
    operations.shutdown()
    assert errors == []
    with access.unlock(target, ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.check().ok


def test_locking_backs_up_only_when_something_changed(
    qtbot, vault_dir: Path, access: VaultAccess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    stick.mkdir()
    with unlocked(vault_dir, access) as env:
        runner = BackupRunner(env.operations, env.session.backups, DevicePreferences())
        runner.set_folder(stick)
        env.operations.call(runner.lock_work())  # never backed up: due
        assert len(list(stick.iterdir())) == 1
        env.operations.call(runner.lock_work())  # nothing changed since
        assert len(list(stick.iterdir())) == 1
        env.operations.call(lambda: env.session.settings.set("auto_lock_minutes", 9))
        env.operations.call(runner.lock_work())
        generations = env.operations.call(
            lambda: [e.manifest.generation for e in env.session.backups.backups_in(stick)]
        )
        assert generations == [2]  # a new backup; rotation keeps the newest of the day
