"""The side of the Waiting list that shows one survivor: safe contact first, then the actions.

The case header (the same widget that tops every case) shows who this is and how it is safe to
contact them. "Log a contact attempt" only becomes usable once that header shows this case's
safe-contact summary (DESIGN.md 4: safety first, before any contact action). Allocation takes
two clicks: "Allocate to…", then the worker (each shown with their open caseload). The panel
only shows what it is given: one :class:`CasePanelView` the service built in one call.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from survivorapp.domain.waiting_list import ContactAttempt, WorkerLoad
from survivorapp.services.waiting_list import CasePanelView
from survivorapp.ui.waiting_list.model import short_priority
from survivorapp.ui.widgets.cards import CaseListView, muted_label
from survivorapp.ui.widgets.case_header import CaseHeaderWidget
from survivorapp.ui.widgets.labels import Labels, format_date


def attempt_text(labels: Labels, attempt: ContactAttempt) -> str:
    when = format_date(attempt.attempted_on)
    if attempt.attempted_at is not None:
        when += f" {attempt.attempted_at:%H:%M}"
    parts = [
        when,
        labels.code("contact_channel", attempt.channel),
        labels.code("contact_attempt_outcome", attempt.outcome),
    ]
    if attempt.note:
        parts.append(attempt.note)
    return "  ·  ".join(parts)


class WaitingCasePanel(QWidget):
    log_requested = Signal()
    allocate_requested = Signal(str)
    priority_requested = Signal(str)
    open_requested = Signal()

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = labels
        self._reference: str | None = None
        self.selected: CasePanelView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.placeholder = muted_label(
            self.tr("Choose someone on the list to see how it is safe to contact them."),
            self.tr("No one chosen"),
        )
        layout.addWidget(self.placeholder)
        self.header = CaseHeaderWidget(labels)
        self.header.back_button.setVisible(False)
        self.header.stack_details_under_title()  # the panel is narrower than a case view
        layout.addWidget(self.header)
        self.times = muted_label(name=self.tr("How long this survivor has waited"))
        layout.addWidget(self.times)
        self.attempts_heading = QLabel(self.tr("Contact attempts"))
        self.attempts_heading.setProperty("role", "heading")
        layout.addWidget(self.attempts_heading)
        self.attempts = CaseListView(self.tr("Contact attempts so far"))
        self.no_attempts = muted_label(self.tr("No attempts to make contact yet."))
        layout.addWidget(self.attempts)
        layout.addWidget(self.no_attempts)

        layout.addLayout(self._build_buttons())
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._build_menus(labels)
        self.clear()

    def _build_buttons(self) -> QGridLayout:
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(8)
        self.log_button = QPushButton(self.tr("Log a contact attempt…"))
        self.log_button.setProperty("primary", True)
        self.log_button.setAccessibleName(self.tr("Log a contact attempt"))
        self.allocate_button = QPushButton(self.tr("Allocate to…"))
        self.allocate_button.setAccessibleName(self.tr("Allocate to a worker"))
        self.priority_button = QPushButton(self.tr("Set priority…"))
        self.priority_button.setAccessibleName(self.tr("Set priority"))
        self.open_button = QPushButton(self.tr("Open the case"))
        self.open_button.setAccessibleName(self.tr("Open the case"))
        buttons.addWidget(self.log_button, 0, 0)
        buttons.addWidget(self.open_button, 0, 1)
        buttons.addWidget(self.allocate_button, 1, 0)
        buttons.addWidget(self.priority_button, 1, 1)
        buttons.setColumnStretch(2, 1)
        self.log_button.clicked.connect(self.log_requested.emit)
        self.open_button.clicked.connect(self.open_requested.emit)
        return buttons

    def _build_menus(self, labels: Labels) -> None:
        """Allocation and priority are one more click away, in menus under their buttons."""
        self.allocate_menu = QMenu(self)
        self.allocate_menu.setAccessibleName(self.tr("Workers to allocate to"))
        self.priority_menu = QMenu(self)
        self.priority_menu.setAccessibleName(self.tr("Priorities"))
        for code in labels.vocabularies["waiting_priority"]:
            action = self.priority_menu.addAction(code.label)
            action.setToolTip(code.help or "")
            action.setStatusTip(code.help or "")
            action.setData(code.code)
        self.priority_menu.setToolTipsVisible(True)
        self.priority_menu.triggered.connect(self.on_priority_menu_triggered)
        self.allocate_menu.triggered.connect(self.on_allocate_menu_triggered)
        self.allocate_button.clicked.connect(lambda: self._pop(self.allocate_menu))
        self.priority_button.clicked.connect(lambda: self._pop(self.priority_menu))

    # --- state ---------------------------------------------------------------------------------

    @property
    def reference(self) -> str | None:
        return self._reference

    def clear(self) -> None:
        self._reference = None
        self.selected = None
        self.placeholder.setVisible(True)
        for widget in (self.header, self.times, self.attempts_heading, self.no_attempts):
            widget.setVisible(False)
        self.attempts.set_lines([])
        self._enable(False)
        self.show_message("")

    def show_loading(self, reference: str, keep_message: bool = False) -> None:
        """A case is chosen: nothing may be done until its safe-contact summary shows."""
        self._reference = reference
        self.selected = None
        self._enable(False)
        self.placeholder.setText(self.tr("Opening {case}…").replace("{case}", reference))
        self.placeholder.setVisible(True)
        self.header.setVisible(False)
        if not keep_message:
            self.show_message("")

    def show_case(self, selected: CasePanelView, workers: dict[str, str]) -> None:
        if selected.reference != self._reference:
            return  # the person has moved on to someone else
        self.selected = selected
        self.header.show_case(selected.detail, list(selected.risk_flags), workers)
        self.placeholder.setVisible(False)
        self.header.setVisible(True)
        parts = []
        if selected.times.days_waiting is not None:
            parts.append(
                self.tr("Waiting {n} days").replace("{n}", f"{selected.times.days_waiting:,}")
            )
        parts.append(
            self.tr("Priority: {p}").replace(
                "{p}", self._labels.code("waiting_priority", selected.entry.priority)
            )
        )
        if selected.entry.triaged_on is not None:
            parts[-1] += self.tr(" (set {day})").replace(
                "{day}", format_date(selected.entry.triaged_on)
            )
        if selected.times.to_first_contact is not None:
            parts.append(
                self.tr("first spoke after {n} days").replace(
                    "{n}", str(selected.times.to_first_contact)
                )
            )
        self.times.setText("  ·  ".join(parts))
        self.times.setVisible(True)
        self.attempts_heading.setVisible(True)
        self.attempts.set_lines([(attempt_text(self._labels, a), None) for a in selected.attempts])
        self.no_attempts.setVisible(not selected.attempts)
        self._enable(True)

    def _enable(self, ready: bool) -> None:
        for button in (self.log_button, self.allocate_button, self.priority_button):
            button.setEnabled(ready)
        self.open_button.setEnabled(self._reference is not None)
        if not self.allocate_menu.actions():
            self.allocate_button.setEnabled(False)

    def set_workers(self, workers: Sequence[WorkerLoad]) -> None:
        self.allocate_menu.clear()
        for worker in workers:
            count = worker.open_cases
            text = self.tr("{name}  ({n} open cases)" if count != 1 else "{name}  (1 open case)")
            action = self.allocate_menu.addAction(
                text.replace("{name}", worker.display_name).replace("{n}", f"{count:,}")
            )
            action.setData(worker.username)
        self._enable(self.selected is not None)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- menus ---------------------------------------------------------------------------------

    def _pop(self, menu: QMenu) -> None:
        """Show a menu under its button without blocking (so it is one more click away)."""
        button = self.allocate_button if menu is self.allocate_menu else self.priority_button
        menu.popup(button.mapToGlobal(QPoint(0, button.height())))

    def on_allocate_menu_triggered(self, action: QAction) -> None:
        username = action.data()
        if isinstance(username, str):
            self.allocate_requested.emit(username)

    def on_priority_menu_triggered(self, action: QAction) -> None:
        code = action.data()
        if isinstance(code, str):
            self.priority_requested.emit(code)

    def priority_label(self, code: str) -> str:
        return short_priority(self._labels, code)
