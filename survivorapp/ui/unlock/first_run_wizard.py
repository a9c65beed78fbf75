"""First run: set up a new vault in a few calm steps.

Where the vault lives, the organisation's name, the first administrator and their passphrase,
device binding (offered only where a real system keyring exists), then the recovery key, shown
once, with a check that it was written down.

The wizard never creates the vault itself. When the person commits, it emits
:attr:`FirstRunWizard.create_requested` with a :class:`FirstRunAnswers`; the owner runs the
creation off the GUI thread and answers with :meth:`FirstRunWizard.show_recovery_key` or
:meth:`FirstRunWizard.show_error`. The passphrase leaves the widgets at that moment and lives
only in the emitted answers; the recovery key leaves them when the wizard finishes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QWidget,
    QWizard,
)

from survivorapp.ui.unlock.first_run_common import (
    KEY_GROUPS,
    FirstRunAnswers,
    FirstRunStep,
    StepPage,
    normalise_key_text,
)
from survivorapp.ui.unlock.first_run_pages import (
    CreatingPage,
    DevicePage,
    FirstAdminPage,
    FolderPage,
    OrganisationPage,
)
from survivorapp.ui.unlock.recovery_key_page import RecoveryPage, print_recovery_key

__all__ = [
    "FirstRunAnswers",
    "FirstRunStep",
    "FirstRunWizard",
    "normalise_key_text",
    "print_recovery_key",
]

_BUTTONS = [
    QWizard.WizardButton.Stretch,
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
]
_FINAL_BUTTONS = [
    QWizard.WizardButton.Stretch,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
]


class FirstRunWizard(QWizard):
    """Sets up a new vault; see the module docstring for the conversation with the owner."""

    #: A :class:`FirstRunAnswers`: create the vault, then call show_recovery_key or show_error.
    create_requested = Signal(object)
    #: The recovery key was checked and the person finished; the vault is ready.
    finished_setup = Signal()

    def __init__(
        self,
        default_folder: Path,
        *,
        can_bind_device: bool,
        choose_folder: Callable[[], str | None] | None = None,
        print_key: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up survivorapp"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setMinimumSize(620, 560)
        self._busy = False
        self._key_shown = False
        first, second = sorted(random.SystemRandom().sample(range(1, KEY_GROUPS + 1), 2))
        #: The two recovery-key groups (1 to 8) the person types back.
        self.check_groups = (first, second)
        self.folder_page = FolderPage(default_folder, choose_folder or self._choose_folder)
        self.organisation_page = OrganisationPage()
        self.admin_page = FirstAdminPage()
        self.device_page = DevicePage(can_bind_device)
        self.creating_page = CreatingPage()
        self.recovery_page = RecoveryPage(print_key or self._print_key, self.check_groups)
        for step, page in (
            (FirstRunStep.FOLDER, self.folder_page),
            (FirstRunStep.ORGANISATION, self.organisation_page),
            (FirstRunStep.ADMIN, self.admin_page),
            (FirstRunStep.DEVICE, self.device_page),
            (FirstRunStep.CREATING, self.creating_page),
            (FirstRunStep.RECOVERY, self.recovery_page),
        ):
            self.setPage(int(step), page)
            page.refresh()
            if step < FirstRunStep.CREATING:
                page.step_label.setText(
                    self.tr("Step {n} of {total}")
                    .replace("{n}", str(int(step) + 1))
                    .replace("{total}", str(int(FirstRunStep.CREATING)))
                )
                page.step_label.setVisible(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        for which, name in (
            (QWizard.WizardButton.BackButton, self.tr("Back")),
            (QWizard.WizardButton.NextButton, self.tr("Next")),
            (QWizard.WizardButton.CommitButton, self.tr("Create the vault")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
        ):
            self.button(which).setAccessibleName(name)
        self.currentIdChanged.connect(self.on_wizard_current_id_changed)

    # --- the conversation with the owner -----------------------------------------------------

    def answers(self) -> FirstRunAnswers:
        user = self.admin_page.user
        return FirstRunAnswers(
            folder=self.folder_page.folder,
            organisation=self.organisation_page.organisation_edit.text().strip(),
            user=user,
            display_name=self.admin_page.display_edit.text().strip() or user,
            passphrase=self.admin_page.passphrase,
            device_binding=self.device_page.device_binding,
        )

    def on_wizard_current_id_changed(self, page_id: int) -> None:
        # no way back, and no cancelling, while the vault is being made or its key is shown
        final = page_id in (FirstRunStep.CREATING, FirstRunStep.RECOVERY)
        self.setButtonLayout(_FINAL_BUTTONS if final else _BUTTONS)
        if page_id == FirstRunStep.CREATING and not self._busy:
            self._set_busy(True)
            answers = self.answers()
            self.admin_page.forget_passphrase()
            # after the page has switched and painted, so the owner may answer at once
            QTimer.singleShot(0, lambda: self.create_requested.emit(answers))
        elif page_id == FirstRunStep.RECOVERY:
            self.recovery_page.first_edit.setFocus()

    def show_recovery_key(self, key: str) -> None:
        """The vault exists: show its key once, and ask for two groups back."""
        self._set_busy(False)
        self._key_shown = True
        self.recovery_page.set_key(key)
        self.creating_page.done_ = True
        self.creating_page.refresh()
        if self.currentId() == FirstRunStep.CREATING:
            self.next()

    def show_error(self, message: str, step: FirstRunStep = FirstRunStep.FOLDER) -> None:
        """Creating failed: go back to ``step`` (the folder, by default) and say why there.

        Most failures are about the folder (a vault already there, not writable, disk full);
        pass ``FirstRunStep.DEVICE`` when the keyring refused the device secret.
        """
        self._set_busy(False)
        while self.currentId() > int(step) and self.currentId() != -1:
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break
        if step != FirstRunStep.ADMIN:
            self.admin_page.show_message(
                self.tr("For your safety the passphrase was cleared. Please type it again.")
            )
        page = self.currentPage()
        if isinstance(page, StepPage):
            page.show_message(message)

    # --- finishing ---------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy

    def accept(self) -> None:
        if self.currentId() != FirstRunStep.RECOVERY or not self.recovery_page.ready():
            return
        self.recovery_page.forget_key()
        self._key_shown = False
        super().accept()
        self.finished_setup.emit()

    def reject(self) -> None:
        """Closing is refused while the vault is being made or its key is on screen."""
        if self._busy or self._key_shown:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy or self._key_shown:
            event.ignore()
            return
        super().closeEvent(event)

    def _choose_folder(self) -> str | None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose where the vault lives"), self.folder_page.folder_edit.text()
        )
        return chosen or None

    def _print_key(self, key: str) -> None:
        print_recovery_key(key, self)
