"""Survivor mode for one unlocked session: the runner, tied to the app's idle lock and clipboard.

While survivor mode runs the idle lock is paused (locking mid-questionnaire would lose the
survivor's place and protect nothing: see ``ui/survivor_mode/runner.py``) and the clipboard is
cleared first, so nothing a worker copied can be pasted into an answer. The lock's countdown
starts again once the worker is back, unless the vault was locked meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from survivorapp.services.permissions import Actor
from survivorapp.ui.app.clipboard_guard import ClipboardGuard
from survivorapp.ui.app.idle_watch import IdleWatcher
from survivorapp.ui.operations import Operations
from survivorapp.ui.survivor_mode.runner import SurvivorModeRunner


def survivor_mode_runner(
    app: QApplication,
    operations: Operations,
    verify_passphrase: Callable[[str], bool],
    actor: Actor,
    *,
    idle: IdleWatcher,
    clipboard: ClipboardGuard,
    dialog_parent: QWidget,
    still_unlocked: Callable[[], bool],
) -> SurvivorModeRunner:
    """A runner for ``actor``: their passphrase (``verify_passphrase``) hands the app back."""

    def pause() -> None:
        idle.stop()
        clipboard.clear_now()

    def resume() -> None:
        if still_unlocked():
            idle.start()

    return SurvivorModeRunner(
        app,
        operations,
        verify_passphrase,
        actor,
        pause=pause,
        resume=resume,
        dialog_parent=dialog_parent,
    )
