"""The feedback screens' table models as plain objects (no window): a case's questionnaires,
what is due across the caseload, and service feedback added up."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt

from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.questionnaires.instruments import shipped_instruments
from survivorapp.domain.questionnaires.service_summary import FeedbackSummary, Tally, summarise
from survivorapp.services.feedback_views import AdministrationView, DueReview, view_of
from survivorapp.ui.feedback.summary_view import (
    NOTHING_GIVEN,
    FeedbackSummaryTableModel,
    summary_lines,
)
from survivorapp.ui.feedback.table_model import (
    HIDDEN_ANSWERS,
    DueReviewsTableModel,
    FeedbackTableModel,
)
from survivorapp.ui.widgets.labels import Labels

LABELS = Labels()
REGISTRY = shipped_instruments()
DAY = dt.date(2025, 5, 1)


def administered(
    instrument_id: str,
    days_later: int,
    responses: dict[str, object],
    visible: bool,
    **fields: object,
) -> AdministrationView:
    instrument = REGISTRY.find(instrument_id)
    assert instrument is not None
    administration = Administration(
        instrument_id, instrument.version, "intake", "self_completed",
        DAY + dt.timedelta(days=days_later), responses, id=days_later + 1,  # type: ignore[arg-type]
    )  # fmt: skip
    scored, _flags = administration.scored(instrument)
    return view_of(dataclasses.replace(scored, **fields), instrument, visible)  # type: ignore[arg-type]


def texts(model: object, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]  # type: ignore[attr-defined]


def test_a_cases_questionnaires_are_newest_first_and_hidden_answers_say_why() -> None:
    phq9 = administered("phq9", 0, {f"phq9_{i}": 1 for i in range(1, 10)}, True)
    exit_feedback = administered("service_feedback_exit", 5, {"believed": 5}, False)
    model = FeedbackTableModel(LABELS)
    model.set_administrations([phq9, exit_feedback])
    assert model.columnCount() == 6
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Score"
    assert [v.instrument_id for v in model.items()] == ["service_feedback_exit", "phq9"]
    hidden = texts(model, 0)
    assert hidden[0] == "6 May 2025"
    assert hidden[4] == HIDDEN_ANSWERS
    shown = texts(model, 1)
    assert shown[2] == LABELS.code("feedback_timepoint", "intake")
    assert shown[3] == LABELS.code("feedback_mode", "self_completed")
    assert shown[4] == "9 · Mild"
    assert shown[5] == "9 of 10 answered; safeguarding prompt given"  # question 9 above 0
    # Cells can be long: each one's tooltip is its whole text.
    assert model.data(model.index(1, 4), Qt.ItemDataRole.ToolTipRole) == "9 · Mild"


def test_notes_name_what_a_worker_should_know() -> None:
    stopped = administered("phq9", 0, {"phq9_1": 1, "phq9_2": "declined"}, True, stopped_early=True)
    model = FeedbackTableModel(LABELS)
    model.set_administrations([stopped])
    notes = texts(model, 0)[5]
    assert "stopped early" in notes and "“prefer not to answer”" in notes


def test_due_reviews_name_the_case_the_measure_and_whether_it_is_overdue() -> None:
    model = DueReviewsTableModel(LABELS)
    model.set_items(
        [
            DueReview("C-000001", "Robin", "cw", "review", 2, DAY, True),
            DueReview("C-000002", None, None, "intake", None, DAY + dt.timedelta(days=3), False),
        ]
    )
    assert model.columnCount() == 4
    overdue = texts(model, 0)
    assert overdue[:2] == ["C-000001", "Robin"]
    assert overdue[2] == LABELS.code("feedback_timepoint", "review") + " 2"
    assert overdue[3] == "Overdue since 1 May 2025"
    soon = texts(model, 1)
    assert soon[1] == "" and soon[2] == LABELS.code("feedback_timepoint", "intake")
    assert soon[3] == "Due 4 May 2025"
    assert model.item_at(1) is not None and model.item_at(1).case_reference == "C-000002"  # type: ignore[union-attr]


def test_service_feedback_is_added_up_line_by_line_with_small_counts_hidden() -> None:
    instrument = REGISTRY.find("service_feedback_exit")
    assert instrument is not None
    tallies = {"listened_to": Tally(values={5: 5, 1: 1}), "comments": Tally(comments=2)}
    summary = FeedbackSummary(DAY, DAY, (summarise(instrument, 6, tallies),))
    lines = summary_lines(summary)
    assert lines[0].depth == 0 and lines[0].people == "6" and lines[0].share == ""
    assert "(version 1)" in lines[0].text
    model = FeedbackSummaryTableModel()
    model.set_items(lines)
    text = model.all_text()
    assert "| 5 | 83.3%" in text  # five of the six who answered
    assert "fewer than 5 | " in text  # one person: hidden, with no share
    assert "(comments written; not shown here) | fewer than 5" in text
    assert "Prefer not to answer" in text and "Skipped" in text
    answer = next(row for row, line in enumerate(lines) if line.share == "83.3%")
    assert model.data(model.index(answer, 0)).startswith("        ")  # indented under its question
    assert model.data(model.index(answer, 0), Qt.ItemDataRole.ToolTipRole) == lines[answer].text
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Share of those who answered"
    )


def test_an_answer_is_read_aloud_with_its_question() -> None:
    """A screen reader hears one cell at a time: "Skipped, fewer than 5" needs its question."""
    instrument = REGISTRY.find("service_feedback_exit")
    assert instrument is not None
    tallies = {"listened_to": Tally(values={5: 5, 1: 1}), "comments": Tally(comments=2)}
    lines = summary_lines(FeedbackSummary(DAY, DAY, (summarise(instrument, 6, tallies),)))
    model = FeedbackSummaryTableModel()
    model.set_items(lines)
    spoken = Qt.ItemDataRole.AccessibleTextRole
    answer = next(row for row, line in enumerate(lines) if line.share == "83.3%")
    question = max(row for row in range(answer) if lines[row].depth == 1)
    asked = lines[question].text
    assert model.data(model.index(answer, 0), spoken) == f"{asked}: {lines[answer].text}"
    skipped = next(row for row in range(answer, len(lines)) if lines[row].text == "Skipped")
    assert model.data(model.index(skipped, 0), spoken) == f"{asked}: Skipped"
    assert model.data(model.index(skipped, 0)) == "        Skipped"  # shown as before
    assert model.data(model.index(skipped, 1), spoken) == lines[skipped].people
    # a questionnaire or question line already says what it is
    assert model.data(model.index(question, 0), spoken) == model.data(model.index(question, 0))
    assert model.data(model.index(0, 0), spoken) == lines[0].text


def test_an_empty_period_says_so() -> None:
    lines = summary_lines(FeedbackSummary(DAY, DAY, ()))
    assert [line.text for line in lines] == [NOTHING_GIVEN]
