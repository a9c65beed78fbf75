"""One small dialog at a time over a page or card, its work run on the vault thread.

The Admin page and its cards all open a form, run what it asks for on the vault thread, and
either close the form or say inside it what went wrong, so nothing typed is lost. This is
that plumbing, once. A host provides ``_run(work, on_success, on_failure)``, which drops
answers that arrive after the host has gone (the vault locked meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from survivorapp.ui.errors import message_for
from survivorapp.ui.widgets.small_dialog import SmallDialog


class DialogHost:
    """Mixed into a QWidget (after it in the bases) that keeps ``self.dialog``."""

    dialog: SmallDialog | None = None
    dialog_changed: str | None = None  # what ``vault_changed`` names after a dialog's work

    def _run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        changed: str | None = None,
    ) -> None:
        raise NotImplementedError

    def _open(self, dialog: SmallDialog, on_submit: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.submitted.connect(on_submit)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: SmallDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _in_dialog(
        self, dialog: SmallDialog, work: Callable[[], Any], done: Callable[[Any], None]
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

        self._run(work, succeeded, failed, changed=self.dialog_changed)
