"""A plain "are you sure", in words that say what will happen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from survivorapp.ui.widgets.small_dialog import SmallDialog


class ConfirmDialog(SmallDialog):
    def __init__(self, title: str, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(title, text, action, parent)
        self.cancel_button.setDefault(True)
        self.submit_button.setDefault(False)
