"""Restore from a backup: on a new laptop, before any vault exists here.

The person picks the backup (or the folder of backups: the newest is taken), a new folder for
the vault, and how to open the backup: the recovery key (always works, on any computer) or a
user name and a passphrase that was valid when the backup was taken. The restore verifies
everything before it writes, and writes only into a new folder. When the backup is older than
the newest one known, or is of another vault, the dialog says what would be lost and asks for
a second, explicit yes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from survivorapp.domain.progress import Progress
from survivorapp.services.restore import Credentials, RestoreResult, RestoreService, describe
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.passphrase_fields import secret_edit
from survivorapp.ui.widgets.small_dialog import SmallDialog

FolderChooser = Callable[[QWidget, str], str]


def _choose(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, parent.tr("Choose a folder"), start)


class RestoreDialog(SmallDialog):
    #: The folder of the restored vault, ready to unlock.
    restored = Signal(Path)

    def __init__(
        self,
        operations: Operations,
        service: RestoreService,
        target: Path,
        chooser: FolderChooser = _choose,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Restore from a backup"),
            self.tr(
                "For a new computer, or after losing one. The backup is checked before anything "
                "is written, and it goes into a new folder. A backup opens with the recovery "
                "key, or with a passphrase that was valid when it was taken."
            ),
            self.tr("Restore"),
            parent,
        )
        self._operations, self._service, self._chooser = operations, service, chooser
        self.backup_edit = self._folder_row(self.tr("Backup (or folder of backups)"), "")
        self.target_edit = self._folder_row(self.tr("New vault folder"), str(target))
        self.recovery_edit = secret_edit(self.tr("Recovery key"))
        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName(self.tr("User name (instead of the recovery key)"))
        self.passphrase_edit = secret_edit(self.tr("Passphrase (instead of the recovery key)"))
        self.form.addRow(self.tr("Recovery key"), self.recovery_edit)
        self.form.addRow(self.tr("…or user name"), self.user_edit)
        self.form.addRow(self.tr("and passphrase"), self.passphrase_edit)
        self.anyway = QCheckBox(self.tr("I understand what would be lost; restore it anyway"))
        self.anyway.setVisible(False)
        self.form.addRow(self.anyway)
        self.submitted.connect(self.on_submitted)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    def show_message(self, text: str) -> None:
        super().show_message(text)
        self.adjustSize()  # a long reason (what would be lost) gets its full height

    def _folder_row(self, label: str, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(label)
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose the folder for: {what}").format(what=label))
        browse.clicked.connect(lambda: self._browse(edit))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(browse)
        self.form.addRow(label, row)
        return edit

    def _browse(self, edit: QLineEdit) -> None:
        chosen = self._chooser(self, edit.text() or str(Path.home()))
        if chosen:
            edit.setText(chosen)

    def credentials(self) -> Credentials:
        if self.recovery_edit.text().strip():
            return Credentials(recovery_key=self.recovery_edit.text())
        return Credentials(self.user_edit.text().strip(), self.passphrase_edit.text())

    def on_submitted(self) -> None:
        source, target = self.backup_edit.text().strip(), self.target_edit.text().strip()
        if not source or not target:
            self.show_message(self.tr("Choose the backup and a new folder for the vault."))
            return
        service, credentials, confirmed = self._service, self.credentials(), self.anyway.isChecked()

        def work() -> RestoreResult | list[str]:
            backup = service.newest_in(Path(source)) or Path(source)
            reasons = service.confirmations_needed(backup)
            if reasons and not confirmed:
                return reasons
            return service.restore(
                backup, Path(target), credentials, Progress(), confirmed=bool(reasons)
            )

        self.submit_button.setEnabled(False)
        self.show_message(self.tr("Checking and restoring the backup…"))
        self._operations.run(work, self._done, self._failed, owner=self)

    def _done(self, outcome: RestoreResult | list[str]) -> None:
        self.submit_button.setEnabled(True)
        if isinstance(outcome, list):
            self.anyway.setVisible(True)
            self.show_message(" ".join(outcome))
            return
        if not outcome.check.ok:
            failed = "; ".join(i.detail for i in outcome.check.items if not i.ok)
            self.show_message(self.tr("Restored, but the check found problems: ") + failed)
            return
        self.show_message(
            self.tr("Restored the backup {what}. You can unlock it now.").format(
                what=describe(outcome.manifest)
            )
        )
        self.restored.emit(outcome.target)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self.show_message(message_for(exc))
