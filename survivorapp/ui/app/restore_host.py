"""Opening "Restore from a backup" from the unlock screen (a new computer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from survivorapp.paths import default_vault_dir
from survivorapp.services.access import VaultAccess
from survivorapp.services.restore import RestoreService
from survivorapp.ui.backups.restore_dialog import RestoreDialog
from survivorapp.ui.operations import Operations


def open_restore_dialog(
    window: QWidget, operations: Operations, access: VaultAccess, restored: Callable[[Path], None]
) -> RestoreDialog:
    """Into this computer's usual vault folder when it is free, else a new one beside it."""
    target = default_vault_dir()
    if target.exists():
        target = target.with_name("restored-vault")
    dialog = RestoreDialog(operations, RestoreService(access), target, parent=window)
    dialog.restored.connect(restored)
    dialog.open()
    return dialog
