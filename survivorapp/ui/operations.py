"""Running service calls off the GUI thread: the one way (Anki's operations, Electrum's task
thread).

One worker thread owns the SQLCipher connection for the whole unlocked session: SQLite
connections are not to be shared across threads, and a single owner serialises every vault
call without locks. A user action posts a small function; its result (or error) comes back on
the GUI thread, to the widget that asked, and only while that widget still exists: pages are
rebuilt when the vault locks or the organisation's wording changes, and an answer that arrives
after its page has gone is dropped, not shown on a deleted widget. Worker code never touches a
widget.

Long work (a year's return, an import, an export, a backup) takes a :class:`Progress`: its
reports reach the GUI thread as :class:`ProgressReport` values, and :meth:`Operation.cancel`
asks it to stop where stopping is safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from survivorapp.domain.progress import Cancelled, Progress, ProgressReport
from survivorapp.ui.changes import Changes

T = TypeVar("T")
LOG = logging.getLogger("survivorapp.ui.operations")
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


def _alive(owner: QObject) -> bool:
    return shiboken6.isValid(owner)


class Operation:
    """A handle on work that was posted: cancel it, or ask whether it is finished."""

    def __init__(self, future: Future[None], progress: Progress | None) -> None:
        self._future = future
        self._progress = progress

    def cancel(self) -> None:
        """Stop the work: before it starts, or (long work) at its next safe point."""
        self._future.cancel()
        if self._progress is not None:
            self._progress.cancel()

    @property
    def done(self) -> bool:
        return self._future.done()

    @property
    def cancellable(self) -> bool:
        return self._progress is not None


class Operations(QObject):
    """The vault's worker thread, and the way results come back to the GUI."""

    _deliver = Signal(object)
    busy_changed = Signal(bool)
    #: Emitted after a successful write with the :class:`Changes` it made.
    vault_changed = Signal(object)

    def __init__(self, on_error: Failure) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        # Long copies that must not hold up the vault thread (a backup's snapshot, which uses
        # its own connection): sessions are still saved while they run.
        self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside")
        self._on_error = on_error
        self._pending = 0
        self._deliver.connect(self._run_on_gui_thread)

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Failure | None = None,
        *,
        owner: QObject,
        changes: Changes | None = None,
    ) -> Operation:
        """Run ``work`` on the vault thread; call back on the GUI thread while ``owner`` lives.

        Failures go to ``on_failure`` while the owner lives; to the app's one error presenter
        when there is no handler, or when a write's owner has gone (a failed save is never
        silent).
        """
        return self._post(lambda _progress: work(), on_success, on_failure, owner, changes, None)

    def run_long(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Failure | None = None,
        *,
        owner: QObject,
        on_progress: Callable[[ProgressReport], None] | None = None,
        changes: Changes | None = None,
    ) -> Operation:
        """Like :meth:`run` for long work that reports progress and can be cancelled."""
        progress = Progress(
            (lambda report: self._deliver.emit(lambda: self._report(owner, on_progress, report)))
            if on_progress is not None
            else None
        )
        return self._post(work, on_success, on_failure, owner, changes, progress)

    def run_beside(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Failure | None = None,
        *,
        owner: QObject,
        on_progress: Callable[[ProgressReport], None] | None = None,
    ) -> Operation:
        """Like :meth:`run_long`, on a second worker thread. Only for work that opens its own
        connection and never touches the session's (the backup snapshot, the restore drill)."""
        progress = Progress(
            (lambda report: self._deliver.emit(lambda: self._report(owner, on_progress, report)))
            if on_progress is not None
            else None
        )
        return self._post(work, on_success, on_failure, owner, None, progress, self._beside)

    def call(self, work: Callable[[], T], timeout: float = 30.0) -> T:
        """Run ``work`` on the vault thread and wait. Only for shutting down, when the GUI
        must not go on before the vault is locked."""
        return self._executor.submit(work).result(timeout=timeout)

    def shutdown(self) -> None:
        self._beside.shutdown(wait=True, cancel_futures=True)
        self._executor.shutdown(wait=True)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    # --- plumbing ----------------------------------------------------------------------------

    def _post(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None] | None,
        on_failure: Failure | None,
        owner: QObject,
        changes: Changes | None,
        progress: Progress | None,
        executor: ThreadPoolExecutor | None = None,
    ) -> Operation:
        self._set_pending(+1)
        running = progress or Progress()

        def job() -> None:
            try:
                result = work(running)
            except Exception as exc:  # every failure is shown, none is lost
                LOG.info("operation failed: %s", type(exc).__name__)
                failure: BaseException = exc  # `exc` is unbound once the block ends
                self._deliver.emit(
                    lambda: self._finish_failure(owner, failure, on_failure, changes)
                )
                return
            self._deliver.emit(lambda: self._finish_success(owner, result, on_success, changes))

        future = (executor or self._executor).submit(job)
        future.add_done_callback(self._forget_if_cancelled)
        return Operation(future, progress)

    def _forget_if_cancelled(self, future: Future[None]) -> None:
        if future.cancelled():  # never ran: nothing will be delivered for it
            self._deliver.emit(lambda: self._set_pending(-1))

    def _finish_success(
        self,
        owner: QObject,
        result: Any,
        on_success: Success | None,
        changes: Changes | None,
    ) -> None:
        self._set_pending(-1)
        if on_success is not None and _alive(owner):
            on_success(result)
        if changes:
            self.vault_changed.emit(changes)

    def _finish_failure(
        self,
        owner: QObject,
        exc: BaseException,
        on_failure: Failure | None,
        changes: Changes | None,
    ) -> None:
        """To the owner's handler while it lives. Otherwise the app's error presenter hears of
        it when nobody else will, or when it was a write whose form has gone (locked, rebuilt):
        a failed save is never silent. Work the person stopped is not an error."""
        self._set_pending(-1)
        if on_failure is not None and _alive(owner):
            on_failure(exc)
        elif (on_failure is None or changes) and not isinstance(exc, Cancelled):
            self._on_error(exc)

    @staticmethod
    def _report(
        owner: QObject,
        on_progress: Callable[[ProgressReport], None] | None,
        report: ProgressReport,
    ) -> None:
        if on_progress is not None and _alive(owner):
            on_progress(report)

    def _set_pending(self, delta: int) -> None:
        before = self._pending > 0
        self._pending += delta
        if before != (self._pending > 0):
            self.busy_changed.emit(self._pending > 0)

    def _run_on_gui_thread(self, callback: Callable[[], None]) -> None:
        callback()
