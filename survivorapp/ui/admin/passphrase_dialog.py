"""Setting a passphrase: one's own (knowing the old one), or someone else's as an administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from survivorapp.ui.widgets.passphrase_fields import PassphraseFields, secret_edit
from survivorapp.ui.widgets.small_dialog import SmallDialog


class PassphraseDialog(SmallDialog):
    """``own=True`` asks for the current passphrase too (changing one's own)."""

    def __init__(self, user: str, *, own: bool, parent: QWidget | None = None) -> None:
        if own:
            title = self.tr("Change my passphrase")
            intro = self.tr(
                "You will use the new passphrase the next time you unlock. Nothing else changes."
            )
        else:
            title = self.tr("New passphrase for {user}").replace("{user}", user)
            intro = self.tr(
                "Their old passphrase stops working at once. Give them the new one in person "
                "and ask them to change it when they next unlock."
            )
        super().__init__(title, intro, self.tr("Set passphrase"), parent)
        self.user = user
        self.own = own
        self.current_edit = secret_edit(self.tr("Current passphrase"))
        self.current_edit.setParent(self)
        if own:
            self.form.addRow(self.tr("Current passphrase"), self.current_edit)
        else:
            self.current_edit.hide()
        self.fields = PassphraseFields(self.form, self, user_name=user)
        self.fields.changed.connect(self._refresh)
        self.current_edit.textChanged.connect(self._refresh)
        self._refresh()

    @property
    def current(self) -> str:
        return self.current_edit.text()

    @property
    def new(self) -> str:
        return self.fields.passphrase

    def _refresh(self) -> None:
        self.submit_button.setEnabled(self.fields.ready() and (bool(self.current) or not self.own))
