"""The survivor-mode window: full screen, on top, one calm screen at a time.

Nothing else of the app is reachable while it runs: the owner hides the main window, the
guard swallows key chords and brings this window back when it loses focus, and closing is
refused until the worker has given their passphrase on the gate screen. "Take a break" and
"Stop" stay on screen throughout the questions; text size (A− / A+) and high contrast are on
screen too, so the survivor can change them without asking.

The window knows no vault: when the questionnaire ends it emits :attr:`ended` with the answers
(the owner records them), and when the worker types their passphrase it emits
:attr:`passphrase_submitted`; the owner answers with :meth:`release` or
:meth:`refuse_passphrase`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.questionnaires.flow import Questionnaire, Screen, SurvivorFlow
from survivorapp.ui.survivor_mode.guard import SurvivorModeGuard
from survivorapp.ui.survivor_mode.layout import BigButton, label
from survivorapp.ui.survivor_mode.question_screen import QuestionScreen
from survivorapp.ui.survivor_mode.screens import (
    BreakScreen,
    ContentNoteScreen,
    StopConfirmScreen,
    ThankYouScreen,
    WelcomeScreen,
    WorkerGateScreen,
)
from survivorapp.ui.survivor_mode.style import (
    BASE_POINTS,
    STEP_POINTS,
    clamp_points,
    survivor_style_sheet,
)
from survivorapp.ui.survivor_mode.tts import Reader, make_reader

ReaderFactory = Callable[[QWidget], Reader | None]


class SurvivorModeWindow(QWidget):
    ended = Signal(object)  # FlowResult, once, when the thank-you screen shows
    passphrase_submitted = Signal(str)
    released = Signal()

    def __init__(
        self,
        questionnaire: Questionnaire,
        worker: str,
        *,
        reader_factory: ReaderFactory = make_reader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("survivorMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("Survivor mode"))
        self.setAccessibleName(self.tr("Survivor mode"))
        self.flow = SurvivorFlow(questionnaire)
        self._released = False
        self._ended_sent = False
        self._points = BASE_POINTS
        self._high_contrast = False
        self._reader = reader_factory(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_toolbar())
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.copyright = label(questionnaire.copyright, "fine")
        self.copyright.setContentsMargins(48, 0, 48, 12)
        layout.addWidget(self.copyright)

        self.welcome = WelcomeScreen(
            questionnaire.title, questionnaire.introduction, self._privacy(questionnaire, worker)
        )
        self.content_note = ContentNoteScreen(questionnaire.content_note or "")
        self.question = QuestionScreen(can_read_aloud=self._reader is not None)
        self.rest = BreakScreen()
        self.stop_confirm = StopConfirmScreen()
        self.thank_you = ThankYouScreen(worker)
        self.gate = WorkerGateScreen(worker)
        self._screens: dict[Screen, QWidget] = {
            Screen.WELCOME: self.welcome,
            Screen.CONTENT_NOTE: self.content_note,
            Screen.QUESTION: self.question,
            Screen.BREAK: self.rest,
            Screen.STOP_CONFIRM: self.stop_confirm,
            Screen.THANK_YOU: self.thank_you,
            Screen.GATE: self.gate,
        }
        for screen in self._screens.values():
            self.stack.addWidget(screen)
        self._connect()
        self.guard = SurvivorModeGuard(
            QApplication.instance(),  # type: ignore[arg-type]
            self,
            on_text_size=self.change_text_size,
        )
        self._apply_style()
        self._render()

    def _privacy(self, questionnaire: Questionnaire, worker: str) -> str:
        """Who will see the answers, said before the first question (trust and transparency)."""
        if questionnaire.anonymous:
            return self.tr(
                "Your answers are not linked to your name or your record. They are only ever "
                "counted together with other people's answers."
            )
        if questionnaire.answers_seen_by_worker:
            return self.tr(
                "Your answers will be kept in your record, and {worker} will see them so you "
                "can talk about them together if you want to."
            ).replace("{worker}", worker)
        return self.tr(
            "{worker} will not see your answers. They are only ever counted together with "
            "other people's, so please feel free to say what you really think."
        ).replace("{worker}", worker)

    def _build_toolbar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("toolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(32, 14, 32, 14)
        row.setSpacing(16)
        self.break_button = BigButton(self.tr("Take a break"))
        self.stop_button = BigButton(self.tr("Stop"), name=self.tr("Stop the questions"))
        row.addWidget(self.break_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        self.smaller_button = BigButton("A−", role="tool", name=self.tr("Make the text smaller"))
        self.bigger_button = BigButton("A+", role="tool", name=self.tr("Make the text bigger"))
        self.contrast_button = BigButton(self.tr("High contrast"), role="tool")
        self.contrast_button.setCheckable(True)
        for button in (self.smaller_button, self.bigger_button, self.contrast_button):
            row.addWidget(button)
        self.toolbar = bar
        return bar

    def _connect(self) -> None:
        flow = self.flow
        self.break_button.clicked.connect(lambda: self._do(flow.take_break))
        self.stop_button.clicked.connect(lambda: self._do(flow.request_stop))
        self.smaller_button.clicked.connect(lambda: self.change_text_size(-1))
        self.bigger_button.clicked.connect(lambda: self.change_text_size(+1))
        self.contrast_button.toggled.connect(self.set_high_contrast)
        self.welcome.start_requested.connect(lambda: self._do(flow.begin))
        self.content_note.continue_requested.connect(lambda: self._do(flow.accept_content_note))
        self.content_note.not_today_requested.connect(lambda: self._do(flow.decline_content_note))
        self.question.answered.connect(lambda value: self._do(lambda: flow.answer(value)))
        self.question.skip_requested.connect(lambda: self._do(flow.skip))
        self.question.back_requested.connect(lambda: self._do(flow.back))
        self.question.read_aloud_requested.connect(self._read_aloud)
        self.rest.resume_requested.connect(lambda: self._do(flow.resume))
        self.stop_confirm.stop_confirmed.connect(lambda: self._do(flow.confirm_stop))
        self.stop_confirm.stop_cancelled.connect(lambda: self._do(flow.cancel_stop))
        self.thank_you.hand_back_requested.connect(lambda: self._do(flow.hand_back))
        self.gate.passphrase_submitted.connect(self.passphrase_submitted.emit)

    # --- life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        """Take over the screen."""
        self.guard.start()
        # The whole screen even where no window manager honours "full screen" (kiosk set-ups).
        self.setGeometry(self.screen().geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self._focus_current()

    def release(self) -> None:
        """The worker's passphrase was right: give the screen back."""
        self._released = True
        self.guard.stop()
        if self._reader is not None:
            self._reader.stop()
        self.close()
        self.released.emit()

    def refuse_passphrase(self) -> None:
        self.gate.refuse()

    @property
    def is_released(self) -> bool:
        return self._released

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._released:
            self.guard.stop()
            super().closeEvent(event)
        else:
            event.ignore()

    # --- appearance --------------------------------------------------------------------------

    @property
    def text_points(self) -> int:
        return self._points

    def change_text_size(self, steps: int) -> None:
        points = clamp_points(self._points + steps * STEP_POINTS)
        if points != self._points:
            self._points = points
            self._apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self._high_contrast = on
        if self.contrast_button.isChecked() != on:
            self.contrast_button.setChecked(on)
        self._apply_style()

    def _apply_style(self) -> None:
        self.setStyleSheet(survivor_style_sheet(self._points, self._high_contrast))
        self.smaller_button.setEnabled(self._points > clamp_points(0))
        self.bigger_button.setEnabled(self._points < clamp_points(10**3))

    # --- moving between screens --------------------------------------------------------------

    def _do(self, press: Callable[[], bool]) -> None:
        if press():
            self._render()

    def _render(self) -> None:
        flow = self.flow
        screen = flow.screen
        asking = screen in (Screen.WELCOME, Screen.CONTENT_NOTE, Screen.QUESTION)
        self.break_button.setVisible(asking)
        self.stop_button.setVisible(asking)
        self.toolbar.setVisible(screen is not Screen.BREAK)
        self.copyright.setVisible(screen is Screen.QUESTION and bool(flow.questionnaire.copyright))
        if screen is Screen.QUESTION and flow.question is not None:
            q = flow.question
            self.question.show_question(q, flow.position, flow.total, flow.answer_for(q.item_id))
        elif screen is Screen.STOP_CONFIRM:
            self.stop_confirm.set_answers_kept(flow.any_answered, started=flow.question is not None)
        elif screen is Screen.THANK_YOU:
            result = flow.result()
            self.thank_you.set_ending(result.ending, result.should_record)
            if not self._ended_sent:
                self._ended_sent = True
                self.ended.emit(result)
        if screen is not Screen.QUESTION and self._reader is not None:
            self._reader.stop()
        self.stack.setCurrentWidget(self._screens[screen])
        self._focus_current()

    def _focus_current(self) -> None:
        current = self.stack.currentWidget()
        if current is self.question:
            self.question.focus_first()
        elif current is not None:
            current.setFocus()

    def _read_aloud(self, text: str) -> None:
        if self._reader is not None and text:
            self._reader.say(text)
