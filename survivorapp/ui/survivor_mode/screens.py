"""The calm screens around the questions: welcome, content note, break, stop, thank you, and the
worker's passphrase gate.

Each screen is one column of generous width with large text and big buttons (see
:mod:`.layout`). Wording follows the trauma-informed rules (REFERENCE.md 6): plain,
unhurried, never blaming, every choice offered as the survivor's own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from survivorapp.domain.questionnaires.flow import Ending
from survivorapp.ui.survivor_mode.layout import BigButton, ColumnScreen, label
from survivorapp.ui.survivor_mode.style import BUTTON_MIN_HEIGHT


class WelcomeScreen(ColumnScreen):
    start_requested = Signal()

    def __init__(
        self, title: str, introduction: str, privacy: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Welcome"), parent)
        self.column.addStretch(1)
        self.title = label(title, "title")
        self.column.addWidget(self.title)
        if introduction:
            self.column.addWidget(label(introduction))
        self.privacy = label(privacy, "muted")
        self.privacy.setVisible(bool(privacy))
        self.column.addWidget(self.privacy)
        self.column.addWidget(
            label(
                self.tr(
                    "One question at a time. You can skip any question, take a break, or stop "
                    "whenever you like."
                )
            )
        )
        self.start_button = BigButton(self.tr("Start"), primary=True)
        self.start_button.setMinimumWidth(220)
        self.start_button.clicked.connect(self.start_requested.emit)
        self.add_buttons(self.start_button, keep_in_view=True)
        self.column.addStretch(2)
        self.setFocusProxy(self.start_button)


class ContentNoteScreen(ColumnScreen):
    continue_requested = Signal()
    not_today_requested = Signal()

    def __init__(self, note: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Before you start"), parent)
        self.column.addStretch(1)
        self.column.addWidget(label(self.tr("Before you start"), "title"))
        self.note = label(note)
        self.column.addWidget(self.note)
        self.column.addWidget(
            label(
                self.tr(
                    "It is completely your choice whether to go on. Saying no will not change "
                    "the support you get."
                ),
                "muted",
            )
        )
        self.continue_button = BigButton(self.tr("Continue"), primary=True)
        self.not_today_button = BigButton(self.tr("Not today"))
        self.continue_button.clicked.connect(self.continue_requested.emit)
        self.not_today_button.clicked.connect(self.not_today_requested.emit)
        self.add_buttons(self.continue_button, self.not_today_button, keep_in_view=True)
        self.column.addStretch(2)
        self.setFocusProxy(self.continue_button)


class BreakScreen(ColumnScreen):
    """Blanks everything to one soft colour; nothing about the questions is left in view."""

    resume_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Taking a break"), parent)
        self.setObjectName("restScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.column.addStretch(1)
        self.message = label(self.tr("Take all the time you need."), "title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.message)
        self.resume_button = BigButton(self.tr("I'm ready to continue"), primary=True)
        self.resume_button.clicked.connect(self.resume_requested.emit)
        self.column.addSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.resume_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addStretch(1)
        self.setFocusProxy(self.resume_button)


class StopConfirmScreen(ColumnScreen):
    stop_confirmed = Signal()
    stop_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Stopping"), parent)
        self.column.addStretch(1)
        self.column.addWidget(label(self.tr("You can stop at any time."), "title"))
        self.kept = label("")
        self.column.addWidget(self.kept)
        self.stop_button = BigButton(self.tr("Yes, stop here"), primary=True)
        self.back_button = BigButton(self.tr("Go back to the questions"))
        self.stop_button.clicked.connect(self.stop_confirmed.emit)
        self.back_button.clicked.connect(self.stop_cancelled.emit)
        self.add_buttons(self.stop_button, self.back_button, keep_in_view=True)
        self.column.addStretch(2)
        self.setFocusProxy(self.back_button)

    def set_answers_kept(self, any_answered: bool, started: bool) -> None:
        if any_answered:
            text = self.tr(
                "The answers you have given so far will be kept. Questions you have not "
                "reached will be left blank."
            )
        elif started:
            text = self.tr("You have not answered any questions yet, so nothing will be kept.")
        else:
            text = self.tr("Nothing has been answered, so nothing will be kept.")
        self.kept.setText(text)
        self.kept.setAccessibleName(text)
        self.back_button.setText(
            self.tr("Go back to the questions") if started else self.tr("Go back")
        )
        self.back_button.setAccessibleName(self.back_button.text())


class ThankYouScreen(ColumnScreen):
    hand_back_requested = Signal()

    def __init__(self, worker: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Thank you"), parent)
        self.column.addStretch(1)
        self.heading = label(self.tr("Thank you."), "title")
        self.column.addWidget(self.heading)
        self.body = label("")
        self.column.addWidget(self.body)
        hand_back = self.tr("Please hand the laptop back to {worker}.").replace("{worker}", worker)
        self.column.addWidget(label(hand_back))
        self.hand_back_button = BigButton(
            self.tr("I have handed it back"),
            primary=True,
            name=self.tr("I have handed the laptop back"),
        )
        self.hand_back_button.clicked.connect(self.hand_back_requested.emit)
        self.add_buttons(self.hand_back_button, keep_in_view=True)
        self.column.addStretch(2)
        self.setFocusProxy(self.hand_back_button)

    def set_ending(self, ending: Ending, kept: bool) -> None:
        if ending is Ending.NOT_TODAY:
            heading = self.tr("That's absolutely fine.")
            body = self.tr("Nothing has been recorded. Thank you for your time today.")
        elif ending is Ending.STOPPED:
            heading = self.tr("Thank you.")
            body = (
                self.tr("The answers you gave have been kept. Thank you for your time.")
                if kept
                else self.tr("Nothing has been recorded. Thank you for your time.")
            )
        else:
            heading = self.tr("Thank you.")
            body = self.tr("You have finished. Thank you for taking the time to answer.")
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        self.body.setText(body)
        self.body.setAccessibleName(body)


class WorkerGateScreen(ColumnScreen):
    """For the worker only: their passphrase leaves survivor mode. A wrong one is said calmly;
    the survivor's answers are already kept, so nothing is lost by trying again."""

    passphrase_submitted = Signal(str)

    def __init__(self, worker: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Leave survivor mode"), parent)
        self.column.addStretch(1)
        self.column.addWidget(label(self.tr("Leave survivor mode"), "title"))
        self.column.addWidget(
            label(
                self.tr("For {worker}: type your passphrase to go back to the app.").replace(
                    "{worker}", worker
                )
            )
        )
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Your passphrase"))
        self.passphrase_edit.setAccessibleDescription(
            self.tr("The passphrase you unlocked the vault with")
        )
        self.passphrase_edit.setMinimumHeight(BUTTON_MIN_HEIGHT)
        self.passphrase_edit.returnPressed.connect(self.submit)
        self.column.addWidget(self.passphrase_edit)
        self.message = label("", "message", name=self.tr("Message"))
        self.message.setVisible(False)
        self.column.addWidget(self.message)
        self.leave_button = BigButton(self.tr("Leave survivor mode"), primary=True)
        self.leave_button.clicked.connect(self.submit)
        self.add_buttons(self.leave_button, keep_in_view=True)
        self.column.addStretch(2)
        self.setFocusProxy(self.passphrase_edit)

    def submit(self) -> None:
        secret = self.passphrase_edit.text()
        if not secret or not self.leave_button.isEnabled():
            return
        self.set_busy(True)
        self.message.setVisible(False)
        self.passphrase_submitted.emit(secret)

    def set_busy(self, busy: bool) -> None:
        self.leave_button.setEnabled(not busy)
        self.passphrase_edit.setReadOnly(busy)
        self.leave_button.setText(self.tr("Checking…") if busy else self.tr("Leave survivor mode"))

    def refuse(self) -> None:
        self.set_busy(False)
        self.passphrase_edit.clear()
        self.passphrase_edit.setFocus()
        text = self.tr("That passphrase didn't match. Please try again.")
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(True)
