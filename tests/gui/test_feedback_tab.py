"""The case's Feedback tab: scores and bands for outcome measures, a chart with the change since
intake, and service feedback shown only as completed (its answers count only in aggregate)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.feedback.read_out_dialog import ReadOutDialog
from survivorapp.ui.feedback.start_dialog import StartFeedbackDialog
from survivorapp.ui.feedback.table_model import HIDDEN_ANSWERS
from tests.gui.test_app_flow import case_vault, make_controller, open_first_case, unlocked
from tests.gui.test_justice_ui import click
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

__all__ = ["case_vault"]  # a fixture, used by name

TODAY = dt.date.today()
COMMENT = "The court visit helped me more than anything"


def phq9(total_each: int, days_ago: int, timepoint: str, reference: str) -> Administration:
    return Administration(
        instrument_id="phq9",
        instrument_version=1,
        timepoint=timepoint,
        mode="self_completed",
        administered_on=TODAY - dt.timedelta(days=days_ago),
        responses={f"phq9_{i}": total_each for i in range(1, 10)},
        case_reference=reference,
        review_number=1 if timepoint == "review" else None,
    )


@pytest.fixture
def feedback_vault(case_vault: tuple[Path, str], access: VaultAccess) -> tuple[Path, str]:
    folder, reference = case_vault
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        session.feedback.record_administration(phq9(2, 60, "intake", reference))  # 18
        session.feedback.record_administration(phq9(1, 10, "review", reference))  # 9
        session.feedback.record_administration(
            Administration(
                instrument_id="service_feedback_exit",
                instrument_version=1,
                timepoint="exit",
                mode="self_completed",
                administered_on=TODAY - dt.timedelta(days=2),
                responses={"believed": 1, "listened_to": 5, "comments": COMMENT},
                case_reference=reference,
            )
        )
    return folder, reference


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, feedback_vault: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, feedback_vault[0])
    yield ctl
    ctl.shutdown()


def table_text(tab) -> str:  # type: ignore[no-untyped-def]
    model = tab.model
    return "\n".join(
        str(model.data(model.index(r, c)))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    )


def test_scores_bands_chart_and_hidden_service_feedback(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    tab = view.feedback_tab
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=10_000)
    text = table_text(tab)

    # Outcome measures: score and band, newest first.
    assert tab.model.data(tab.model.index(1, 4)) == "9 · Mild"
    assert tab.model.data(tab.model.index(2, 4)) == "18 · Moderately severe"
    assert "Review 1" in text and "Start of support" in text

    # Service feedback: completed, and nothing of what was said.
    assert tab.model.data(tab.model.index(0, 4)) == HIDDEN_ANSWERS
    for said in ("Strongly disagree", "Strongly agree", COMMENT, "believed"):
        assert said not in text
    row = tab.bundle.administrations  # type: ignore[union-attr]
    service = next(v for v in row if v.instrument_id == "service_feedback_exit")
    assert service.responses is None and service.score is None

    # One chart, for PHQ-9, with both scores and the meaningful change from intake.
    assert len(tab.chart_widgets) == 1
    chart = tab.chart_widgets[0]
    assert chart.series is not None and [p.value for p in chart.series.points] == [18, 9]
    assert chart.series.meaningful_change == 5
    description = chart.description()
    assert "18, Moderately severe" in description and "meaningfully better" in description
    assert chart.accessibleDescription() == description
    assert chart.grab().width() > 0  # paints without error
    assert "due" in tab.due_label.text()


def test_read_out_mode_records_answers_in_a_dialog(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, controller)
    open_first_case(qtbot, controller)
    view = controller.case_view
    assert view is not None
    tab = view.feedback_tab
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=10_000)
    click(qtbot, tab.start_button)
    qtbot.waitUntil(lambda: isinstance(tab.launcher.dialog, StartFeedbackDialog), timeout=10_000)
    start = tab.launcher.dialog
    assert isinstance(start, StartFeedbackDialog)
    start.select_instrument("gad7")
    start.select_timepoint("review")
    start.review_spin.setValue(2)
    click(qtbot, start.read_out)
    click(qtbot, start.submit_button)
    qtbot.waitUntil(lambda: isinstance(tab.launcher.dialog, ReadOutDialog), timeout=10_000)
    dialog = tab.launcher.dialog
    assert isinstance(dialog, ReadOutDialog)
    for item in dialog.questionnaire.questions:
        dialog.set_answer(item.item_id, 0)
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4, timeout=10_000)
    newest = tab.model.item_at(0)
    assert newest is not None
    assert (newest.instrument_id, newest.mode, newest.review_number) == ("gad7", "read_out", 2)
    assert "Read out by a worker" in table_text(tab)
