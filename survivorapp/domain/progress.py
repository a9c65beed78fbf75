"""Progress and cancellation for long work (returns, imports, exports, backups).

Long use cases take a :class:`Progress` so a person sees how far the work has gone and can stop
it where stopping is safe. It is plain Python, shared by the desktop app (which forwards reports
to the GUI thread) and the command line (which ignores them), so services never know who is
watching. Cancelling is cooperative: the work asks :meth:`Progress.raise_if_cancelled` at points
where nothing is half-written, and nothing is written after that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from survivorapp.domain.errors import EXIT_PROBLEMS, UserFacingError


@dataclass(frozen=True)
class ProgressReport:
    """One step of long work: what it is doing, and how far through it is."""

    step: str
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else min(1.0, self.done / self.total)


class Cancelled(UserFacingError):
    """The person stopped the work before it wrote anything."""

    user_message = "Stopped. Nothing was written."
    exit_code = EXIT_PROBLEMS


class Progress:
    """Handed to long work: report steps, and find out whether the person pressed Stop."""

    def __init__(self, on_report: Callable[[ProgressReport], None] | None = None) -> None:
        self._on_report = on_report
        self._cancel = threading.Event()

    def report(self, step: str, done: int = 0, total: int = 0) -> None:
        self.raise_if_cancelled()
        if self._on_report is not None:
            self._on_report(ProgressReport(step, done, total))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


def silent() -> Progress:
    """Progress nobody watches and nobody cancels (the command line, tests)."""
    return Progress()
