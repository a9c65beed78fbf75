"""Asking for the person's own passphrase again before a key change (STYLE.md, Secrets).

The check runs on the vault thread (it costs one key derivation); a wrong passphrase is said
plainly in the dialog, which stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from survivorapp.ui.widgets.small_dialog import SmallDialog


class ReauthDialog(SmallDialog):
    def __init__(
        self, reason: str, parent: QWidget | None = None, *, recovery_key: bool = False
    ) -> None:
        super().__init__(self.tr("Confirm it's you"), reason, self.tr("Continue"), parent)
        self._recovery_key = recovery_key
        # A vault opened with the recovery key is re-checked with it: there is no passphrase.
        label = self.tr("The recovery key") if recovery_key else self.tr("Your passphrase")
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(label)
        self.passphrase_edit.setAccessibleDescription(
            self.tr("The recovery key this vault was opened with")
            if recovery_key
            else self.tr("The passphrase you unlocked the vault with")
        )
        self.form.addRow(label, self.passphrase_edit)
        self.passphrase_edit.textChanged.connect(self._refresh)
        self.passphrase_edit.returnPressed.connect(self.submit)
        self._refresh()

    @property
    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def refuse(self) -> None:
        self.passphrase_edit.clear()
        self.passphrase_edit.setFocus()
        self.show_message(
            self.tr("That recovery key isn't right. Please try again.")
            if self._recovery_key
            else self.tr("That passphrase isn't right. Please try again.")
        )

    def _refresh(self) -> None:
        self.submit_button.setEnabled(bool(self.passphrase))
