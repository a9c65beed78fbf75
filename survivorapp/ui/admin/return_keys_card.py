"""Admin: commissioners' public keys for sealed returns, and the organisation's public key.

Administrators import a commissioner's key file (``commissioner.pub.pem``) and remove it;
managers see the list, since they choose among these keys when they export a sealed return.
Both can save the organisation's public signing key to send to a commissioner. Keys are
shown with their fingerprints, which people read aloud to each other to check a key is the
right one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import Action, Actor, allowed
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.confirm_dialog import ConfirmDialog
from survivorapp.ui.widgets.dialog_host import DialogHost
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted
from survivorapp.ui.widgets.theme import heading_font

Index = QModelIndex | QPersistentModelIndex
ChooseFile = Callable[[QWidget], str | None]
COLUMNS = ("Commissioner", "Fingerprint", "Added", "Added by")


def choose_key_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, parent.tr("Commissioner's public key"), "", "Public key (*.pem)"
    )
    return path or None


def choose_save_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        parent.tr("Save the organisation's public key"),
        "organisation.pub.pem",
        "Public key (*.pem)",
    )
    return path or None


class CommissionerKeysTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._keys: list[Any] = []

    def set_keys(self, keys: list[Any]) -> None:
        self.beginResetModel()
        self._keys = list(keys)
        self.endResetModel()

    def key_at(self, row: int) -> Any:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self.key_at(index.row()) if index.isValid() else None
        if key is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        values = (key.label, key.fingerprint, key.added_on.strftime("%d %b %Y"), key.added_by)
        return values[index.column()]


class KeyNameDialog(SmallDialog):
    """The name to show for a commissioner's key being imported."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Add a commissioner's key"),
            self.tr(
                "From {file}. Before relying on it, read its fingerprint back to the "
                "commissioner: once added, managers can send exact figures to whoever holds "
                "the matching private key."
            ).replace("{file}", file_name),
            self.tr("Add key"),
            parent,
        )
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Commissioner's name"))
        self.name_edit.setPlaceholderText(self.tr("For example: MOPAC"))
        self.form.addRow(self.tr("Commissioner"), self.name_edit)
        self.name_edit.textChanged.connect(self._refresh)
        self.name_edit.returnPressed.connect(self.submit)
        self._refresh()

    def _refresh(self) -> None:
        self.submit_button.setEnabled(bool(self.name_edit.text().strip()))


class ReturnKeysCard(QFrame, DialogHost):
    """One card of the Admin page (it loads itself when first shown)."""

    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        parent: QWidget | None = None,
        choose_key: ChooseFile = choose_key_file,
        choose_save: ChooseFile = choose_save_file,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._choose_key = choose_key
        self._choose_save = choose_save
        self.can_manage = allowed(session.actor, Action.MANAGE_SETTINGS)
        self.dialog: SmallDialog | None = None
        self._loaded = False
        self.setObjectName("card")
        title = self.tr("Commissioner keys")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(10)
        heading = QLabel(title)
        heading.setFont(heading_font(self, 1.15))
        layout.addWidget(heading)
        layout.addWidget(
            muted(
                self.tr(
                    "A sealed return is encrypted to one of these keys, so only that "
                    "commissioner can open its exact figures. Commissioners check your returns "
                    "with the organisation's public key."
                )
                if self.can_manage
                else self.tr(
                    "A sealed return is encrypted to one of these keys. Only an administrator "
                    "can add or remove them."
                )
            )
        )
        self.model = CommissionerKeysTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.fontMetrics().height() + 12
        self.table.verticalHeader().setDefaultSectionSize(rows)
        self.table.setMinimumHeight(rows * 4)
        self.table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        layout.addWidget(self.table)
        self.empty = muted(self.tr("No commissioner's key has been added yet."))
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Add a key…"))
        self.import_button.setAccessibleName(self.tr("Add a commissioner's key"))
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the chosen commissioner's key"))
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.export_key_button = QPushButton(self.tr("Export organisation public key…"))
        self.export_key_button.setAccessibleName(self.tr("Export organisation public key"))
        self.export_key_button.clicked.connect(self.on_export_key_button_clicked)
        for button in (self.import_button, self.remove_button):
            button.setVisible(self.can_manage)
            row.addWidget(button)
        row.addWidget(self.export_key_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Commissioner keys message"))
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self._refresh_buttons()

    @staticmethod
    def is_for(actor: Actor) -> bool:
        return allowed(actor, Action.EXPORT_RETURN) or allowed(actor, Action.MANAGE_SETTINGS)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded and self._session.is_open:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        self._run(self._session.returns.commissioner_keys, self._on_loaded)

    def _on_loaded(self, keys: list[Any]) -> None:
        self.model.set_keys(keys)
        self.empty.setVisible(not keys)
        self._refresh_buttons()

    def selected_key(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.key_at(rows[0].row()) if rows else None

    def _refresh_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_key() is not None)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- actions -----------------------------------------------------------------------------

    def on_import_button_clicked(self) -> None:
        chosen = self._choose_key(self)
        if not chosen:
            return
        path = Path(chosen)
        try:
            pem = path.read_bytes()
        except OSError:
            self._say(self.tr("That file could not be read. Please choose it again."))
            return
        dialog = KeyNameDialog(path.name, self)

        def added(key: Any) -> None:
            self._say(
                self.tr("Added {name}'s key (fingerprint {fingerprint}).")
                .replace("{name}", key.label)
                .replace("{fingerprint}", key.fingerprint)
            )
            self.reload()

        def submit() -> None:
            name = dialog.name_edit.text()
            self._in_dialog(
                dialog, lambda: self._session.returns.import_commissioner_key(name, pem), added
            )

        self._open(dialog, submit)

    def on_remove_button_clicked(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        dialog = ConfirmDialog(
            self.tr("Remove {name}'s key?").replace("{name}", key.label),
            self.tr(
                "Sealed returns can no longer be made for this key. Returns already sent "
                "are not affected."
            ),
            self.tr("Remove"),
            self,
        )

        def removed(_none: object) -> None:
            self._say(self.tr("Removed {name}'s key.").replace("{name}", key.label))
            self.reload()

        self._open(
            dialog,
            lambda: self._in_dialog(
                dialog, lambda: self._session.returns.remove_commissioner_key(key.id), removed
            ),
        )

    def on_export_key_button_clicked(self) -> None:
        chosen = self._choose_save(self)
        if not chosen:
            return
        path = Path(chosen)

        def saved(fingerprint: str) -> None:
            self._say(
                self.tr(
                    "Saved the organisation's public key in {file}. Its fingerprint is "
                    "{fingerprint}: read it to the commissioner to check it arrived intact."
                )
                .replace("{file}", str(path))
                .replace("{fingerprint}", fingerprint)
            )

        self._run(
            lambda: self._session.returns.export_organisation_key(path),
            saved,
            lambda exc: self._say(message_for(exc)),
        )

    # --- plumbing ----------------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        changed: str | None = None,
    ) -> None:
        def success(result: Any) -> None:
            if shiboken6.isValid(self):
                on_success(result)

        def failure(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                (on_failure or (lambda e: self._say(message_for(e))))(exc)

        self._operations.run(work, success, failure, changed=changed)
