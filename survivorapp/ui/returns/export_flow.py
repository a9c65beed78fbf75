"""Exporting a return: where to save it, the passphrase asked again, then the signed folder.

The service counts afresh and writes the folder on the vault thread, so nothing typed since the
preview is left out; a mistyped passphrase is said in the dialog, which stays open. Closing
the dialog, leaving the page or locking while it still counts stops it before anything is
written; once it is written, the page says where, even if the dialog has gone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from survivorapp.domain.progress import Cancelled
from survivorapp.services.errors import CredentialsNotRecognised
from survivorapp.services.return_views import Level
from survivorapp.services.returns import ExportedReturn, ReturnService
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operation, Operations
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog, Reauthentication

ChooseFolder = Callable[[QWidget], str | None]


def new_folder_in(folder: Path, period: str, level: Level) -> Path:
    """A new folder for this return inside ``folder`` (never one that already exists)."""
    base = folder / f"return-{period}-{level.value}"
    candidate, number = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{number}")
        number += 1
    return candidate


class ReturnExport(QObject):
    """The export of the Returns page (``page`` owns it and the dialog, and hears what
    happened). The export answers to this object, which lives as long as the page, so an
    export whose dialog was closed too late to stop it still says where it was saved."""

    #: What to tell the person on the page once the export is done.
    said = Signal(str)

    def __init__(
        self,
        operations: Operations,
        returns: ReturnService,
        reauth: Reauthentication,
        page: QWidget,
        choose_folder: ChooseFolder,
    ) -> None:
        super().__init__(page)
        self._operations = operations
        self._returns = returns
        self._recovery_key = reauth.recovery_key
        self._page = page
        self._choose_folder = choose_folder
        self._operation: Operation | None = None
        self.reauth: ReauthDialog | None = None

    def cancel(self) -> None:
        """Stop an export that is still counting (its dialog was closed, or the page is going)."""
        if self._operation is not None:
            self._operation.cancel()
            self._operation = None

    def start(self, label: str, level: Level, k: int, key_id: int | None) -> None:
        chosen = self._choose_folder(self._page)
        if not chosen:
            return
        target = new_folder_in(Path(chosen), label, level)
        reauth = ReauthDialog(
            self.tr(
                "The {level} return for {period} will be saved in {folder}. Please type your "
                "passphrase again to confirm the export."
            )
            .replace("{level}", level.value)
            .replace("{period}", label)
            .replace("{folder}", str(target)),
            self._page,
            recovery_key=self._recovery_key,
        )
        self.reauth = reauth
        returns = self._returns

        def exported(result: ExportedReturn) -> None:
            if self.reauth is reauth:
                self._operation = None
                reauth.set_busy(False)
                reauth.accept()
            self.said.emit(
                self.tr(
                    "Saved the {level} return for {period} in {folder}. Its checksum, also in "
                    "the audit log, starts {checksum}."
                )
                .replace("{level}", level.value)
                .replace("{period}", label)
                .replace("{folder}", str(result.folder))
                .replace("{checksum}", result.checksum[:16])
            )

        def submit() -> None:
            reauth.set_busy(True)
            passphrase = reauth.passphrase
            self._operation = self._operations.run_long(
                lambda progress: returns.export(
                    label, level, target, passphrase, k, key_id, progress
                ),
                exported,
                lambda exc: self._failed(reauth, exc),
                owner=self,
            )

        reauth.submitted.connect(submit)
        reauth.rejected.connect(self.cancel)
        reauth.finished.connect(lambda _result: self._forget(reauth))
        reauth.open()

    def _failed(self, reauth: ReauthDialog, exc: BaseException) -> None:
        wrong = isinstance(exc, CredentialsNotRecognised) and (
            exc.user_message == CredentialsNotRecognised.user_message
        )
        if self.reauth is not reauth:  # closed while exporting: say it on the page
            self.said.emit(
                self.tr("Export stopped. Nothing was saved.")
                if wrong or isinstance(exc, Cancelled)
                else message_for(exc)
            )
            return
        self._operation = None
        reauth.set_busy(False)
        if wrong:  # a mistyped passphrase: say so in the dialog, which stays open
            reauth.refuse()
        else:
            reauth.show_message(message_for(exc))

    def _forget(self, dialog: ReauthDialog) -> None:
        if self.reauth is dialog:
            self.reauth = None
        dialog.deleteLater()
