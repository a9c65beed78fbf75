"""Starting a questionnaire from the case's Feedback tab or the Feedback page.

The worker picks the questionnaire, when in support it is and how it is answered. Survivor mode
is asked for with :attr:`FeedbackLauncher.survivor_mode_requested` (the controller owns the
windows and runs it); the read-out way is an ordinary dialog handled here. Either way the
answers go to the feedback service, which scores them and returns any safeguarding flags for
the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from survivorapp.domain.questionnaires.administrations import READ_OUT, DueMeasure
from survivorapp.domain.questionnaires.flow import FlowResult, questionnaire_from
from survivorapp.services.feedback import FeedbackService
from survivorapp.services.feedback_views import QuestionnaireChoices, RecordedAdministration
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.feedback.read_out_dialog import ReadOutDialog
from survivorapp.ui.feedback.start_dialog import FeedbackChoice, StartFeedbackDialog
from survivorapp.ui.operations import Operations
from survivorapp.ui.survivor_mode.runner import SurvivorModeOutcome, SurvivorModeRequest
from survivorapp.ui.survivor_mode.safeguarding_dialog import SafeguardingDialog
from survivorapp.ui.widgets.labels import Labels


def flag_messages(recorded: object) -> list[str]:
    if not isinstance(recorded, RecordedAdministration):
        return []
    return [str(flag.message) for flag in recorded.flags]


class FeedbackLauncher(QObject):
    survivor_mode_requested = Signal(object)  # SurvivorModeRequest
    recorded = Signal()  # after either way of answering, once the answers are stored

    def __init__(
        self,
        operations: Operations,
        feedback: FeedbackService,
        labels: Labels,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self._operations = operations
        self._feedback = feedback
        self._labels = labels
        self._parent = parent_widget
        self.dialog: QDialog | None = None

    def start(self, case_reference: str | None, due: DueMeasure | None = None) -> None:
        """Ask which questionnaire (anonymous feedback when ``case_reference`` is None)."""
        self._operations.run(
            self._feedback.questionnaire_choices,
            lambda choices: self._choose(choices, case_reference, due),
            owner=self,
        )

    def _choose(
        self, offer: QuestionnaireChoices, case_reference: str | None, due: DueMeasure | None
    ) -> None:
        dialog = StartFeedbackDialog(
            offer.instruments,
            self._labels,
            anonymous=case_reference is None,
            suggested_timepoint=due.timepoint if due else None,
            suggested_review=due.review_number if due else None,
            parent=self._parent,
        )

        def chosen() -> None:
            choice = dialog.choice()
            if choice is None:
                return
            dialog.accept()
            visible = offer.answers_visible.get(choice.instrument.id, True)
            self._begin(choice, case_reference, visible)

        dialog.submitted.connect(chosen)
        self._show(dialog)

    def _begin(self, choice: FeedbackChoice, case_reference: str | None, visible: bool) -> None:
        questionnaire = questionnaire_from(
            choice.instrument,
            choice.language,
            answers_seen_by_worker=visible,
            anonymous=case_reference is None,
        )
        feedback = self._feedback

        def record(result: FlowResult) -> RecordedAdministration:
            return feedback.record_administration(
                choice.administration(result, case_reference, date.today())
            )

        if choice.mode == READ_OUT:
            self._read_out(ReadOutDialog(questionnaire, self._parent), record)
            return
        self.survivor_mode_requested.emit(
            SurvivorModeRequest(questionnaire, record, flag_messages, self._on_survivor_mode_done)
        )

    def _on_survivor_mode_done(self, outcome: SurvivorModeOutcome) -> None:
        if outcome.recorded is not None:
            self.recorded.emit()

    def _read_out(
        self, dialog: ReadOutDialog, record: Callable[[FlowResult], RecordedAdministration]
    ) -> None:
        def submitted() -> None:
            result = dialog.result()
            if not result.should_record:
                dialog.accept()
                return
            dialog.set_busy(True)

            def saved(recorded: RecordedAdministration) -> None:
                dialog.accept()
                self._prompt(dialog.questionnaire.title, flag_messages(recorded))
                self.recorded.emit()

            def failed(exc: BaseException) -> None:
                dialog.set_busy(False)
                dialog.show_message(message_for(exc))

            self._operations.run(
                lambda: record(result), saved, failed, owner=self, changes=Changes(feedback=True)
            )

        dialog.submitted.connect(submitted)
        self._show(dialog)

    def _prompt(self, title: str, messages: Sequence[str]) -> None:
        if messages:
            self._show(SafeguardingDialog(title, messages, self._parent))

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
