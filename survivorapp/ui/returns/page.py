"""Returns: choose a fixed period and a level, see every table exactly as it will leave, export.

Counting runs on the vault thread (a year over a large vault takes a few seconds) and is done
once per period; switching level or the smallest count shown only re-applies disclosure
control to those exact counts, here, in milliseconds, with the same function the export uses.
Exporting asks where to save and for the passphrase again, then the service counts afresh and
writes the signed folder, so nothing typed since the preview is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from survivorapp.reporting.disclosure import DEFAULT_K, MIN_K, PublishedReturn, publish
from survivorapp.reporting.model import Level, Period, Return
from survivorapp.services.access import VaultSession
from survivorapp.services.errors import CredentialsNotRecognised
from survivorapp.services.permissions import Action, allowed
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.returns.table_view import ReturnTablesWidget
from survivorapp.ui.widgets.reauth_dialog import ReauthDialog
from survivorapp.ui.widgets.small_dialog import muted
from survivorapp.ui.widgets.theme import heading_font

ChooseFolder = Callable[[QWidget], str | None]
MAX_K = 100
LEVEL_TEXT: dict[Level, tuple[str, str]] = {
    Level.INTERNAL: (
        "Internal",
        "Exact counts for the organisation's own use. Contains small numbers: do not share.",
    ),
    Level.SEALED: (
        "Sealed for a commissioner",
        "Exact counts, encrypted so that only the chosen commissioner can open them to merge.",
    ),
    Level.PUBLICATION: (
        "Publication",
        "Small counts are hidden and the rest rounded to the nearest 5: safe to publish.",
    ),
}


def choose_return_folder(parent: QWidget) -> str | None:
    chosen = QFileDialog.getExistingDirectory(parent, parent.tr("Where to save the return"))
    return chosen or None


def new_folder_in(folder: Path, period: str, level: Level) -> Path:
    """A new folder for this return inside ``folder`` (never one that already exists)."""
    base = folder / f"return-{period}-{level.value}"
    candidate, number = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{number}")
        number += 1
    return candidate


class ReturnsPage(QWidget):
    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        parent: QWidget | None = None,
        choose_folder: ChooseFolder = choose_return_folder,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._choose_folder = choose_folder
        self.can_export = allowed(session.actor, Action.EXPORT_RETURN)
        self.exact: Return | None = None
        self.published: PublishedReturn | None = None
        self.reauth: ReauthDialog | None = None
        self._loaded = False
        self._commissioners: list[Any] = []
        self.setAccessibleName(self.tr("Returns"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(10)
        heading = QLabel(self.tr("Returns"))
        heading.setFont(heading_font(self, 1.4))
        outer.addWidget(heading)
        if not self.can_export:
            outer.addWidget(
                muted(
                    self.tr(
                        "Anonymised returns for commissioners are made by managers. They "
                        "count cases, never name anyone, and leave out everyone who said no "
                        "to being counted."
                    )
                )
            )
            outer.addStretch(1)
            return
        outer.addWidget(
            muted(
                self.tr(
                    "Counts for a fixed period, for your commissioners. Nobody is named, and "
                    "survivors who said no to anonymised statistics are left out. The tables "
                    "below are exactly what will leave."
                )
            )
        )
        outer.addLayout(self._build_choices())
        self.summary = QLabel(wordWrap=True)
        self.summary.setProperty("role", "heading")
        self.summary.setAccessibleName(self.tr("Return summary"))
        outer.addWidget(self.summary)
        self.marking = muted("")
        self.marking.setAccessibleName(self.tr("How the figures are protected"))
        outer.addWidget(self.marking)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setAccessibleName(self.tr("Export the return"))
        self.export_button.setProperty("primary", True)
        self.export_button.clicked.connect(self.on_export_button_clicked)
        row.addWidget(self.export_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Returns message"))
        self.message.setVisible(False)
        outer.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tables = ReturnTablesWidget()
        scroll.setWidget(self.tables)
        outer.addWidget(scroll, 1)
        self._refresh_controls()

    def _build_choices(self) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Period"))
        self.period_combo.currentIndexChanged.connect(self.on_period_combo_changed)
        chars = self.fontMetrics().averageCharWidth()
        self.period_combo.setMaximumWidth(chars * 56)
        form.addRow(self.tr("Period"), self.period_combo)
        levels = QVBoxLayout()
        levels.setSpacing(2)
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[Level, QRadioButton] = {}
        for number, level in enumerate(Level):
            title, explanation = LEVEL_TEXT[level]
            button = QRadioButton(self.tr(title))
            button.setAccessibleName(self.tr(title))
            button.setAccessibleDescription(self.tr(explanation))
            self.level_group.addButton(button, number)
            self.level_buttons[level] = button
            levels.addWidget(button)
            hint = muted(self.tr(explanation))
            hint.setContentsMargins(24, 0, 0, 4)
            levels.addWidget(hint)
        self.level_buttons[Level.PUBLICATION].setChecked(True)
        self.level_group.idToggled.connect(self.on_level_group_toggled)
        form.addRow(self.tr("Level"), levels)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(MIN_K, MAX_K)
        self.k_spin.setValue(DEFAULT_K)
        self.k_spin.setAccessibleName(self.tr("Smallest count shown"))
        self.k_spin.setToolTip(
            self.tr("Counts below this are hidden in a publication return (never below 5).")
        )
        self.k_spin.valueChanged.connect(self.on_k_spin_changed)
        self.k_spin.setMaximumWidth(chars * 12)
        form.addRow(self.tr("Smallest count shown"), self.k_spin)
        self.commissioner_combo = QComboBox()
        self.commissioner_combo.setAccessibleName(self.tr("Commissioner"))
        self.commissioner_combo.setMaximumWidth(chars * 56)
        self.commissioner_label = QLabel(self.tr("Commissioner"))
        form.addRow(self.commissioner_label, self.commissioner_combo)
        return form

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.can_export and not self._loaded and self._session.is_open:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        returns = self._session.returns
        self._run(returns.available_periods, self._on_periods_loaded)
        self._run(returns.commissioner_keys, self._on_commissioners_loaded)

    def _on_periods_loaded(self, periods: list[Period]) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods:
            self.period_combo.addItem(_period_text(period), period.label)
        self.period_combo.blockSignals(False)
        if periods:
            self.select_period(periods[0].label)
        else:
            self._say(self.tr("No reporting period has ended yet."))

    def _on_commissioners_loaded(self, keys: list[Any]) -> None:
        self._commissioners = list(keys)
        self.commissioner_combo.clear()
        for key in keys:
            self.commissioner_combo.addItem(f"{key.label} ({key.fingerprint})", key.id)
        self._refresh_controls()

    def select_period(self, label: str) -> None:
        index = self.period_combo.findData(label)
        if index < 0:
            return
        if index == self.period_combo.currentIndex():
            self.on_period_combo_changed(index)
        else:
            self.period_combo.setCurrentIndex(index)

    def on_period_combo_changed(self, index: int) -> None:
        label = self.period_combo.itemData(index)
        if not label:
            return
        self.exact = None
        self.published = None
        self.tables.clear()
        self.summary.setText(
            self.tr("Counting the figures for {period}…").replace("{period}", str(label))
        )
        self.marking.setText("")
        self._refresh_controls()
        self._run(lambda: self._session.returns.build(str(label)), self._on_built)

    def _on_built(self, ret: Return) -> None:
        if ret.period.label != self.period_combo.currentData():
            return  # the person has chosen another period since
        self.exact = ret
        self._show()

    # --- showing -----------------------------------------------------------------------------

    def level(self) -> Level:
        for level, button in self.level_buttons.items():
            if button.isChecked():
                return level
        return Level.PUBLICATION

    def choose_level(self, level: Level) -> None:
        self.level_buttons[level].setChecked(True)

    def on_level_group_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show()

    def on_k_spin_changed(self, _value: int) -> None:
        self._show()

    def _show(self) -> None:
        self._refresh_controls()
        if self.exact is None:
            return
        level = self.level()
        self.published = publish(self.exact, level, self.k_spin.value())
        self.tables.show_return(self.published)
        self.summary.setText(self.summary_text())
        self.marking.setText(self.published.marking)

    def summary_text(self) -> str:
        published = self.published
        if published is None:
            return ""
        cells = published.primary_suppressed + published.secondary_suppressed
        # The manager previewing may know the exact number (it never leaves at publication
        # level); say what the file will carry when that differs.
        exact = str(self.exact.excluded_for_consent) if self.exact is not None else ""
        shown = published.excluded_for_consent
        text = (
            self.tr("{cells} cells suppressed, {excluded} cases excluded for consent")
            .replace("{cells}", f"{cells:,}")
            .replace("{excluded}", exact or shown)
        )
        if exact and shown != exact:
            text += self.tr(" (shown in the return as {shown})").replace("{shown}", shown)
        return text + "."

    def _refresh_controls(self) -> None:
        sealed = self.level() is Level.SEALED
        self.k_spin.setEnabled(self.level() is Level.PUBLICATION)
        self.commissioner_combo.setVisible(sealed)
        self.commissioner_label.setVisible(sealed)
        ready = self.exact is not None and (not sealed or bool(self._commissioners))
        self.export_button.setEnabled(ready)
        if sealed and not self._commissioners:
            self.export_button.setToolTip(
                self.tr(
                    "No commissioner's key has been added yet. An administrator adds it in "
                    "Admin, under Commissioner keys."
                )
            )
        else:
            self.export_button.setToolTip("")

    # --- exporting ---------------------------------------------------------------------------

    def on_export_button_clicked(self) -> None:
        if self.exact is None:
            return
        chosen = self._choose_folder(self)
        if not chosen:
            return
        label, level, k = self.exact.period.label, self.level(), self.k_spin.value()
        target = new_folder_in(Path(chosen), label, level)
        key_id = self.commissioner_combo.currentData() if level is Level.SEALED else None
        by_recovery = self._session.opened_with_recovery_key
        reauth = ReauthDialog(
            self.tr(
                "The {level} return for {period} will be saved in {folder}. Please type your "
                "passphrase again to confirm the export."
            )
            .replace("{level}", level.value)
            .replace("{period}", label)
            .replace("{folder}", str(target)),
            self,
            recovery_key=by_recovery,
        )
        self.reauth = reauth

        def exported(result: Any) -> None:
            reauth.set_busy(False)
            reauth.accept()
            self._say(
                self.tr(
                    "Saved the {level} return for {period} in {folder}. Its checksum, also in "
                    "the audit log, starts {checksum}."
                )
                .replace("{level}", level.value)
                .replace("{period}", label)
                .replace("{folder}", str(result.folder))
                .replace("{checksum}", result.checksum[:16])
            )

        def failed(exc: BaseException) -> None:
            reauth.set_busy(False)
            wrong = isinstance(exc, CredentialsNotRecognised) and (
                exc.user_message == CredentialsNotRecognised.user_message
            )
            if wrong:  # a mistyped passphrase: say so in the dialog, which stays open
                reauth.refuse()
            else:
                reauth.show_message(message_for(exc))

        def submit() -> None:
            reauth.set_busy(True)
            passphrase = reauth.passphrase
            self._run(
                lambda: self._session.returns.export(
                    label, level, target, passphrase, k=k, commissioner_key_id=key_id
                ),
                exported,
                failed,
            )

        reauth.submitted.connect(submit)
        reauth.finished.connect(lambda _result: self._forget(reauth))
        reauth.open()

    def _forget(self, dialog: ReauthDialog) -> None:
        if self.reauth is dialog:
            self.reauth = None
        dialog.deleteLater()

    # --- plumbing ----------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run on the vault thread; drop the answer if this page has gone (the vault locked)."""

        def success(result: Any) -> None:
            if shiboken6.isValid(self):
                on_success(result)

        def failure(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                (on_failure or self._failed)(exc)

        self._operations.run(work, success, failure)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText("")
        self._say(message_for(exc))


def _period_text(period: Period) -> str:
    span = f"{period.start:%B %Y} to {period.end:%B %Y}"
    kind = "financial year" if "Q" not in period.label else "quarter"
    return f"{period.label} ({kind}: {span})"
