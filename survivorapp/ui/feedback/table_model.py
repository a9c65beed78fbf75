"""Feedback's tables: a case's questionnaires (date, questionnaire, when, how, score and band,
notes), and the outcome measures due across a caseload.

Where the service hides a questionnaire's answers at case level (service feedback, by default),
the score column says only that it was completed: "answers are seen only in anonymised
totals", so workers know why and survivors can be honest about the service.
"""

from __future__ import annotations

from collections.abc import Sequence

from survivorapp.domain.questionnaires.instruments import SERVICE_FEEDBACK
from survivorapp.domain.questionnaires.scoring import NotScorable, Score
from survivorapp.services.feedback_views import AdministrationView, DueReview
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.table_kit import ListTableModel

HIDDEN_ANSWERS = "Completed (answers are seen only in anonymised totals)"
HIDDEN_OUTCOME = "Completed (answers are not shown at case level)"


def when_text(labels: Labels, item: AdministrationView | DueReview) -> str:
    """The timepoint, numbered for a review: "Review 2"."""
    text = labels.code("feedback_timepoint", item.timepoint)
    return f"{text} {item.review_number}" if item.review_number else text


def due_when(due: DueReview) -> str:
    day = format_date(due.due_on)
    return f"Overdue since {day}" if due.overdue else f"Due {day}"


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


class FeedbackTableModel(ListTableModel[AdministrationView]):
    """A case's questionnaires, newest first. Cells can be long (a score with its band and a
    note), so each one's tooltip is its whole text."""

    COLUMNS = ("Date", "Questionnaire", "When", "How", "Score", "Notes")

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels

    def set_administrations(self, views: Sequence[AdministrationView]) -> None:
        self.set_items(sorted(views, key=lambda v: (v.administered_on, v.id), reverse=True))

    def cells(self, item: AdministrationView) -> tuple[str, ...]:
        return (
            format_date(item.administered_on),
            str(item.instrument.name) if item.instrument else item.instrument_id,
            when_text(self._labels, item),
            self._labels.code("feedback_mode", item.mode),
            score_text(item),
            notes_text(item),
        )

    def tooltip(self, item: AdministrationView, column: int) -> str | None:
        return self.cells(item)[column]


class DueReviewsTableModel(ListTableModel[DueReview]):
    """Outcome measures due soon or overdue across the caseload, as the service orders them
    (soonest first). Activating a row opens its case."""

    COLUMNS = ("Case", "Known as", "Outcome measure", "Due")

    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self._labels = labels

    def cells(self, item: DueReview) -> tuple[str, ...]:
        return (
            item.case_reference,
            item.known_as or "",
            when_text(self._labels, item),
            due_when(item),
        )
