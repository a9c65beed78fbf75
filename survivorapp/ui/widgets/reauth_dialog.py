"""Asking for the person's own passphrase again before a key change or an export (STYLE.md).

The check runs on the vault thread (it costs one key derivation); a wrong passphrase is said
plainly in the dialog, which stays open. A vault opened with the recovery key is re-checked
with the recovery key: there is no passphrase to ask for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from survivorapp.ui.widgets.passphrase_fields import secret_edit
from survivorapp.ui.widgets.small_dialog import SmallDialog

if TYPE_CHECKING:
    from survivorapp.services.access import VaultSession


@dataclass(frozen=True)
class Reauthentication:
    """How the person signed in proves again that it is them: all a page needs of the session
    to ask. ``verify`` runs on the vault thread."""

    verify: Callable[[str], bool]
    recovery_key: bool
    """The vault was opened with the recovery key, so that is what is asked for."""

    @classmethod
    def of(cls, session: VaultSession) -> Reauthentication:
        return cls(session.verify_passphrase, session.opened_with_recovery_key)


class ReauthDialog(SmallDialog):
    def __init__(
        self, reason: str, parent: QWidget | None = None, *, recovery_key: bool = False
    ) -> None:
        super().__init__(self.tr("Confirm it's you"), reason, self.tr("Continue"), parent)
        self._recovery_key = recovery_key
        label = self.tr("The recovery key") if recovery_key else self.tr("Your passphrase")
        self.passphrase_edit = secret_edit(
            label,
            self.tr("The recovery key this vault was opened with")
            if recovery_key
            else self.tr("The passphrase you unlocked the vault with"),
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
