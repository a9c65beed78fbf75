"""The list of backups in the folder, newest first (table kit)."""

from __future__ import annotations

from typing import Any

from survivorapp.services.backups import BackupEntry
from survivorapp.ui.widgets.table_kit import ListTableModel

NOT_RECORDS = frozenset({"vault_meta", "settings", "organisation_keys", "audit_log"})


class BackupsTableModel(ListTableModel[BackupEntry]):
    COLUMNS = ("Taken", "Cases", "Size", "Taken by")
    NUMBER_COLUMNS = frozenset({1, 2})

    def cells(self, item: BackupEntry) -> tuple[str, ...]:
        taken = item.created.astimezone().strftime("%d %b %Y, %H:%M")
        cases = item.manifest.counts.get("cases", 0)
        return (taken, f"{cases:,}", f"{item.size / 1_000_000:.1f} MB", item.manifest.created_by)

    def sort_key(self, item: BackupEntry, column: int) -> Any:
        if column == 0:
            return item.created
        if column == 1:
            return item.manifest.counts.get("cases", 0)
        if column == 2:
            return item.size
        return super().sort_key(item, column)
