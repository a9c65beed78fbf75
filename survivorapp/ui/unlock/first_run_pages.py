"""The first-run wizard's set-up pages: folder, organisation, first administrator, device."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
    QWizard,
)

from survivorapp.ui.unlock.first_run_common import (
    StepPage,
    plain_label,
    with_help,
)
from survivorapp.ui.widgets.passphrase_fields import PassphraseFields, account_name_edits


class FolderPage(StepPage):
    def __init__(self, default_folder: Path, choose_folder: Callable[[], str | None]) -> None:
        super().__init__(
            self.tr("Welcome"),
            self.tr(
                "Let's set up a vault for your service's records. It takes a few minutes. "
                "Everything stays on this computer, encrypted; nothing is sent anywhere."
            ),
        )
        self._choose_folder = choose_folder
        where = plain_label(self.tr("Where the vault lives"), role="heading")
        self.folder_edit = QLineEdit(str(default_folder))
        self.folder_edit.setAccessibleName(self.tr("Vault folder"))
        self.folder_edit.setAccessibleDescription(
            self.tr("The folder that will hold the encrypted vault files")
        )
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setAccessibleName(self.tr("Choose the vault folder"))
        self.choose_button.clicked.connect(self.on_choose_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        why = plain_label(
            self.tr(
                "The vault is a folder of encrypted files. Choose an empty or new folder that "
                "your organisation backs up. The suggested place is fine for most services."
            ),
            role="muted",
        )
        self.layout_.addWidget(where)
        self.layout_.addLayout(row)
        self.layout_.addWidget(why)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.folder_edit.textChanged.connect(self._on_changed)

    def on_choose_button_clicked(self) -> None:
        chosen = self._choose_folder()
        if chosen:
            self.folder_edit.setText(chosen)

    def _on_changed(self) -> None:
        self.clear_message()
        self.refresh()

    def ready(self) -> bool:
        return bool(self.folder_edit.text().strip())

    @property
    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()


class OrganisationPage(StepPage):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Your organisation"),
            self.tr(
                "The name of the service or organisation that will keep its records here. "
                "Colleagues see it once the vault is unlocked, so they know they are in the "
                "right place. It is kept inside the encrypted vault."
            ),
        )
        form = QFormLayout()
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText(self.tr("For example: Riverside ISVA Service"))
        self.organisation_edit.setAccessibleName(self.tr("Organisation name"))
        self.organisation_edit.setMaxLength(120)
        self.organisation_edit.textChanged.connect(self._on_changed)
        form.addRow(self.tr("Organisation name"), self.organisation_edit)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)

    def _on_changed(self) -> None:
        self.clear_message()
        self.refresh()

    def ready(self) -> bool:
        return bool(self.organisation_edit.text().strip())


class FirstAdminPage(StepPage):
    def __init__(self) -> None:
        super().__init__(
            self.tr("You, the first administrator"),
            self.tr(
                "You will be able to add colleagues and choose what each of them can see once "
                "the vault is set up."
            ),
        )
        self.user_edit, self.display_edit = account_name_edits(
            self.tr("How colleagues see your name; leave empty to use the user name")
        )
        self.user_help = plain_label(self.tr("You type this to unlock. No spaces."), role="muted")
        self.user_help.setAccessibleName(self.tr("About the user name"))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("User name"), with_help(self.user_edit, self.user_help))
        form.addRow(
            self.tr("Display name"),
            with_help(
                self.display_edit,
                plain_label(
                    self.tr("How colleagues see your name. You can leave it empty."),
                    role="muted",
                ),
            ),
        )
        self.fields = PassphraseFields(
            form, self, label=self.tr("Passphrase"), confirm_label=self.tr("Passphrase again")
        )
        self.layout_.addLayout(form)
        self.layout_.addWidget(
            plain_label(
                self.tr(
                    "Nobody can look up or reset a forgotten passphrase. Only the recovery key, "
                    "shown at the end, can open the vault without it."
                ),
                role="muted",
            )
        )
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        # A new user name re-assesses the passphrase (it must not be the name), then says so.
        self.user_edit.textChanged.connect(lambda _text: self.fields.set_user_name(self.user))
        self.display_edit.textChanged.connect(self._on_changed)
        self.fields.changed.connect(self._on_changed)
        QWidget.setTabOrder(self.user_edit, self.display_edit)
        QWidget.setTabOrder(self.display_edit, self.fields.passphrase_edit)
        QWidget.setTabOrder(self.fields.passphrase_edit, self.fields.confirm_edit)
        QWidget.setTabOrder(self.fields.confirm_edit, self.fields.show_check)

    def _on_changed(self) -> None:
        self.clear_message()
        user_problem = self.user_problem() if self.user_edit.text() else None
        self.user_help.setText(user_problem or self.tr("You type this to unlock. No spaces."))
        self.refresh()

    @property
    def user(self) -> str:
        return self.user_edit.text().strip()

    @property
    def passphrase(self) -> str:
        return self.fields.passphrase

    def user_problem(self) -> str | None:
        user = self.user
        if not user:
            return self.tr("Choose a user name.")
        if any(ch.isspace() for ch in user):
            return self.tr("A user name can't contain spaces; try a dot instead, like sam.jones.")
        return None

    def ready(self) -> bool:
        return self.user_problem() is None and self.fields.ready()

    def forget_passphrase(self) -> None:
        self.fields.clear()


class DevicePage(StepPage):
    def __init__(self, can_bind_device: bool) -> None:
        super().__init__(self.tr("This computer"), "")
        self.bind_check: QCheckBox | None = None
        if can_bind_device:
            self.bind_check = QCheckBox(self.tr("Tie the vault to this computer (recommended)"))
            self.bind_check.setChecked(True)
            self.bind_check.setAccessibleName(self.tr("Tie the vault to this computer"))
            self.bind_check.setAccessibleDescription(
                self.tr("Passphrases then open the vault only on this computer")
            )
            self.layout_.addWidget(
                plain_label(
                    self.tr(
                        "This computer has a secure system keyring. The vault can keep an extra "
                        "secret there, so that passphrases open it only on this computer. A copy "
                        "of the vault folder taken elsewhere could not be opened with a "
                        "passphrase, even a guessed one."
                    )
                )
            )
            self.layout_.addWidget(self.bind_check)
            self.layout_.addWidget(
                plain_label(
                    self.tr(
                        "Leave this unticked if the vault will be opened from more than one "
                        "computer. If this computer is ever replaced, the recovery key still "
                        "opens the vault anywhere."
                    ),
                    role="muted",
                )
            )
        else:
            self.layout_.addWidget(
                plain_label(
                    self.tr(
                        "This computer has no system keyring, so the vault is protected by "
                        "passphrases only. That is still strong encryption; it just means a "
                        "good passphrase matters, and nobody should write theirs down."
                    )
                )
            )
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the vault"))
        self.setCommitPage(True)

    @property
    def device_binding(self) -> bool:
        return self.bind_check is not None and self.bind_check.isChecked()


class CreatingPage(StepPage):
    def __init__(self) -> None:
        super().__init__(
            self.tr("Setting up the vault"),
            self.tr(
                "This can take a little while: the keys are made deliberately slow to guess. "
                "Please leave this window open."
            ),
        )
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Setting up the vault"))
        self.layout_.addWidget(self.busy)
        self.layout_.addStretch(1)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Please wait…"))
        self.setCommitPage(True)
        self.done_ = False

    def ready(self) -> bool:
        return self.done_
