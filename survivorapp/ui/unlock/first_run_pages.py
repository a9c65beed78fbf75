"""The first-run wizard's set-up pages: folder, organisation, first administrator, device."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from survivorapp.domain.passphrase_strength import MAX_SCORE, MIN_LENGTH, assess
from survivorapp.ui.unlock.first_run_common import (
    StepPage,
    plain_label,
    with_help,
)


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
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("For example: sam.jones"))
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.user_edit.setAccessibleDescription(self.tr("Used to unlock the vault; no spaces"))
        self.user_edit.setMaxLength(64)
        self.display_edit = QLineEdit()
        self.display_edit.setPlaceholderText(self.tr("Optional"))
        self.display_edit.setAccessibleName(self.tr("Display name"))
        self.display_edit.setAccessibleDescription(
            self.tr("How colleagues see your name; leave empty to use the user name")
        )
        self.display_edit.setMaxLength(120)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self.passphrase_edit.setAccessibleDescription(
            self.tr("At least {count} characters").replace("{count}", str(MIN_LENGTH))
        )
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(self.tr("Passphrase again"))
        self.confirm_edit.setAccessibleDescription(self.tr("Type the same passphrase again"))
        self.show_check = QCheckBox(self.tr("Show passphrase"))
        self.show_check.setAccessibleName(self.tr("Show the passphrase as you type"))
        self.show_check.toggled.connect(self.on_show_check_toggled)

        self.meter = QProgressBar()
        self.meter.setRange(0, MAX_SCORE)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.meter.setStyleSheet(
            "QProgressBar::chunk { background: palette(link); border-radius: 2px; }"
        )
        self.strength_label = plain_label("")
        self.strength_label.setProperty("role", "heading")
        self.strength_label.setAccessibleName(self.tr("Passphrase strength"))
        self.hint_label = plain_label("", role="muted")
        self.hint_label.setAccessibleName(self.tr("Passphrase advice"))
        self.match_label = plain_label("", role="muted")
        self.match_label.setAccessibleName(self.tr("Do the passphrases match"))

        self.user_help = plain_label(self.tr("You type this to unlock. No spaces."), role="muted")
        self.user_help.setAccessibleName(self.tr("About the user name"))
        passphrase_help = plain_label(
            self.tr(
                "At least {count} characters. A few unrelated words are easy to remember and "
                "hard to guess."
            ).replace("{count}", str(MIN_LENGTH)),
            role="muted",
        )
        strength_row = QHBoxLayout()
        strength_row.setContentsMargins(0, 0, 0, 0)
        strength_row.setSpacing(10)
        strength_row.addWidget(self.meter, 1)
        strength_row.addWidget(self.strength_label)
        strength = QWidget()
        strength_box = QVBoxLayout(strength)
        strength_box.setContentsMargins(0, 4, 0, 0)
        strength_box.setSpacing(2)
        strength_box.addLayout(strength_row)
        strength_box.addWidget(self.hint_label)

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
        form.addRow(self.tr("Passphrase"), with_help(self.passphrase_edit, passphrase_help))
        form.addRow(self.tr("Passphrase again"), with_help(self.confirm_edit, self.match_label))
        form.addRow("", self.show_check)
        form.addRow(self.tr("Strength"), strength)
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

        for edit in (self.user_edit, self.display_edit, self.passphrase_edit, self.confirm_edit):
            edit.textChanged.connect(self._on_changed)
        QWidget.setTabOrder(self.user_edit, self.display_edit)
        QWidget.setTabOrder(self.display_edit, self.passphrase_edit)
        QWidget.setTabOrder(self.passphrase_edit, self.confirm_edit)
        QWidget.setTabOrder(self.confirm_edit, self.show_check)
        self._update_strength()

    def on_show_check_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)

    def _on_changed(self) -> None:
        self.clear_message()
        self._update_strength()
        self.refresh()

    def _update_strength(self) -> None:
        passphrase = self.passphrase_edit.text()
        strength = assess(passphrase, self.user_edit.text().strip())
        label = QCoreApplication.translate("passphrase_strength", strength.label)
        hint = QCoreApplication.translate("passphrase_strength", strength.hint)
        self.meter.setValue(strength.score if strength.acceptable else 0)
        self.meter.setAccessibleDescription(
            self.tr("{label}: {hint}").replace("{label}", label).replace("{hint}", hint)
        )
        self.strength_label.setText(label if passphrase else "")
        user_problem = self.user_problem() if self.user_edit.text() else None
        self.user_help.setText(user_problem or self.tr("You type this to unlock. No spaces."))
        self.hint_label.setText(hint)
        confirm = self.confirm_edit.text()
        if confirm and confirm != passphrase:
            self.match_label.setText(self.tr("The two passphrases don't match yet."))
        elif confirm and strength.acceptable:
            self.match_label.setText(self.tr("The two passphrases match."))
        else:
            self.match_label.setText("")
        self.match_label.setVisible(bool(self.match_label.text()))

    @property
    def user(self) -> str:
        return self.user_edit.text().strip()

    def user_problem(self) -> str | None:
        user = self.user
        if not user:
            return self.tr("Choose a user name.")
        if any(ch.isspace() for ch in user):
            return self.tr("A user name can't contain spaces; try a dot instead, like sam.jones.")
        return None

    def ready(self) -> bool:
        passphrase = self.passphrase_edit.text()
        return (
            self.user_problem() is None
            and assess(passphrase, self.user).acceptable
            and self.confirm_edit.text() == passphrase
        )

    def forget_passphrase(self) -> None:
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.show_check.setChecked(False)


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
