"""One small dialog at a time over a page or card, its work run on the vault thread.

The Admin page's cards all open a form, run what it asks for on the vault thread, and either
close the form or say inside it what went wrong, so nothing typed is lost. This is that
plumbing, once. The work runs through :meth:`Operations.run` with the host's ``owner``, so an
answer that arrives after the owner has gone (the vault locked meanwhile) is dropped there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.small_dialog import SmallDialog


class DialogHost:
    """Keeps the one open dialog of ``owner`` and runs its work for it."""

    def __init__(self, operations: Operations, owner: QObject) -> None:
        self._operations = operations
        self._owner = owner
        self.dialog: SmallDialog | None = None

    def open(self, dialog: SmallDialog, on_submit: Callable[[], None]) -> None:
        """Show ``dialog``; ``on_submit`` runs each time the person presses its action."""
        self.dialog = dialog
        dialog.submitted.connect(on_submit)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: SmallDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def run_in(
        self,
        dialog: SmallDialog,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        *,
        changes: Changes,
    ) -> None:
        """Run ``work``; close ``dialog`` on success, or say what went wrong inside it."""
        dialog.set_busy(True)

        def succeeded(result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            done(result)

        def failed(exc: BaseException) -> None:
            dialog.set_busy(False)
            dialog.show_message(message_for(exc))

        self._operations.run(work, succeeded, failed, owner=self._owner, changes=changes)
