"""The unlock screen: user name and passphrase, or the recovery key.

The page only collects input and shows messages; the window runs the unlock on the vault
thread. Messages never say whether a user name exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.services.errors import wait_text
from survivorapp.ui.widgets.page_layout import page_heading
from survivorapp.ui.widgets.passphrase_fields import secret_edit


@dataclass(frozen=True)
class DemoCredentials:
    """Shown on the unlock screen of the synthetic demo vault only."""

    user: str
    passphrase: str


class UnlockPage(QWidget):
    unlock_requested = Signal(str, str)
    recovery_requested = Signal(str)
    #: The person wants to create their organisation's real vault (offered on the demo only).
    setup_requested = Signal()
    #: The person wants to restore a vault from a backup (offered when there is no vault here).
    restore_requested = Signal()

    def __init__(
        self,
        organisation: str,
        vault_label: str,
        demo: DemoCredentials | None = None,
        parent: QWidget | None = None,
        *,
        offer_restore: bool = False,
    ) -> None:
        super().__init__(parent)
        self._recovery_mode = False
        self._busy = False
        self._wait_left = 0
        self._wait_intro = ""
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._wait_timer.timeout.connect(self._tick)
        layout = self._centred_card()
        title = page_heading(
            self, self.tr("Unlock {organisation}").replace("{organisation}", organisation)
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        where = QLabel(vault_label, wordWrap=True)
        where.setProperty("role", "muted")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        if demo is not None:
            layout.addWidget(self._demo_banner(demo))
        self._add_fields(layout)
        self._add_buttons(layout)
        if demo is not None:
            self.user_edit.setText(demo.user)
            self.setup_button = QPushButton(self.tr("Set up your organisation's own vault…"))
            self.setup_button.setAccessibleName(self.tr("Set up your organisation's own vault"))
            self.setup_button.setAccessibleDescription(
                self.tr("Creates a new, empty vault for real work, separate from this demo")
            )
            self.setup_button.clicked.connect(self.setup_requested.emit)
            layout.addWidget(self.setup_button)
        self.restore_button: QPushButton | None = None
        if offer_restore:
            self.restore_button = QPushButton(self.tr("Restore from a backup…"))
            self.restore_button.setAccessibleName(self.tr("Restore from a backup"))
            self.restore_button.setAccessibleDescription(
                self.tr("A new computer: bring back your organisation's vault from its backup")
            )
            self.restore_button.clicked.connect(self.restore_requested.emit)
            layout.addWidget(self.restore_button)

    def _centred_card(self) -> QVBoxLayout:
        """A card in the middle of the page, a little above centre; returns its layout."""
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(460)
        card.setMinimumWidth(360)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        return layout

    def _add_fields(self, layout: QVBoxLayout) -> None:
        self.user_edit = QLineEdit(placeholderText=self.tr("User name"))
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.passphrase_edit = secret_edit(self.tr("Passphrase"), placeholder=self.tr("Passphrase"))
        self.recovery_edit = QLineEdit(placeholderText="XXXXX-XXXXX-XXXXX-XXXXX-…")
        self.recovery_edit.setAccessibleName(self.tr("Recovery key"))
        self.recovery_edit.setAccessibleDescription(
            self.tr("The 8 groups of characters printed when the vault was created")
        )
        self.recovery_edit.setVisible(False)
        for edit in (self.user_edit, self.passphrase_edit, self.recovery_edit):
            edit.returnPressed.connect(self.submit)
            layout.addWidget(edit)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Unlock message"))
        self.message.setVisible(False)
        layout.addWidget(self.message)

    def _add_buttons(self, layout: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.mode_button = QPushButton(self.tr("Use the recovery key instead"))
        self.mode_button.setFlat(True)
        self.mode_button.setAccessibleName(self.tr("Switch between passphrase and recovery key"))
        self.mode_button.clicked.connect(self.toggle_recovery_mode)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        buttons.addWidget(self.mode_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

    def _demo_banner(self, demo: DemoCredentials) -> QFrame:
        banner = QFrame()
        banner.setObjectName("demoBanner")
        box = QVBoxLayout(banner)
        head = QLabel(self.tr("Demo vault: synthetic data only"))
        head.setProperty("role", "heading")
        body = QLabel(
            self.tr(
                "Every person in this vault is invented. Do not enter real case details here.\n"
                "User name: {user}\nPassphrase: {passphrase}"
            )
            .replace("{user}", demo.user)
            .replace("{passphrase}", demo.passphrase),
            wordWrap=True,
        )
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(head)
        box.addWidget(body)
        banner.setAccessibleName(self.tr("Demo vault notice"))
        return banner

    # --- behaviour ---------------------------------------------------------------------------

    def toggle_recovery_mode(self) -> None:
        self._recovery_mode = not self._recovery_mode
        self.user_edit.setVisible(not self._recovery_mode)
        self.passphrase_edit.setVisible(not self._recovery_mode)
        self.recovery_edit.setVisible(self._recovery_mode)
        self.mode_button.setText(
            self.tr("Use a passphrase instead")
            if self._recovery_mode
            else self.tr("Use the recovery key instead")
        )
        self.clear_message()
        self._update_unlock_button()
        self.focus_first_field()

    def focus_first_field(self) -> None:
        if self._recovery_mode:
            self.recovery_edit.setFocus()
        elif self.user_edit.text():
            self.passphrase_edit.setFocus()
        else:
            self.user_edit.setFocus()

    def submit(self) -> None:
        if self._recovery_mode:
            key = self.recovery_edit.text().strip()
            if not key:
                self.show_message(self.tr("Type the recovery key first."))
                return
            self.set_busy(True)
            self.recovery_requested.emit(key)
            return
        user, passphrase = self.user_edit.text().strip(), self.passphrase_edit.text()
        if self._wait_left > 0:
            return  # Return pressed in a field while the wait is shown: it is already said
        if not user or not passphrase:
            self.show_message(self.tr("Type your user name and passphrase."))
            return
        self.set_busy(True)
        self.unlock_requested.emit(user, passphrase)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_unlock_button()
        self.unlock_button.setText(self.tr("Unlocking…") if busy else self.tr("Unlock"))
        if busy:
            self.clear_message()

    def _update_unlock_button(self) -> None:
        """Busy, or waiting after wrong passphrases (the recovery key never waits)."""
        waiting = self._wait_left > 0 and not self._recovery_mode
        self.unlock_button.setEnabled(not self._busy and not waiting)

    # --- waiting after repeated wrong passphrases -------------------------------------------

    def show_wait(self, seconds: int, just_failed: bool) -> None:
        """Several wrong passphrases: say calmly how long until the next try, and count down.

        The Unlock button waits too; the recovery key can be used at once.
        """
        self._wait_intro = (
            self.tr("That user name and passphrase were not recognised.") + " "
            if just_failed
            else ""
        )
        self._wait_left = max(1, seconds)
        self.show_message(self._wait_text())
        self._wait_timer.start()
        self._update_unlock_button()

    def _wait_text(self) -> str:
        return self._wait_intro + self.tr(
            "After several tries that didn't match, each new try waits a little longer, to keep "
            "the vault safe. You can try again in {wait}.\n\nIf you have the recovery key, you "
            "can use it now."
        ).replace("{wait}", wait_text(self._wait_left))

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left > 0:
            self.message.setText(self._wait_text())
            return
        self._wait_timer.stop()
        self.message.setText(self.tr("You can try your passphrase again now."))
        self._update_unlock_button()

    @property
    def seconds_to_wait(self) -> int:
        return self._wait_left

    def show_message(self, text: str) -> None:
        self.set_busy(False)
        self.message.setText(text)
        self.message.setVisible(True)
        self.passphrase_edit.clear()
        self.focus_first_field()

    def clear_message(self) -> None:
        self.message.clear()
        self.message.setVisible(False)

    def reset(self) -> None:
        """Forget everything typed (after unlocking or locking)."""
        self._wait_timer.stop()
        self._wait_left = 0
        self.passphrase_edit.clear()
        self.recovery_edit.clear()
        self.set_busy(False)
        self.clear_message()
