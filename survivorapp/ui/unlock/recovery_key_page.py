"""The recovery key, shown once, with a check that it was written down, and printing it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QMarginsF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPainter
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from survivorapp.ui.unlock.first_run_common import (
    KEY_GROUPS,
    StepPage,
    normalise_key_text,
    plain_label,
)


class RecoveryPage(StepPage):
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
        self._add_key_box()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setAccessibleName(self.tr("Print the recovery key"))
        self.print_button.clicked.connect(self.on_print_button_clicked)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        print_row.addStretch(1)
        self.layout_.addLayout(print_row)
        self._add_check(groups)
        self.layout_.addStretch(1)
        QWidget.setTabOrder(self.print_button, self.first_edit)
        QWidget.setTabOrder(self.first_edit, self.second_edit)

    def _add_key_box(self) -> None:
        """The key's eight groups, numbered, in two rows of large fixed-width type."""
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
            number = plain_label(str(index + 1), role="muted")
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

    def _add_check(self, groups: tuple[int, int]) -> None:
        """Two groups typed back, to check the key was written down."""
        first, second = groups
        self.layout_.addWidget(
            plain_label(
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
        self.check_label = plain_label("", role="muted")
        self.check_label.setAccessibleName(self.tr("Recovery key check"))
        self.layout_.addWidget(self.check_label)

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
