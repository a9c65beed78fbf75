"""Admin: the questionnaires the app can ask, who sees their answers, and importing a licensed one.

Issue 7: service-feedback answers count only in totals by default, so survivors can be honest
about the service; outcome measures show on the case. An administrator can change that per
questionnaire, and can import a licensed service's own file (CORE-10, WEMWBS), which the app
checks before anything is stored. Managers see the same list read-only, since they explain to
staff what is seen on a case; other people don't see the card.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.instruments import (
    IMPORTED,
    MAX_FILE_BYTES,
    OUTCOME_MEASURE,
    Instrument,
)
from survivorapp.services.access import VaultSession
from survivorapp.services.context import ValidationFailed
from survivorapp.services.permissions import Action, Actor, allowed
from survivorapp.ui.changes import Changes
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.small_dialog import muted
from survivorapp.ui.widgets.theme import heading_font

Index = QModelIndex | QPersistentModelIndex
ChooseFile = Callable[[QWidget], str | None]
COLUMNS = ("Questionnaire", "Id and version", "Kind", "From", "Answers on the case", "Licence")
LICENCE_COLUMN = 5
SHORT_LICENCE = 60


def choose_instrument_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, parent.tr("Import a questionnaire file"), "", "Questionnaire file (*.json)"
    )
    return path or None


@dataclass(frozen=True)
class QuestionnaireRow:
    """What the list shows for one questionnaire (its latest version)."""

    id: str
    version: int
    title: str
    outcome_measure: bool
    imported: bool
    licence: str
    visible: bool

    @classmethod
    def of(cls, instrument: Instrument, visible: bool) -> QuestionnaireRow:
        licence = instrument.licence
        line = " — ".join(
            part.strip() for part in (licence.name, str(licence.attribution)) if part.strip()
        )
        if licence.url:
            line = f"{line} {licence.url}"
        return cls(
            id=instrument.id,
            version=instrument.version,
            title=str(instrument.title),
            outcome_measure=instrument.kind == OUTCOME_MEASURE,
            imported=instrument.origin == IMPORTED,
            licence=line,
            visible=visible,
        )

    @property
    def visible_by_default(self) -> bool:
        return self.outcome_measure


def _short(text: str, limit: int = SHORT_LICENCE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuestionnairesTableModel(QAbstractTableModel):
    """Every questionnaire, shipped and imported, with who sees its answers on a case."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[QuestionnaireRow] = []

    def set_rows(self, rows: list[QuestionnaireRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> QuestionnaireRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, instrument_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == instrument_id), -1)

    def set_visible(self, instrument_id: str, visible: bool) -> None:
        row = self.row_of(instrument_id)
        if row >= 0:
            self._rows[row] = replace(self._rows[row], visible=visible)
            changed = self.index(row, 4)
            self.dataChanged.emit(changed, changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, LICENCE_COLUMN):
            text = row.title if column == 0 else row.licence
            return f"<p>{html.escape(text)}</p>"  # the view may elide even short ones
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        full = role == Qt.ItemDataRole.AccessibleTextRole
        values = (
            row.title,
            f"{row.id} v{row.version}",
            "Outcome measure" if row.outcome_measure else "Service feedback",
            "Imported" if row.imported else "Shipped with the app",
            "Workers see them" if row.visible else "Only in totals",
            row.licence if full else _short(row.licence),
        )
        return values[column]


class QuestionnairesCard(QFrame):
    """One card of the Admin page (it loads itself when first shown)."""

    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        parent: QWidget | None = None,
        choose_file: ChooseFile = choose_instrument_file,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._session = session
        self._choose_file = choose_file
        self.can_manage = allowed(session.actor, Action.MANAGE_SETTINGS)
        self._loaded = False
        self.setObjectName("card")
        title = self.tr("Questionnaires")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(10)
        heading = QLabel(title)
        heading.setFont(heading_font(self, 1.15))
        layout.addWidget(heading)
        self.intro = muted(
            self.tr(
                "The feedback questionnaires and outcome measures the app can ask. Choose "
                "one to decide whether workers see its answers and scores on the case."
            )
            if self.can_manage
            else self.tr(
                "The feedback questionnaires and outcome measures the app can ask, and "
                "whether workers see their answers on the case. Only an administrator can "
                "change these."
            )
        )
        layout.addWidget(self.intro)
        self.model = QuestionnairesTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LICENCE_COLUMN, QHeaderView.ResizeMode.Stretch)
        rows = self.fontMetrics().height() + 12
        self.table.verticalHeader().setDefaultSectionSize(rows)
        self.table.setMinimumHeight(rows * 7)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        layout.addWidget(self.table)

        self.visible_check = QCheckBox(self.tr("Workers can see answers and scores on the case"))
        self.visible_check.setAccessibleName(
            self.tr("Workers can see this questionnaire's answers and scores on the case")
        )
        self.visible_check.clicked.connect(self.on_visible_check_clicked)
        layout.addWidget(self.visible_check)
        self.default_note = muted("")
        layout.addWidget(self.default_note)

        layout.addSpacing(6)
        self.import_button = QPushButton(self.tr("Import a questionnaire file…"))
        self.import_button.setAccessibleName(self.tr("Import a questionnaire file"))
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.import_button.setVisible(self.can_manage)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.import_hint = muted(
            self.tr(
                "A questionnaire file's format is described in docs/instruments.md. CORE-10, "
                "WEMWBS and the Outcomes Star don't come with the app because their licences "
                "don't allow it; a service that holds a licence imports its own copy here."
            )
        )
        self.import_hint.setVisible(self.can_manage)
        layout.addWidget(self.import_hint)

        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setAccessibleName(self.tr("Questionnaires message"))
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems found in the questionnaire file"))
        self.problems.setVisible(False)
        layout.addWidget(self.problems)
        self._show_selected()

    @staticmethod
    def is_for(actor: Actor) -> bool:
        return allowed(actor, Action.MANAGE_SETTINGS) or allowed(actor, Action.VIEW_ALL_CASES)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded and self._session.is_open:
            self._loaded = True
            self.reload()

    def reload(self, select: str | None = None) -> None:
        feedback = self._session.feedback

        def load() -> list[QuestionnaireRow]:
            visibility = feedback.answer_visibility()
            return [
                QuestionnaireRow.of(i, visibility.get(i.id, i.kind == OUTCOME_MEASURE))
                for i in feedback.instruments()
            ]

        def loaded(rows: list[QuestionnaireRow]) -> None:
            chosen = select or self._selected_id()
            self.model.set_rows(rows)
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
        return self.model.row_at(rows[0].row()) if rows else None

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
        feedback = self._session.feedback
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
        feedback = self._session.feedback
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
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except OSError:
            self._refuse(self.tr("That file could not be read. Please choose it again."))
            return None
        if len(data) > MAX_FILE_BYTES:
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
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _say_error(self, exc: BaseException) -> None:
        self._say(message_for(exc))
