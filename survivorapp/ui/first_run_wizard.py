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
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QPageLayout, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from survivorapp.domain.passphrase_strength import MAX_SCORE, MIN_LENGTH, assess
from survivorapp.ui.theme import heading_font

KEY_GROUPS = 8
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def normalise_key_text(text: str) -> str:
    """As the vault reads a recovery key: case, spaces, dashes and O/I/L/U look-alikes forgiven."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)


@dataclass(frozen=True)
class FirstRunAnswers:
    folder: Path
    organisation: str
    user: str
    display_name: str
    passphrase: str = field(repr=False)
    device_binding: bool


class FirstRunStep(IntEnum):
    """The wizard's pages, in order (also their QWizard page ids)."""

    FOLDER = 0
    ORGANISATION = 1
    ADMIN = 2
    DEVICE = 3
    CREATING = 4
    RECOVERY = 5


def _label(text: str, *, role: str | None = None) -> QLabel:
    label = QLabel(text, wordWrap=True)
    if role is not None:
        label.setProperty("role", role)
    return label


def _message_label(accessible_name: str) -> QLabel:
    message = _label("", role="message")
    message.setAccessibleName(accessible_name)
    message.setVisible(False)
    return message


def _with_help(field: QWidget, help_label: QLabel) -> QWidget:
    """A field with its helper text just beneath it, as one row of a form."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(3)
    column.addWidget(field)
    column.addWidget(help_label)
    return box


class _Page(QWizardPage):
    """A page with a calm heading, an introduction and a place for one message.

    Whether Next is enabled is held in a hidden mandatory field that :meth:`refresh` ticks,
    rather than by overriding ``isComplete`` and emitting ``completeChanged`` from Python:
    every Python-side ``emit()`` in PySide6 6.12 on Python 3.11 drops a reference to ``True``
    (a refcount bug that aborts the interpreter after a few hundred keystrokes).
    """

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self._ready = QCheckBox(self)
        self._ready.setVisible(False)
        self._ready.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._ready.setAccessibleName(self.tr("Page complete"))
        self.registerField(f"{type(self).__name__}_ready*", self._ready)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.step_label = _label("", role="muted")
        self.step_label.setVisible(False)
        self.layout_.addWidget(self.step_label)
        heading = QLabel(title, wordWrap=True)
        heading.setFont(heading_font(self, 1.4))
        heading.setAccessibleName(title)
        self.layout_.addWidget(heading)
        if intro:
            self.layout_.addWidget(_label(intro))
        self.layout_.addSpacing(4)
        self.message = _message_label(self.tr("Message"))
        self.setAccessibleName(title)

    def ready(self) -> bool:
        """Whether this page is answered well enough to go on."""
        return True

    def refresh(self) -> None:
        self._ready.setChecked(self.ready())

    def cleanupPage(self) -> None:
        """Going back keeps what was typed here (QWizard would reset the page's fields)."""

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class FolderPage(_Page):
    def __init__(self, default_folder: Path, choose_folder: Callable[[], str | None]) -> None:
        super().__init__(
            self.tr("Welcome"),
            self.tr(
                "Let's set up a vault for your service's records. It takes a few minutes. "
                "Everything stays on this computer, encrypted; nothing is sent anywhere."
            ),
        )
        self._choose_folder = choose_folder
        where = _label(self.tr("Where the vault lives"), role="heading")
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
        why = _label(
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


class OrganisationPage(_Page):
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


class AdminPage(_Page):
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
        self.strength_label = _label("")
        self.strength_label.setProperty("role", "heading")
        self.strength_label.setAccessibleName(self.tr("Passphrase strength"))
        self.hint_label = _label("", role="muted")
        self.hint_label.setAccessibleName(self.tr("Passphrase advice"))
        self.match_label = _label("", role="muted")
        self.match_label.setAccessibleName(self.tr("Do the passphrases match"))

        self.user_help = _label(self.tr("You type this to unlock. No spaces."), role="muted")
        self.user_help.setAccessibleName(self.tr("About the user name"))
        passphrase_help = _label(
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
        form.addRow(self.tr("User name"), _with_help(self.user_edit, self.user_help))
        form.addRow(
            self.tr("Display name"),
            _with_help(
                self.display_edit,
                _label(
                    self.tr("How colleagues see your name. You can leave it empty."),
                    role="muted",
                ),
            ),
        )
        form.addRow(self.tr("Passphrase"), _with_help(self.passphrase_edit, passphrase_help))
        form.addRow(self.tr("Passphrase again"), _with_help(self.confirm_edit, self.match_label))
        form.addRow("", self.show_check)
        form.addRow(self.tr("Strength"), strength)
        self.layout_.addLayout(form)
        self.layout_.addWidget(
            _label(
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


class DevicePage(_Page):
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
                _label(
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
                _label(
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
                _label(
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


class CreatingPage(_Page):
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


class RecoveryPage(_Page):
    def __init__(self, print_key: Callable[[str], None], groups: tuple[int, int]) -> None:
        super().__init__(
            self.tr("Your recovery key"),
            self.tr(
                "This key opens the vault if every passphrase is forgotten. It is shown only "
                "this once and is not saved anywhere on this computer. Write it down or print "
                "it, and keep it somewhere locked, away from this computer."
            ),
        )
        self._print_key = print_key
        self._key = ""
        self.groups = groups
        self.key_box = QFrame()
        self.key_box.setObjectName("card")
        self.key_box.setAccessibleName(self.tr("Recovery key"))
        grid = QGridLayout(self.key_box)
        grid.setContentsMargins(24, 12, 24, 16)
        grid.setHorizontalSpacing(22)
        grid.setVerticalSpacing(2)
        grid.setRowMinimumHeight(2, 12)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.6)
        mono.setWeight(QFont.Weight.DemiBold)
        self.group_labels: list[QLabel] = []
        for index in range(KEY_GROUPS):
            row, column = divmod(index, KEY_GROUPS // 2)
            number = _label(str(index + 1), role="muted")
            number.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            group = QLabel()
            group.setFont(mono)
            group.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            group.setAccessibleName(self.tr("Group {n}").replace("{n}", str(index + 1)))
            grid.addWidget(number, row * 3, column)
            grid.addWidget(group, row * 3 + 1, column)
            self.group_labels.append(group)
        key_row = QHBoxLayout()
        key_row.addStretch(1)
        key_row.addWidget(self.key_box)
        key_row.addStretch(1)
        self.layout_.addLayout(key_row)

        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setAccessibleName(self.tr("Print the recovery key"))
        self.print_button.clicked.connect(self.on_print_button_clicked)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        print_row.addStretch(1)
        self.layout_.addLayout(print_row)

        first, second = groups
        self.layout_.addWidget(
            _label(
                self.tr(
                    "To check you have it, type group {first} and group {second} from what "
                    "you wrote down or printed."
                )
                .replace("{first}", str(first))
                .replace("{second}", str(second))
            )
        )
        form = QFormLayout()
        self.first_edit = self._check_edit(first)
        self.second_edit = self._check_edit(second)
        form.addRow(self.tr("Group {n}").replace("{n}", str(first)), self.first_edit)
        form.addRow(self.tr("Group {n}").replace("{n}", str(second)), self.second_edit)
        self.layout_.addLayout(form)
        self.check_label = _label("", role="muted")
        self.check_label.setAccessibleName(self.tr("Recovery key check"))
        self.layout_.addWidget(self.check_label)
        self.layout_.addStretch(1)
        QWidget.setTabOrder(self.print_button, self.first_edit)
        QWidget.setTabOrder(self.first_edit, self.second_edit)

    def _check_edit(self, group: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(self.tr("Group {n} of the recovery key").replace("{n}", str(group)))
        edit.setMaxLength(12)
        edit.setPlaceholderText("XXXXX")
        width = edit.fontMetrics().horizontalAdvance("WWWWWWWW")
        edit.setMaximumWidth(width + 24)
        edit.textChanged.connect(self._on_changed)
        return edit

    def set_key(self, key: str) -> None:
        self._key = key
        groups = key.split("-")
        for label, group in zip(self.group_labels, groups, strict=False):
            label.setText(group)
        self.refresh()

    def forget_key(self) -> None:
        self._key = ""
        for label in self.group_labels:
            label.clear()
        self.first_edit.clear()
        self.second_edit.clear()

    def _matches(self, edit: QLineEdit, group: int) -> bool:
        groups = self._key.split("-")
        if not self._key or group > len(groups):
            return False
        typed = normalise_key_text(edit.text())
        return bool(typed) and typed == normalise_key_text(groups[group - 1])

    def _on_changed(self) -> None:
        first, second = self.groups
        typed = [
            (n, edit)
            for n, edit in ((first, self.first_edit), (second, self.second_edit))
            if len(normalise_key_text(edit.text())) >= 5
        ]
        wrong = [n for n, edit in typed if not self._matches(edit, n)]
        if wrong:
            self.check_label.setText(
                self.tr("Group {n} doesn't match yet; check each character.").replace(
                    "{n}", str(wrong[0])
                )
            )
        elif self.ready():
            self.check_label.setText(self.tr("Both groups match. You can finish."))
        else:
            self.check_label.setText("")
        self.refresh()

    def on_print_button_clicked(self) -> None:
        if self._key:
            self._print_key(self._key)

    def ready(self) -> bool:
        first, second = self.groups
        return self._matches(self.first_edit, first) and self._matches(self.second_edit, second)


def print_recovery_key(key: str, parent: QWidget | None = None) -> None:
    """Send the key straight to a printer the person chooses; it is never written to a file."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
    if not dialog.exec():
        return
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return  # a "print to PDF" would leave the key in a file
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        area = painter.viewport()
        body = QFont(painter.font())
        body.setPointSizeF(12)
        heading = QFont(body)
        heading.setPointSizeF(16)
        heading.setWeight(QFont.Weight.DemiBold)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(20)
        painter.setFont(heading)
        line = painter.fontMetrics().lineSpacing()
        y = line
        painter.drawText(0, y, QCoreApplication.translate("FirstRunWizard", "Recovery key"))
        painter.setFont(body)
        y += 2 * painter.fontMetrics().lineSpacing()
        text = QCoreApplication.translate(
            "FirstRunWizard",
            "This key opens the vault if every passphrase is forgotten. Keep this page "
            "somewhere locked. Anyone holding it and a copy of the vault can read every record.",
        )
        rect = painter.boundingRect(
            0, y, area.width(), area.height(), Qt.TextFlag.TextWordWrap, text
        )
        painter.drawText(rect, Qt.TextFlag.TextWordWrap, text)
        painter.setFont(mono)
        y = rect.bottom() + 2 * painter.fontMetrics().lineSpacing()
        groups = key.split("-")
        half = len(groups) // 2
        for chunk in (groups[:half], groups[half:]):
            painter.drawText(0, y, "  ".join(chunk))
            y += int(painter.fontMetrics().lineSpacing() * 1.5)
    finally:
        painter.end()


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
        self.admin_page = AdminPage()
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
            passphrase=self.admin_page.passphrase_edit.text(),
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
        if isinstance(page, _Page):
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
