"""Admin: the questionnaires the app can ask, who sees their answers, and importing a licensed one.

Issue 7: service-feedback answers count only in totals by default, so survivors can be honest
about the service; outcome measures show on the case. An administrator can change that per
questionnaire, and can import a licensed service's own file (CORE-10, WEMWBS), which the app
checks before anything is stored. Managers see the same list read-only, since they explain to
staff what is seen on a case; other people don't see the card.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QPlainTextEdit,
    QWidget,
)

from survivorapp.domain.questionnaires.instruments import (
    MAX_FILE_BYTES,
    OUTCOME_MEASURE,
    Instrument,
)
from survivorapp.domain.safe_input import UnsafeFile, read_regular
from survivorapp.services.context import ValidationFailed
from survivorapp.services.feedback import FeedbackService
from survivorapp.services.permissions import Action, Actor, allowed
from survivorapp.ui.admin.card import Card
from survivorapp.ui.admin.models import (
    LICENCE_COLUMN,
    QuestionnaireRow,
    QuestionnairesTableModel,
)
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.cards import message_label, say
from survivorapp.ui.widgets.fields import action_button
from survivorapp.ui.widgets.small_dialog import muted
from survivorapp.ui.widgets.table_kit import make_table

ChooseFile = Callable[[QWidget], str | None]
COLUMNS = QuestionnairesTableModel.COLUMNS


def choose_instrument_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, parent.tr("Import a questionnaire file"), "", "Questionnaire file (*.json)"
    )
    return path or None


class QuestionnairesCard(Card):
    """One card of the Admin page (it loads itself when first shown)."""

    def __init__(
        self,
        operations: Operations,
        actor: Actor,
        feedback: FeedbackService,
        parent: QWidget | None = None,
        choose_file: ChooseFile = choose_instrument_file,
    ) -> None:
        can_manage = allowed(actor, Action.MANAGE_SETTINGS)
        super().__init__(
            self.tr("Questionnaires"),
            self.tr(
                "The feedback questionnaires and outcome measures the app can ask. Choose "
                "one to decide whether workers see its answers and scores on the case."
            )
            if can_manage
            else self.tr(
                "The feedback questionnaires and outcome measures the app can ask, and "
                "whether workers see their answers on the case. Only an administrator can "
                "change these."
            ),
            parent,
        )
        self._operations = operations
        self._feedback = feedback
        self._choose_file = choose_file
        self.can_manage = can_manage
        self._loaded = False
        self.model = QuestionnairesTableModel()
        self.table = make_table(self.model, self.tr("Questionnaires"))  # the licence stretches
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 7)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.layout_.addWidget(self.table)
        self._build_choice()
        self._build_import()
        self._show_selected()

    def _build_choice(self) -> None:
        self.visible_check = QCheckBox(self.tr("Workers can see answers and scores on the case"))
        self.visible_check.setAccessibleName(
            self.tr("Workers can see this questionnaire's answers and scores on the case")
        )
        self.visible_check.clicked.connect(self.on_visible_check_clicked)
        self.layout_.addWidget(self.visible_check)
        self.default_note = muted("")
        self.layout_.addWidget(self.default_note)

    def _build_import(self) -> None:
        self.layout_.addSpacing(6)
        self.import_button = action_button(
            self.tr("Import a questionnaire file…"), self.tr("Import a questionnaire file")
        )
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.import_button.setVisible(self.can_manage)
        self.add_buttons(self.import_button)
        self.import_hint = muted(
            self.tr(
                "A questionnaire file's format is described in docs/instruments.md. CORE-10, "
                "WEMWBS and the Outcomes Star don't come with the app because their licences "
                "don't allow it; a service that holds a licence imports its own copy here."
            )
        )
        self.import_hint.setVisible(self.can_manage)
        self.layout_.addWidget(self.import_hint)
        self.message = message_label(self.tr("Questionnaires message"))
        self.layout_.addWidget(self.message)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems found in the questionnaire file"))
        self.problems.setVisible(False)
        self.layout_.addWidget(self.problems)

    @staticmethod
    def is_for(actor: Actor) -> bool:
        return allowed(actor, Action.MANAGE_SETTINGS) or allowed(actor, Action.VIEW_ALL_CASES)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self, select: str | None = None) -> None:
        feedback = self._feedback

        def load() -> list[QuestionnaireRow]:
            visibility = feedback.answer_visibility()
            return [
                QuestionnaireRow.of(i, visibility.get(i.id, i.kind == OUTCOME_MEASURE))
                for i in feedback.instruments()
            ]

        def loaded(rows: list[QuestionnaireRow]) -> None:
            chosen = select or self._selected_id()
            self.model.set_items(rows)
            self._fit_columns()
            if chosen is not None:
                self.select(chosen)
            self._show_selected()

        self._operations.run(load, loaded, self._say_error, owner=self)

    def _fit_columns(self) -> None:
        """Room for each column's longest entry and a gap; the licence takes what is left."""
        header = self.table.horizontalHeader()
        gap = self.fontMetrics().averageCharWidth() * 2
        for column in range(LICENCE_COLUMN):
            content = self.table.sizeHintForColumn(column) + gap
            header.resizeSection(column, max(content, header.sectionSizeHint(column)))

    # --- selection ---------------------------------------------------------------------------

    def select(self, instrument_id: str) -> None:
        row = self.model.row_of(instrument_id)
        if row >= 0:
            self.table.selectRow(row)

    def selected(self) -> QuestionnaireRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _selected_id(self) -> str | None:
        chosen = self.selected()
        return chosen.id if chosen is not None else None

    def _show_selected(self) -> None:
        chosen = self.selected()
        self.visible_check.setChecked(chosen is not None and chosen.visible)
        self.visible_check.setEnabled(self.can_manage and chosen is not None)
        if chosen is not None:
            self.visible_check.setAccessibleName(
                self.tr("Workers can see answers and scores for {title} on the case").replace(
                    "{title}", chosen.title
                )
            )
        self.default_note.setText(self._default_note(chosen))

    def _default_note(self, chosen: QuestionnaireRow | None) -> str:
        if chosen is None:
            return self.tr("Choose a questionnaire above to see who sees its answers.")
        if chosen.visible_by_default:
            note = self.tr(
                "Outcome measures are shown by default, so the worker and survivor can look at "
                "changes together."
            )
        else:
            note = self.tr(
                "Service feedback is hidden by default: survivors can be honest about the "
                "service when their answers count only in totals."
            )
        if chosen.visible != chosen.visible_by_default:
            note += " " + self.tr("This one has been changed from the default.")
        return note

    # --- actions -----------------------------------------------------------------------------

    def on_visible_check_clicked(self, checked: bool) -> None:
        chosen = self.selected()
        if chosen is None or not self.can_manage:
            return
        feedback = self._feedback
        self.visible_check.setEnabled(False)

        def work() -> bool:
            feedback.set_answer_visibility(chosen.id, checked)
            return feedback.answers_visible(chosen.id)

        def saved(visible: bool) -> None:
            self.model.set_visible(chosen.id, visible)
            self._show_selected()
            self._say(
                (
                    self.tr("Saved. Workers now see answers and scores for {title} on the case.")
                    if visible
                    else self.tr(
                        "Saved. Answers to {title} now count only in totals; workers don't see "
                        "them on the case."
                    )
                ).replace("{title}", chosen.title)
            )

        def failed(exc: BaseException) -> None:
            self._show_selected()
            self._say_error(exc)

        self._operations.run(work, saved, failed, owner=self, changes=Changes(settings=True))

    def on_import_button_clicked(self) -> None:
        chosen = self._choose_file(self)
        if not chosen:
            return
        path = Path(chosen)
        text = self._read(path)
        if text is None:
            return
        feedback = self._feedback
        self.import_button.setEnabled(False)

        def added(instrument: Instrument) -> None:
            self.import_button.setEnabled(True)
            self._show_problems([])
            self._say(
                self.tr("Added {title} (id {id}, version {version}). It can be used from now on.")
                .replace("{title}", str(instrument.title))
                .replace("{id}", instrument.id)
                .replace("{version}", str(instrument.version))
            )
            self.reload(select=instrument.id)

        def failed(exc: BaseException) -> None:
            self.import_button.setEnabled(True)
            if isinstance(exc, ValidationFailed):
                self._say(
                    self.tr(
                        "{file} wasn't imported, and nothing was added. Please correct these "
                        "in the file and import it again:"
                    ).replace("{file}", path.name)
                )
                self._show_problems([p.message for p in exc.problems])
            else:
                self._show_problems([])
                self._say_error(exc)

        self._operations.run(
            lambda: feedback.import_instrument(text),
            added,
            failed,
            owner=self,
            changes=Changes(feedback=True),
        )

    def _read(self, path: Path) -> str | None:
        """The file's text, or None after saying kindly why it can't be used."""
        too_large = False
        try:  # a regular file only: a pipe or a link to a device must not hang the window
            data = read_regular(path, MAX_FILE_BYTES)
        except UnsafeFile as exc:
            if not exc.too_large:
                self._refuse(exc.user_message)
                return None
            too_large = True
        except OSError:
            self._refuse(self.tr("That file could not be read. Please choose it again."))
            return None
        if too_large:
            self._refuse(
                self.tr(
                    "{file} is larger than 1 MB, which is far more than a questionnaire needs, "
                    "so it wasn't imported. Please check it is the right file."
                ).replace("{file}", path.name)
            )
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self._refuse(
                self.tr(
                    "{file} isn't saved as UTF-8 text, so it wasn't imported. Please save it "
                    "as UTF-8 and import it again."
                ).replace("{file}", path.name)
            )
            return None

    # --- messages ----------------------------------------------------------------------------

    def problem_lines(self) -> list[str]:
        """The problems shown for the last file, one per line (for tests and screen readers)."""
        if not self.problems.isVisibleTo(self):
            return []
        return [line.removeprefix("• ") for line in self.problems.toPlainText().splitlines()]

    def _show_problems(self, messages: list[str]) -> None:
        self.problems.setPlainText("\n".join(f"• {m}" for m in messages))
        lines = min(max(len(messages), 2), 10)
        self.problems.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 16)
        self.problems.setVisible(bool(messages))

    def _refuse(self, text: str) -> None:
        self._show_problems([])
        self._say(text)

    def _say(self, text: str) -> None:
        say(self.message, text)

    def _say_error(self, exc: BaseException) -> None:
        self._say(message_for(exc))
