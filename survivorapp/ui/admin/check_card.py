"""Admin card: check the vault's health (every page read, keys and audit log checked).

It changes nothing. Each item is shown as a line of text (OK or FAIL, what, details), so the
result reads the same to a screen reader as on screen; only real failures use the risk colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from survivorapp.ui.admin.card import Card
from survivorapp.ui.admin.services import CheckItemLike, CheckReportLike
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.fields import action_button


class VaultCheckCard(Card):
    def __init__(
        self,
        operations: Operations,
        check: Callable[[], CheckReportLike],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Vault health"),
            self.tr(
                "Reads every page of the vault and checks its keys and audit log. It changes "
                "nothing and takes a moment on a large vault."
            ),
            parent,
        )
        self._operations = operations
        self._check = check
        self.check_button = action_button(self.tr("Check the vault"))
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.add_buttons(self.check_button)
        self.check_summary = message_label(self.tr("Vault check summary"))
        self.layout_.addWidget(self.check_summary)
        self.check_results = QWidget()
        self.check_results.setAccessibleName(self.tr("Vault check results"))
        self.check_grid = QGridLayout(self.check_results)
        self.check_grid.setContentsMargins(0, 0, 0, 0)
        self.check_grid.setHorizontalSpacing(14)
        self.check_grid.setVerticalSpacing(6)
        self.check_grid.setColumnStretch(2, 1)
        self.layout_.addWidget(self.check_results)

    def on_check_button_clicked(self) -> None:
        self.check_button.setEnabled(False)
        say(self.check_summary, self.tr("Checking the vault…"))

        def checked(report: CheckReportLike) -> None:
            self.check_button.setEnabled(True)
            self._show(report.items)
            say(
                self.check_summary,
                self.tr("Everything checked is in order.")
                if report.ok
                else self.tr("Something needs attention. Details are below."),
            )

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            say(self.check_summary, message_for(exc))

        self._operations.run(self._check, checked, failed, owner=self)

    def _show(self, items: Sequence[CheckItemLike]) -> None:
        while (item := self.check_grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for row, each in enumerate(items):
            status = QLabel(self.tr("OK") if each.ok else self.tr("FAIL"))
            status.setProperty("role", "heading" if each.ok else "risk")
            name = QLabel(each.name)
            detail = QLabel(each.detail, wordWrap=True)
            detail.setProperty("role", "muted")
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            for column, label in enumerate((status, name, detail)):
                self.check_grid.addWidget(label, row, column)

    def check_lines(self) -> list[str]:
        """What the results say, row by row (for tests and screen readers alike)."""
        lines = []
        for row in range(self.check_grid.rowCount()):
            cells = []
            for column in range(3):
                item = self.check_grid.itemAtPosition(row, column)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QLabel):
                    cells.append(widget.text())
            if cells:
                lines.append(" ".join(cells))
        return lines
