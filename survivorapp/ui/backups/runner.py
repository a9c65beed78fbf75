"""Running backups from the desktop app: now, on lock, and once a day while the app is open.

A backup is three steps (see ``services/backups.py``). The first and last are short and run on
the vault thread; the copy itself runs beside it, on its own connection, so a session saved
during a backup is saved at once. On lock the whole backup runs on the vault thread instead,
just before the vault closes: nobody is working then, and an unlock asked for meanwhile simply
waits its turn on that thread.

The backup folder belongs to this computer (a USB stick, a network share), so it is kept in
this computer's preferences, never in the vault.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from survivorapp.domain.progress import Progress
from survivorapp.services.backups import (
    BackupDone,
    BackupService,
    DrillResult,
    SnapshotRequest,
    run_drill,
    take_snapshot,
)
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operation, Operations
from survivorapp.ui.preferences import DevicePreferences

LOG = logging.getLogger("survivorapp.ui.backups")
FOLDER_KEY = "backup_folder"
CHECK_EVERY_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 2 * 60 * 1000


class BackupRunner(QObject):
    """Takes backups and restore drills for one unlocked session, and says how they went."""

    started = Signal()
    progressed = Signal(object)  # ProgressReport
    finished = Signal(str)  # a sentence saying what was done
    failed = Signal(str)  # a sentence saying what went wrong
    drilled = Signal(object)  # DrillResult

    def __init__(
        self,
        operations: Operations,
        backups: BackupService,
        preferences: DevicePreferences,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._backups = backups
        self._preferences = preferences
        self._running: Operation | None = None
        self.busy = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.back_up_if_due)

    # --- the folder ---------------------------------------------------------------------------

    @property
    def folder(self) -> Path | None:
        text = self._preferences.remembered(FOLDER_KEY)
        return Path(text) if text else None

    def set_folder(self, folder: Path) -> None:
        self._preferences.remember(FOLDER_KEY, str(folder))

    # --- backing up -----------------------------------------------------------------------------

    def back_up_now(self) -> bool:
        """Start a backup; False (with ``failed``) when there is no folder or one is running."""
        folder = self.folder
        if self.busy:
            return False
        if folder is None:
            self.failed.emit(self.tr("Choose a backup folder first."))
            return False
        self._set_busy(True)
        self._operations.run(
            self._backups.begin,
            lambda request: self._copy(request, folder),
            self._on_failed,
            owner=self,
        )
        return True

    def _copy(self, request: SnapshotRequest, folder: Path) -> None:
        def copy(progress: Progress) -> Path:
            return take_snapshot(request, folder, progress)

        def copied(made: Path) -> None:
            self._operations.run(
                lambda: self._backups.finish(request, made),
                self._on_done,
                self._on_failed,
                owner=self,
            )

        def not_copied(exc: BaseException) -> None:
            self._operations.run(lambda: self._backups.failed(exc), owner=self)
            self._on_failed(exc)

        self._running = self._operations.run_beside(
            copy, copied, not_copied, owner=self, on_progress=self.progressed.emit
        )

    def cancel(self) -> None:
        if self._running is not None:
            self._running.cancel()

    def _on_done(self, done: BackupDone) -> None:
        self._set_busy(False)
        size = done.size / 1_000_000
        text = self.tr("Backed up ({size:.1f} MB).").format(size=size)
        if done.removed:
            text += " " + self.tr("{n} older backup(s) removed by rotation.").format(n=done.removed)
        self.finished.emit(text)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.failed.emit(message_for(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.started.emit()
        else:
            self._running = None

    # --- automatically --------------------------------------------------------------------------

    def start_schedule(self) -> None:
        """Check soon after unlocking, then every hour: at most one backup a day this way."""
        QTimer.singleShot(FIRST_CHECK_MS, self, self.back_up_if_due)
        self._timer.start(CHECK_EVERY_MS)

    def stop_schedule(self) -> None:
        self._timer.stop()

    def back_up_if_due(self) -> None:
        folder = self.folder
        if self.busy or folder is None or not folder.is_dir():
            return

        def maybe(due: bool) -> None:
            if due:
                self.back_up_now()

        self._operations.run(
            lambda: self._backups.due(datetime.now(UTC)), maybe, lambda _exc: None, owner=self
        )

    def lock_work(self) -> Callable[[], None]:
        """What to run on the vault thread just before locking: a backup when something changed
        since the last one (or none was taken today). A failure is remembered for Today; it
        never stops the lock."""
        folder, backups = self.folder, self._backups
        self.stop_schedule()

        def work() -> None:
            try:
                if folder is None or not folder.is_dir() or not backups.due(on_lock=True):
                    return
                request = backups.begin()
                made = take_snapshot(request, folder, Progress())
                backups.finish(request, made)
            except Exception as exc:  # the lock goes ahead whatever happened
                LOG.info("backup on lock failed: %s", type(exc).__name__)
                with contextlib.suppress(Exception):
                    backups.failed(exc)

        return work

    # --- the restore drill ----------------------------------------------------------------------

    def drill(self) -> bool:
        folder = self.folder
        if self.busy or folder is None:
            if folder is None:
                self.failed.emit(self.tr("Choose a backup folder first."))
            return False
        self._set_busy(True)

        def run(inputs: tuple[str, bytes]) -> None:
            vault_id, key = inputs
            self._operations.run_beside(
                lambda progress: run_drill(folder, vault_id, key, progress),
                record,
                self._on_failed,
                owner=self,
                on_progress=self.progressed.emit,
            )

        def record(result: DrillResult) -> None:
            self._operations.run(
                lambda: self._backups.record_drill(result),
                self._on_drilled,
                self._on_failed,
                owner=self,
            )

        self._operations.run(self._backups.drill_inputs, run, self._on_failed, owner=self)
        return True

    def _on_drilled(self, result: DrillResult) -> None:
        self._set_busy(False)
        self.drilled.emit(result)
