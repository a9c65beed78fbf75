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

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from survivorapp.domain.safe_input import UnsafeFile, read_regular
from survivorapp.services.permissions import Action, Actor, allowed
from survivorapp.services.returns import CommissionerKey, ReturnService
from survivorapp.ui.admin.card import Card
from survivorapp.ui.admin.models import CommissionerKeysTableModel
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.confirm_dialog import ConfirmDialog
from survivorapp.ui.widgets.dialog_host import DialogHost
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.small_dialog import SmallDialog, muted
from survivorapp.ui.widgets.table_kit import make_table

MAX_KEY_FILE_BYTES = 64 * 1024

ChooseFile = Callable[[QWidget], str | None]
KEYS = Changes(returns=True)


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


class ReturnKeysCard(Card):
    """One card of the Admin page (it loads itself when first shown)."""

    def __init__(
        self,
        operations: Operations,
        actor: Actor,
        returns: ReturnService,
        parent: QWidget | None = None,
        choose_key: ChooseFile = choose_key_file,
        choose_save: ChooseFile = choose_save_file,
    ) -> None:
        can_manage = allowed(actor, Action.MANAGE_SETTINGS)
        super().__init__(
            self.tr("Commissioner keys"),
            self.tr(
                "A sealed return is encrypted to one of these keys, so only that "
                "commissioner can open its exact figures. Commissioners check your returns "
                "with the organisation's public key."
            )
            if can_manage
            else self.tr(
                "A sealed return is encrypted to one of these keys. Only an administrator "
                "can add or remove them."
            ),
            parent,
        )
        self._operations = operations
        self._returns = returns
        self._choose_key = choose_key
        self._choose_save = choose_save
        self._dialogs = DialogHost(operations, self)
        self.can_manage = can_manage
        self._loaded = False
        self.model = CommissionerKeysTableModel()
        chars = self.fontMetrics().averageCharWidth()
        self.table = make_table(
            self.model, self.tr("Commissioner keys"), widths=(chars * 28, chars * 24, chars * 14)
        )
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4)
        self.table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self.layout_.addWidget(self.table)
        self.empty = muted(self.tr("No commissioner's key has been added yet."))
        self.layout_.addWidget(self.empty)
        self.import_button = action_button(
            self.tr("Add a key…"), self.tr("Add a commissioner's key")
        )
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.remove_button = action_button(
            self.tr("Remove…"), self.tr("Remove the chosen commissioner's key")
        )
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.export_key_button = action_button(
            self.tr("Export organisation public key…"), self.tr("Export organisation public key")
        )
        self.export_key_button.clicked.connect(self.on_export_key_button_clicked)
        for managing in (self.import_button, self.remove_button):
            managing.setVisible(can_manage)
        self.add_buttons(self.import_button, self.remove_button, self.export_key_button)
        self.message = message_label(self.tr("Commissioner keys message"))
        self.layout_.addWidget(self.message)
        self._refresh_buttons()

    @staticmethod
    def is_for(actor: Actor) -> bool:
        return allowed(actor, Action.EXPORT_RETURN) or allowed(actor, Action.MANAGE_SETTINGS)

    @property
    def dialog(self) -> SmallDialog | None:
        return self._dialogs.dialog

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        self._operations.run(
            self._returns.commissioner_keys,
            self._on_loaded,
            self._say_error,
            owner=self,
        )

    def _on_loaded(self, keys: list[CommissionerKey]) -> None:
        self.model.set_items(keys)
        self.empty.setVisible(not keys)
        self._refresh_buttons()

    def selected_key(self) -> CommissionerKey | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _refresh_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_key() is not None)

    def _say(self, text: str) -> None:
        say(self.message, text)

    def _say_error(self, exc: BaseException) -> None:
        say(self.message, message_for(exc))

    # --- actions -----------------------------------------------------------------------------

    def on_import_button_clicked(self) -> None:
        chosen = self._choose_key(self)
        if not chosen:
            return
        path = Path(chosen)
        try:  # a regular, small file only: a pipe must not hang the window
            pem = read_regular(path, MAX_KEY_FILE_BYTES)
        except UnsafeFile as exc:
            self._say(exc.user_message)
            return
        except OSError:
            self._say(self.tr("That file could not be read. Please choose it again."))
            return
        dialog = KeyNameDialog(path.name, self)
        returns = self._returns

        def added(key: CommissionerKey) -> None:
            self._say(
                self.tr("Added {name}'s key (fingerprint {fingerprint}).")
                .replace("{name}", key.label)
                .replace("{fingerprint}", key.fingerprint)
            )
            self.reload()

        def submit() -> None:
            name = dialog.name_edit.text()
            self._dialogs.run_in(
                dialog, lambda: returns.import_commissioner_key(name, pem), added, changes=KEYS
            )

        self._dialogs.open(dialog, submit)

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

        returns = self._returns

        def removed(_none: object) -> None:
            self._say(self.tr("Removed {name}'s key.").replace("{name}", key.label))
            self.reload()

        self._dialogs.open(
            dialog,
            lambda: self._dialogs.run_in(
                dialog, lambda: returns.remove_commissioner_key(key.id), removed, changes=KEYS
            ),
        )

    def on_export_key_button_clicked(self) -> None:
        chosen = self._choose_save(self)
        if not chosen:
            return
        path = Path(chosen)
        returns = self._returns

        def saved(fingerprint: str) -> None:
            self._say(
                self.tr(
                    "Saved the organisation's public key in {file}. Its fingerprint is "
                    "{fingerprint}: read it to the commissioner to check it arrived intact."
                )
                .replace("{file}", str(path))
                .replace("{fingerprint}", fingerprint)
            )

        self._operations.run(
            lambda: returns.export_organisation_key(path),
            saved,
            self._say_error,
            owner=self,
        )
