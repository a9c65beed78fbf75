"""Admin, Backups and Today's backup notice, driven as a person would on a real vault thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from survivorapp.services.access import VaultAccess
from survivorapp.ui.backups.models import BackupsTableModel
from survivorapp.ui.backups.page import BackupNotice, BackupRunner, BackupsPanel
from survivorapp.ui.preferences import DevicePreferences
from survivorapp.ui.widgets.theme import apply_theme
from tests.gui.vault_thread import unlocked

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
    with access.unlock(vault_dir, "admin", "correct horse battery staple") as session:
        from survivorapp.domain.progress import silent

        session.backups.backup_now(tmp_path / "b", silent())
        entries = session.backups.backups_in(tmp_path / "b")
    model = BackupsTableModel()
    model.set_items(entries)
    assert model.rowCount() == 1
    taken, cases, size, by = (model.index(0, c).data() for c in range(4))
    assert by == "admin" and cases == "0" and size.endswith("MB") and taken
