"""Running service calls off the GUI thread (Anki's operations, Electrum's task thread).

One worker thread owns the SQLCipher connection for the whole unlocked session: SQLite
connections are not to be shared across threads, and a single owner serialises every vault
call without locks. A user action posts a small function; its result (or error) comes back on
the GUI thread. Worker code never touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")
LOG = logging.getLogger("survivorapp.ui.operations")


class Operations(QObject):
    """The vault's worker thread, and the way results come back to the GUI."""

    _deliver = Signal(object)
    busy_changed = Signal(bool)
    #: Emitted after a successful write with a short description of what changed.
    vault_changed = Signal(str)

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._on_error = on_error
        self._pending = 0
        self._deliver.connect(self._run_on_gui_thread)

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        changed: str | None = None,
    ) -> Future[None]:
        """Run ``work`` on the vault thread; call back on the GUI thread."""
        self._set_pending(+1)

        def job() -> None:
            try:
                result = work()
            except Exception as exc:  # every failure is shown, none is lost
                LOG.info("operation failed: %s", type(exc).__name__)
                failure: BaseException = exc  # `exc` is unbound once the block ends
                self._deliver.emit(lambda: self._finish_failure(failure, on_failure))
                return
            self._deliver.emit(lambda: self._finish_success(result, on_success, changed))

        return self._executor.submit(job)

    def call(self, work: Callable[[], T], timeout: float = 30.0) -> T:
        """Run ``work`` on the vault thread and wait: only for small, fast reads (a page)."""
        return self._executor.submit(work).result(timeout=timeout)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def _finish_success(
        self, result: Any, on_success: Callable[[Any], None] | None, changed: str | None
    ) -> None:
        self._set_pending(-1)
        if on_success is not None:
            on_success(result)
        if changed:
            self.vault_changed.emit(changed)

    def _finish_failure(
        self, exc: BaseException, on_failure: Callable[[BaseException], None] | None
    ) -> None:
        self._set_pending(-1)
        (on_failure or self._on_error)(exc)

    def _set_pending(self, delta: int) -> None:
        before = self._pending > 0
        self._pending += delta
        if before != (self._pending > 0):
            self.busy_changed.emit(self._pending > 0)

    def _run_on_gui_thread(self, callback: Callable[[], None]) -> None:
        callback()
