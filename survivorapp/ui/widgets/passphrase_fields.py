"""The fields of a person's credentials, the same wherever they are typed.

A passphrase field (unlocking, confirming it's you, a current passphrase), a new passphrase
typed twice with the strength meter (setting up the vault, adding a member of staff, changing
or resetting a passphrase), and the user and display names of a new account. One definition
each, so every screen hides, names and checks them the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.passphrase_strength import MAX_SCORE, MIN_LENGTH, assess
from survivorapp.ui.widgets.small_dialog import muted


def _tr(text: str) -> str:
    return QCoreApplication.translate("PassphraseFields", text)


def secret_edit(accessible_name: str, description: str = "", placeholder: str = "") -> QLineEdit:
    """A field whose text is hidden as it is typed (a passphrase or the recovery key)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    if description:
        edit.setAccessibleDescription(description)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def account_name_edits(display_description: str) -> tuple[QLineEdit, QLineEdit]:
    """The user name (typed to unlock, no spaces) and display name fields of a new account."""
    user_edit = QLineEdit()
    user_edit.setPlaceholderText(_tr("For example: sam.jones"))
    user_edit.setAccessibleName(_tr("User name"))
    user_edit.setAccessibleDescription(_tr("Used to unlock the vault; no spaces"))
    user_edit.setMaxLength(64)
    display_edit = QLineEdit()
    display_edit.setPlaceholderText(_tr("Optional"))
    display_edit.setAccessibleName(_tr("Display name"))
    display_edit.setAccessibleDescription(display_description)
    display_edit.setMaxLength(120)
    return user_edit, display_edit


class PassphraseFields(QObject):
    """Adds its rows to a form; :meth:`ready` says whether the passphrase may be used.

    ``label`` and ``confirm_label`` name the two fields (row label and accessible name alike);
    the defaults suit changing a passphrase, the first-run wizard names them plainly.
    """

    changed = Signal()

    def __init__(
        self,
        form: QFormLayout,
        parent: QObject,
        user_name: str = "",
        label: str = "",
        confirm_label: str = "",
    ) -> None:
        super().__init__(parent)
        self.user_name = user_name
        label = label or self.tr("New passphrase")
        self.passphrase_edit = secret_edit(
            label, self.tr("At least {count} characters").replace("{count}", str(MIN_LENGTH))
        )
        self.confirm_edit = secret_edit(
            confirm_label or self.tr("New passphrase again"),
            self.tr("Type the same passphrase again"),
        )
        self.show_check = QCheckBox(self.tr("Show passphrase"))
        self.show_check.setAccessibleName(self.tr("Show the passphrase as you type"))
        self.show_check.toggled.connect(self.on_show_check_toggled)
        self.meter = QProgressBar()
        self.meter.setRange(0, MAX_SCORE)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(self.meter.fontMetrics().height() // 2 + 2)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.meter.setStyleSheet(
            "QProgressBar::chunk { background: palette(link); border-radius: 2px; }"
        )
        self.strength_label = QLabel()
        self.strength_label.setProperty("role", "heading")
        self.strength_label.setAccessibleName(self.tr("Passphrase strength"))
        self.hint_label = muted("")
        self.hint_label.setAccessibleName(self.tr("Passphrase advice"))
        self.match_label = muted("")
        self.match_label.setAccessibleName(self.tr("Do the passphrases match"))
        # Always holds its line, so the dialog doesn't jump when the message appears.
        self.match_label.setMinimumHeight(self.match_label.fontMetrics().height())
        self._add_rows(form, label, confirm_label or self.tr("Type it again"))
        self.passphrase_edit.textChanged.connect(self._update)
        self.confirm_edit.textChanged.connect(self._update)
        self._update()

    def _add_rows(self, form: QFormLayout, label: str, confirm_label: str) -> None:
        """The passphrase, the same again with whether they match, show, and the strength."""
        strength = QWidget()
        column = QVBoxLayout(strength)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.meter, 1)
        row.addWidget(self.strength_label)
        column.addLayout(row)
        column.addWidget(self.hint_label)
        confirm_box = QWidget()
        confirm_column = QVBoxLayout(confirm_box)
        confirm_column.setContentsMargins(0, 0, 0, 0)
        confirm_column.setSpacing(3)
        confirm_column.addWidget(self.confirm_edit)
        confirm_column.addWidget(self.match_label)

        form.addRow(label, self.passphrase_edit)
        form.addRow(confirm_label, confirm_box)
        form.addRow("", self.show_check)
        form.addRow(self.tr("Strength"), strength)

    @property
    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def set_user_name(self, user_name: str) -> None:
        """Assess the passphrase again against a changed user name (it must not be that)."""
        if user_name != self.user_name:
            self.user_name = user_name
            self._update()

    def ready(self) -> bool:
        return (
            assess(self.passphrase, self.user_name).acceptable
            and self.confirm_edit.text() == self.passphrase
        )

    def clear(self) -> None:
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.show_check.setChecked(False)

    def on_show_check_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)

    def _update(self) -> None:
        passphrase = self.passphrase
        strength = assess(passphrase, self.user_name)
        label = QCoreApplication.translate("passphrase_strength", strength.label)
        hint = QCoreApplication.translate("passphrase_strength", strength.hint)
        self.meter.setValue(strength.score if strength.acceptable else 0)
        self.meter.setAccessibleDescription(
            self.tr("{label}: {hint}").replace("{label}", label).replace("{hint}", hint)
        )
        self.strength_label.setText(label if passphrase else "")
        self.hint_label.setText(
            hint
            if passphrase
            else self.tr(
                "At least {count} characters. A few unrelated words are easy to remember and "
                "hard to guess."
            ).replace("{count}", str(MIN_LENGTH))
        )
        confirm = self.confirm_edit.text()
        if confirm and confirm != passphrase:
            self.match_label.setText(self.tr("The two passphrases don't match yet."))
        elif confirm and strength.acceptable:
            self.match_label.setText(self.tr("The two passphrases match."))
        else:
            self.match_label.setText("")
        self.changed.emit()
