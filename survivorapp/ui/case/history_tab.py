"""Who has opened or changed this case, from the audit log (managers and admins only).

It names fields that changed, never their old or new values.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from survivorapp.services.case_views import AuditEntry
from survivorapp.ui.widgets.table_kit import ListTableModel, make_table

ACTION_WORDS = {
    "open": "Opened the case",
    "create": "Added",
    "change": "Changed",
    "allocate": "Allocated",
    "share": "Shared",
    "unshare": "Stopped sharing",
    "restrict": "Restricted",
    "export": "Exported",
}


class HistoryTableModel(ListTableModel[AuditEntry]):
    """One row per audit entry, newest first as the service gives them."""

    COLUMNS = ("When", "Who", "What", "Fields")

    def set_entries(self, entries: Sequence[AuditEntry]) -> None:
        self.set_items(entries)

    def cells(self, item: AuditEntry) -> tuple[str, ...]:
        what = ACTION_WORDS.get(item.action, item.action.replace("_", " ").capitalize())
        if item.action != "open":
            what = f"{what} {item.entity.replace('_', ' ')}"
        return (
            item.at[:16].replace("T", " "),
            item.actor,
            what,
            ", ".join(f.replace("_", " ") for f in item.fields),
        )


class HistoryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Everyone who has opened or changed this case. Changes name the fields, "
                "never what was in them."
            ),
            wordWrap=True,
        )
        note.setProperty("role", "muted")
        layout.addWidget(note)
        self.model = HistoryTableModel()
        self.table = make_table(self.model, self.tr("Case history"), widths=(140, 140, 200))
        layout.addWidget(self.table, 1)

    def show_entries(self, entries: Sequence[AuditEntry]) -> None:
        self.model.set_entries(entries)
