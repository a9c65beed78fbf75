"""Admin -> Security: changing the vault's data key, for example when a member of staff leaves.

A card of the Admin page, kept in its own folder (the Admin folder is full). Changing the key
is a key change, so the person proves again that it is them first (their passphrase, or the
recovery key if that opened this session). The work runs off the GUI thread with its steps
shown in the card. Then the new recovery key is shown once, exactly as at creation, and the
card asks for the app to lock: the session that rotated has ended, and everyone unlocks again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from survivorapp.domain.progress import Progress, ProgressReport
from survivorapp.services.key_rotation import RotationResult
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.unlock.recovery_key_dialog import NewRecoveryKeyDialog
from survivorapp.ui.widgets.cards import message_label, muted_label, say
from survivorapp.ui.widgets.dialog_host import DialogHost
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog, Reauthentication
from survivorapp.ui.widgets.small_dialog import SmallDialog
from survivorapp.ui.widgets.theme import heading_font

Rotate = Callable[[str, Progress], RotationResult]
"""Rotate the data key with the acting person's secret (runs on the vault thread)."""


class SecurityCard(QFrame):
    """The data-key card. Emits :attr:`lock_requested` once the new recovery key was checked."""

    lock_requested = Signal()

    def __init__(
        self,
        operations: Operations,
        rotate: Rotate,
        reauth: Reauthentication,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._operations = operations
        self._rotate = rotate
        self._reauth = reauth
        self._dialogs = DialogHost(operations, self)
        self.key_dialog: NewRecoveryKeyDialog | None = None
        self.setAccessibleName(self.tr("Security"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Security"))
        heading.setFont(heading_font(self, 1.15))
        layout.addWidget(heading)
        layout.addWidget(
            muted_label(
                self.tr(
                    "Everyone's passphrase opens the same data key. When someone leaves, "
                    "change it: a copy of the vault's key file they may have kept, and the "
                    "old recovery key, then open nothing. Colleagues keep their passphrases. "
                    "You get a new recovery key to print, and everyone unlocks again."
                )
            )
        )
        self.rotate_button = action_button(self.tr("Change the data key…"))
        self.rotate_button.clicked.connect(self.on_rotate_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rotate_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Changing the data key"))
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setVisible(False)
        layout.addWidget(self.progress_bar)
        self.status = message_label(self.tr("Data key status"))
        layout.addWidget(self.status)

    @property
    def dialog(self) -> SmallDialog | None:
        return self._dialogs.dialog

    def on_rotate_button_clicked(self) -> None:
        reason = (
            self.tr(
                "Changing the data key changes what opens the vault, so please type the "
                "recovery key again first. It will stop working; you will get a new one."
            )
            if self._reauth.recovery_key
            else self.tr(
                "Changing the data key changes what opens the vault, so please type your "
                "own passphrase first. It stays the same afterwards."
            )
        )
        reauth = ReauthDialog(reason, self, recovery_key=self._reauth.recovery_key)
        verify = self._reauth.verify

        def verified(ok: bool, secret: str) -> None:
            reauth.set_busy(False)
            if not ok:
                reauth.refuse()
                return
            reauth.accept()
            self._start(secret)

        def failed(exc: BaseException) -> None:
            reauth.set_busy(False)
            reauth.show_message(message_for(exc))

        def submit() -> None:
            reauth.set_busy(True)
            secret = reauth.passphrase
            self._operations.run(
                lambda: verify(secret), lambda ok: verified(ok, secret), failed, owner=self
            )

        self._dialogs.open(reauth, submit)

    def _start(self, secret: str) -> None:
        """Run the rotation. Its answer is owned by the window, not the card: a lock (Ctrl+L,
        idle) while it runs takes the pages down, and the new key must still be shown."""
        self.rotate_button.setEnabled(False)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)
        say(self.status, self.tr("Changing the data key. Please keep the app open…"))
        rotate, window, alive = self._rotate, self.window(), [True]
        self.destroyed.connect(lambda *_: alive.__setitem__(0, False))

        def rotated(result: RotationResult) -> None:
            dialog = NewRecoveryKeyDialog(result.recovery_key, rotation_note(result), window)
            if alive[0]:
                self._rotated(dialog)
            dialog.open()
            dialog.page.first_edit.setFocus()

        self._operations.run_long(
            lambda progress: rotate(secret, progress),
            rotated,
            lambda exc: self._failed(exc) if alive[0] else None,
            owner=window,
            on_progress=lambda report: self._on_progress(report) if alive[0] else None,
        )

    def _on_progress(self, report: ProgressReport) -> None:
        if report.total > 0:
            self.progress_bar.setRange(0, report.total)
            self.progress_bar.setValue(report.done)

    def _failed(self, exc: BaseException) -> None:
        self.progress_bar.setVisible(False)
        self.rotate_button.setEnabled(True)
        say(self.status, message_for(exc) + " " + self.tr("The data key was not changed."))

    def _rotated(self, dialog: NewRecoveryKeyDialog) -> None:
        self.progress_bar.setVisible(False)
        say(self.status, self.tr("The data key was changed."))
        self.key_dialog = dialog
        dialog.accepted.connect(self._finished)

    def _finished(self) -> None:
        self.key_dialog = None
        self.lock_requested.emit()


def rotation_note(result: RotationResult) -> str:
    """What the new-key dialog says above the key: what changed, and about whom."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("SecurityCard", text)

    lines = [
        tr(
            "The data key was changed. The old recovery key no longer opens the vault: "
            "destroy it. The app locks when you finish; unlock again as usual."
        )
    ]
    if result.pending:
        names = ", ".join(result.pending)
        lines.append(
            tr("These colleagues keep their passphrase: {names}.").replace("{names}", names)
        )
    if result.needs_new_passphrase:
        names = ", ".join(result.needs_new_passphrase)
        lines.append(
            tr("Give these colleagues a new passphrase: {names}.").replace("{names}", names)
        )
    return " ".join(lines)
