"""Today's line about backups, for administrators and managers.

"Last backup 3 days ago", or a clear warning when there is none, when this computer's backup
folder cannot be reached, or when the last backup failed. It reads the vault's own record of
its backups (and only checks that the folder is there), so it is quick even when the folder is
a USB stick that is not plugged in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from survivorapp.services.backups import BackupService, BackupStatus
from survivorapp.ui.backups.runner import BackupRunner
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.cards import muted_label
from survivorapp.ui.widgets.theme import heading_font


class BackupNotice(QFrame):
    def __init__(
        self,
        operations: Operations,
        backups: BackupService,
        runner: BackupRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(self.tr("Backups"))
        self._operations, self._backups, self._runner = operations, backups, runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        self.summary = QLabel(wordWrap=True)
        self.summary.setAccessibleName(self.tr("When the vault was last backed up"))
        self.summary.setFont(heading_font(self, 1.15))  # reads as the card's title
        self.warning = QLabel(wordWrap=True)
        self.warning.setProperty("role", "risk")
        self.warning.setAccessibleName(self.tr("Backup warning"))
        self.hint = muted_label(
            self.tr("An administrator can see the backups, and take one, in Admin, Backups.")
        )
        for label in (self.summary, self.warning, self.hint):
            layout.addWidget(label)
        self.warning.setVisible(False)
        runner.finished.connect(lambda _text: self.reload())
        runner.failed.connect(lambda _text: self.reload())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        folder: Path | None = self._runner.folder
        backups = self._backups
        self._operations.run(lambda: backups.status(folder), self.show_status, owner=self)

    def show_status(self, status: BackupStatus) -> None:
        self.summary.setText(self.tr(status.summary) + ".")
        warning = status.warning
        self.warning.setText(warning or "")
        self.warning.setVisible(warning is not None)
