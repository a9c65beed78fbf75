"""Runs one survivor-mode session for the app: hand the screen over, record, hand it back.

While survivor mode runs:
- every other window of the app is hidden (not just covered), so nothing of any record is on
  screen or one Alt+Tab away; they come back only after the worker's passphrase;
- the idle auto-lock is paused. Locking mid-questionnaire would throw the survivor onto the
  unlock screen and lose their place, and it protects nothing: survivor mode shows no record
  and leaving it needs the same passphrase as unlocking. The privacy curtain's key is swallowed
  too; "Take a break" is the survivor's own curtain. The clipboard is cleared first, so nothing
  a worker copied can be pasted into an answer. The countdown restarts once the worker is back.
- the answers are recorded as soon as the survivor reaches the thank-you screen (on the vault
  thread), so nothing is lost if the worker takes a while to come back;
- safeguarding flags are shown to the worker only after they have unlocked, never on the
  survivor's screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from survivorapp.domain.questionnaires.flow import FlowResult, Questionnaire
from survivorapp.services.permissions import Actor
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.survivor_mode.safeguarding_dialog import SafeguardingDialog
from survivorapp.ui.survivor_mode.tts import make_reader
from survivorapp.ui.survivor_mode.window import ReaderFactory, SurvivorModeWindow
from survivorapp.ui.widgets.small_dialog import SmallDialog


@dataclass(frozen=True)
class SurvivorModeRequest:
    """What a page asks for: the questions, how to record the answers (run on the vault
    thread), and what to do afterwards (on the GUI thread, after the worker is back)."""

    questionnaire: Questionnaire
    record: Callable[[FlowResult], object]
    flag_messages: Callable[[object], Sequence[str]] = lambda _recorded: ()
    on_done: Callable[[SurvivorModeOutcome], None] | None = None


@dataclass(frozen=True)
class SurvivorModeOutcome:
    result: FlowResult | None
    recorded: object | None = None
    error: BaseException | None = None


class SurvivorModeRunner(QObject):
    started = Signal()
    finished = Signal(object)  # SurvivorModeOutcome, after the worker has unlocked

    def __init__(
        self,
        app: QApplication,
        operations: Operations,
        verify_passphrase: Callable[[str], bool],
        actor: Actor,
        *,
        pause: Callable[[], None] = lambda: None,
        resume: Callable[[], None] = lambda: None,
        dialog_parent: QWidget | None = None,
        reader_factory: ReaderFactory = make_reader,
    ) -> None:
        super().__init__()
        self._app = app
        self._operations = operations
        self._verify = verify_passphrase
        self._worker = actor.display_name or actor.username  # named on the hand-back screen
        self._pause = pause
        self._resume = resume
        self._dialog_parent = dialog_parent
        self._reader_factory = reader_factory
        self.window: SurvivorModeWindow | None = None
        self.safeguarding: SafeguardingDialog | None = None
        self._hidden: list[QWidget] = []
        self._request: SurvivorModeRequest | None = None
        self._result: FlowResult | None = None
        self._recorded: object | None = None
        self._error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self.window is not None

    def run(self, request: SurvivorModeRequest) -> SurvivorModeWindow | None:
        if self.window is not None:
            return None
        self._request = request
        self._result = self._recorded = self._error = None
        window = SurvivorModeWindow(
            request.questionnaire, self._worker, reader_factory=self._reader_factory
        )
        window.ended.connect(self._on_window_ended)
        window.passphrase_submitted.connect(self._on_window_passphrase_submitted)
        window.released.connect(self._on_window_released)
        self.window = window
        self._pause()
        self._hidden = [
            w
            for w in self._app.topLevelWidgets()
            if w.isVisible() and w is not window and not w.isHidden()
        ]
        window.start()
        for widget in self._hidden:
            widget.hide()
        self.started.emit()
        return window

    def _on_window_ended(self, result: FlowResult) -> None:
        self._result = result
        request = self._request
        if request is None or not result.should_record:
            return

        def stored(recorded: object) -> None:
            self._recorded = recorded

        def failed(exc: BaseException) -> None:
            self._error = exc

        self._operations.run(
            lambda: request.record(result),
            stored,
            failed,
            owner=self,
            changes=Changes(feedback=True),
        )

    def _on_window_passphrase_submitted(self, secret: str) -> None:
        window, verify = self.window, self._verify
        if window is None:
            return

        def checked(ok: bool) -> None:
            if ok:
                window.release()
            else:
                window.refuse_passphrase()

        self._operations.run(
            lambda: verify(secret),
            checked,
            lambda _exc: window.refuse_passphrase(),
            owner=window,
        )

    def _on_window_released(self) -> None:
        window, self.window = self.window, None
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if window is not None:
            window.deleteLater()
        self._resume()
        request, self._request = self._request, None
        outcome = SurvivorModeOutcome(self._result, self._recorded, self._error)
        if request is not None:
            self._after(request, outcome)
        self.finished.emit(outcome)

    def _after(self, request: SurvivorModeRequest, outcome: SurvivorModeOutcome) -> None:
        parent = self._dialog_parent
        if parent is not None:
            parent.raise_()
            parent.activateWindow()
        if outcome.error is not None:
            self._show_error(outcome.error)
        elif outcome.recorded is not None:
            messages = list(request.flag_messages(outcome.recorded))
            if messages:
                dialog = SafeguardingDialog(request.questionnaire.title, messages, parent)
                dialog.finished.connect(lambda _r: setattr(self, "safeguarding", None))
                self.safeguarding = dialog
                dialog.open()
        if request.on_done is not None:
            request.on_done(outcome)

    def _show_error(self, exc: BaseException) -> None:
        dialog = SmallDialog(
            self.tr("The answers could not be saved"),
            message_for(exc),
            self.tr("Close"),
            self._dialog_parent,
        )
        dialog.cancel_button.hide()
        dialog.submitted.connect(dialog.accept)
        dialog.open()
