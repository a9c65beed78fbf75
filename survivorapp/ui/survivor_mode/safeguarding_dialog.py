"""A safeguarding prompt for the worker, after the survivor has finished and the worker has
unlocked: never on the survivor's screen.

Calm wording: it names the question and what the instrument suggests, and points to the
service's own safeguarding procedure. It does not alarm (no red) and does not block: the worker
closes it when they have read it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)

from survivorapp.ui.widgets.small_dialog import dialog_column


class SafeguardingDialog(QDialog):
    def __init__(
        self, questionnaire_title: str, messages: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = dialog_column(self, self.tr("Please check in about safety"), 64)
        intro = QLabel(
            self.tr("An answer in “{title}” suggests checking in with the survivor now.").replace(
                "{title}", questionnaire_title
            ),
            wordWrap=True,
        )
        layout.addWidget(intro)
        self.messages = [QLabel(text, wordWrap=True) for text in messages]
        for label in self.messages:
            label.setProperty("role", "message")
            label.setAccessibleName(label.text())
            layout.addWidget(label)
        procedure = QLabel(
            self.tr(
                "Your service's safeguarding procedure says what to do next. You can note "
                "what you talked about and agreed in a session on this case."
            ),
            wordWrap=True,
        )
        procedure.setProperty("role", "muted")
        layout.addWidget(procedure)
        buttons = QDialogButtonBox()
        self.ok_button = QPushButton(self.tr("I have read this"))
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.ok_button.setDefault(True)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.clicked.connect(self.accept)
        layout.addWidget(buttons)

    @property
    def text(self) -> str:
        return "\n".join(label.text() for label in self.messages)
