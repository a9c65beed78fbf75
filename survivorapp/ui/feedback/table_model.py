"""The case's questionnaires as a table: date, questionnaire, when, how, score and band, notes.

Where the service hides a questionnaire's answers at case level (service feedback, by default),
the score column says only that it was completed: "answers are seen only in anonymised
totals", so workers know why and survivors can be honest about the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from survivorapp.domain.instruments import SERVICE_FEEDBACK
from survivorapp.domain.scoring import NotScorable, Score
from survivorapp.services.feedback_views import AdministrationView
from survivorapp.ui.widgets.labels import Labels, format_date

COLUMNS = ("Date", "Questionnaire", "When", "How", "Score", "Notes")
HIDDEN_ANSWERS = "Completed (answers are seen only in anonymised totals)"
HIDDEN_OUTCOME = "Completed (answers are not shown at case level)"

_Index = QModelIndex | QPersistentModelIndex


def when_text(labels: Labels, view: AdministrationView) -> str:
    text = labels.code("feedback_timepoint", view.timepoint)
    return f"{text} {view.review_number}" if view.review_number else text


def score_text(view: AdministrationView) -> str:
    if not view.answers_visible:
        return HIDDEN_ANSWERS if view.kind == SERVICE_FEEDBACK else HIDDEN_OUTCOME
    result = view.score
    if isinstance(result, Score):
        text = f"{result.total:g}"
        if result.band is not None:
            text += f" · {result.band.label}"
        if result.prorated:
            text += " (estimated: a question was not answered)"
        return text
    if isinstance(result, NotScorable):
        return "Not scorable: too many questions unanswered"
    return "Completed"


def notes_text(view: AdministrationView) -> str:
    notes = []
    if view.item_count:
        notes.append(f"{view.answered} of {view.item_count} answered")
    if view.declined:
        notes.append(f"{view.declined} “prefer not to answer”")
    if view.stopped_early:
        notes.append("stopped early")
    if view.flags:
        notes.append("safeguarding prompt given")
    return "; ".join(notes)


class FeedbackTableModel(QAbstractTableModel):
    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels
        self._rows: list[AdministrationView] = []

    def set_rows(self, rows: list[AdministrationView]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda v: (v.administered_on, v.id), reverse=True)
        self.endResetModel()

    def row_at(self, row: int) -> AdministrationView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        view = self.row_at(index.row())
        if view is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        column = index.column()
        if column == 0:
            return format_date(view.administered_on)
        if column == 1:
            return str(view.instrument.name) if view.instrument else view.instrument_id
        if column == 2:
            return when_text(self._labels, view)
        if column == 3:
            return self._labels.code("feedback_mode", view.mode)
        if column == 4:
            return score_text(view)
        return notes_text(view)
