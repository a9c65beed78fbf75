"""Admin, Backups: back up now, the backup folder, the last backups, and a restore drill.

A panel for the Admin page (administrators only), in its own feature folder because Admin's is
full. It says plainly who can open a backup: anyone with a passphrase that was valid when it
was taken, or with the recovery key. The work itself runs through :class:`BackupRunner`; the
folder list is read beside the vault thread, since a network share can be slow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.progress import Progress, ProgressReport
from survivorapp.services.backups import BackupEntry, BackupService, DrillResult
from survivorapp.ui.backups.models import BackupsTableModel
from survivorapp.ui.backups.notice import BackupNotice
from survivorapp.ui.backups.runner import BackupRunner
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.cards import message_label, muted_label, say
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.table_kit import make_table
from survivorapp.ui.widgets.theme import heading_font

__all__ = ["BackupNotice", "BackupRunner", "BackupsPanel"]
FolderChooser = Callable[[QWidget, str], str]
SHOWN_BACKUPS = 8


def choose_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, parent.tr("Choose the backup folder"), start)


class BackupsPanel(QFrame):
    def __init__(
        self,
        operations: Operations,
        runner: BackupRunner,
        backups: BackupService,
        chooser: FolderChooser = choose_folder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(self.tr("Backups"))
        self._operations, self._runner, self._backups = operations, runner, backups
        self._chooser = chooser
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Backups"))
        heading.setFont(heading_font(self, 1.15))
        layout.addWidget(heading)
        layout.addWidget(
            muted_label(
                self.tr(
                    "A backup is an encrypted copy of the whole vault. It opens with any "
                    "passphrase that was valid when it was taken, or with the recovery key, so "
                    "keep the printed recovery key away from this laptop: a stolen laptop must "
                    "not take the only way into the backups with it."
                )
            )
        )
        layout.addLayout(self._folder_row())
        self.back_up_button = action_button(self.tr("Back up now"))
        self.drill_button = action_button(self.tr("Try restoring the newest backup"))
        self.stop_button = action_button(self.tr("Stop"))
        self.stop_button.setVisible(False)
        row = QHBoxLayout()
        for button in (self.back_up_button, self.drill_button, self.stop_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Backup progress"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.message = message_label(self.tr("What the last backup action did"))
        layout.addWidget(self.message)
        self.model = BackupsTableModel()
        chars = self.fontMetrics().averageCharWidth()
        self.table = make_table(
            self.model,
            self.tr("Backups in the folder"),
            widths=(chars * 22, chars * 16, chars * 10),
        )
        self.table.setMaximumHeight(self.fontMetrics().height() * (SHOWN_BACKUPS + 3))
        self.empty = muted_label(self.tr("No backups in this folder yet."))
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self._connect()

    def _folder_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.folder_label = QLabel(wordWrap=True)
        self.folder_label.setAccessibleName(self.tr("Backup folder on this computer"))
        self.folder_button = action_button(self.tr("Choose folder…"))
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.folder_button)
        self._show_folder()
        return row

    def _connect(self) -> None:
        self.folder_button.clicked.connect(self.on_folder_button_clicked)
        self.back_up_button.clicked.connect(self._runner.back_up_now)
        self.drill_button.clicked.connect(self._runner.drill)
        self.stop_button.clicked.connect(self._runner.cancel)
        self._runner.started.connect(self.on_runner_started)
        self._runner.progressed.connect(self.on_runner_progressed)
        self._runner.finished.connect(self.on_runner_finished)
        self._runner.failed.connect(self.on_runner_failed)
        self._runner.drilled.connect(self.on_runner_drilled)

    # --- the folder -------------------------------------------------------------------------

    def _show_folder(self) -> None:
        folder = self._runner.folder
        self.folder_label.setText(
            self.tr("Backup folder: {folder}").format(folder=folder)
            if folder
            else self.tr("No backup folder chosen on this computer yet.")
        )

    def on_folder_button_clicked(self) -> None:
        current = self._runner.folder
        chosen = self._chooser(self, str(current or Path.home()))
        if chosen:
            self._runner.set_folder(Path(chosen))
            self._show_folder()
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        folder, backups = self._runner.folder, self._backups
        if folder is None:
            self._show_backups([])
            return

        def listed(entries: list[BackupEntry]) -> None:
            self._show_backups(entries)

        def read(_progress: Progress) -> list[BackupEntry]:
            return backups.backups_in(folder)[:SHOWN_BACKUPS]

        self._operations.run_beside(read, listed, lambda _exc: self._show_backups([]), owner=self)

    def _show_backups(self, entries: list[BackupEntry]) -> None:
        self.model.set_items(entries)
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)

    # --- the runner's news ----------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.back_up_button.setEnabled(not running)
        self.drill_button.setEnabled(not running)
        self.folder_button.setEnabled(not running)
        self.stop_button.setVisible(running)
        self.progress.setVisible(running)

    def on_runner_started(self) -> None:
        self._set_running(True)
        self.progress.setRange(0, 0)
        say(self.message, self.tr("Working… you can go on using the app meanwhile."))

    def on_runner_progressed(self, report: ProgressReport) -> None:
        if report.total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(report.fraction * 1000))
        self.progress.setFormat(report.step + "  %p%")

    def on_runner_finished(self, text: str) -> None:
        self._set_running(False)
        say(self.message, text)
        self.reload()

    def on_runner_failed(self, text: str) -> None:
        self._set_running(False)
        say(self.message, text)
        self.reload()

    def on_runner_drilled(self, result: DrillResult) -> None:
        self._set_running(False)
        say(self.message, result.summary + " " + self.tr("The result is noted in the audit log."))
