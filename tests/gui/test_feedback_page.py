"""The Feedback page: due measures open their case, anonymous feedback offers only service
feedback, and managers see service feedback added up with small counts hidden."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.changes import Changes
from survivorapp.ui.feedback.page import FeedbackPage
from survivorapp.ui.feedback.start_dialog import StartFeedbackDialog
from tests.gui.test_app_flow import case_vault, make_controller, unlocked
from tests.gui.test_justice_ui import click
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

__all__ = ["case_vault"]  # a fixture, used by name

TODAY = dt.date.today()


@pytest.fixture
def feedback_vault(case_vault: tuple[Path, str], access: VaultAccess) -> tuple[Path, str]:
    folder, reference = case_vault
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        for listened in (5, 5, 5, 5, 5, 1):
            session.feedback.record_administration(
                Administration(
                    instrument_id="service_feedback_session",
                    instrument_version=1,
                    timepoint="session",
                    mode="self_completed",
                    administered_on=TODAY - dt.timedelta(days=3),
                    responses={"listened_to": listened},
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


def feedback_page(qtbot, ctl: AppController) -> FeedbackPage:  # type: ignore[no-untyped-def]
    unlocked(qtbot, ctl)
    page = ctl.window.page("feedback")
    assert isinstance(page, FeedbackPage)
    ctl.window.show_page("feedback")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    return page


def test_due_measures_open_their_case(
    qtbot, controller: AppController, feedback_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    page = feedback_page(qtbot, controller)
    reference = feedback_vault[1]
    overview = page.overview
    assert overview is not None
    assert overview.completion.open_cases >= 1
    assert "Open cases: 1" in page.completion_label.text()
    assert [d.case_reference for d in overview.due] == [reference]
    assert page.due_model.rowCount() == 1
    assert page.due_model.data(page.due_model.index(0, 0)) == reference
    index = page.due_model.index(0, 0)
    page.due_list.activated.emit(index)
    qtbot.waitUntil(lambda: controller.case_view is not None, timeout=10_000)
    assert controller.case_view is not None and controller.case_view.reference == reference


def test_anonymous_feedback_offers_only_service_feedback(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    page = feedback_page(qtbot, controller)
    assert page.anonymous_button.isVisible()
    click(qtbot, page.anonymous_button)
    qtbot.waitUntil(lambda: isinstance(page.launcher.dialog, StartFeedbackDialog), timeout=10_000)
    dialog = page.launcher.dialog
    assert isinstance(dialog, StartFeedbackDialog)
    offered = [dialog.instrument_box.itemText(i) for i in range(dialog.instrument_box.count())]
    assert offered and all("feedback about the service" in text for text in offered)
    dialog.reject()


def test_manager_sees_service_feedback_added_up_with_small_counts_hidden(
    qtbot, controller: AppController
) -> None:  # type: ignore[no-untyped-def]
    page = feedback_page(qtbot, controller)
    assert page.summary_card.isVisible()
    text = page.summary_view.all_text()
    assert "(version 1) | 6" in text  # six people answered
    assert "fewer than 5" in text
    assert "| 5 | 83.3%" in text  # five of the six who answered


def test_the_page_reads_again_only_after_a_change_it_shows(
    qtbot, controller: AppController
) -> None:  # type: ignore[no-untyped-def]
    page = feedback_page(qtbot, controller)
    assert "(version 1) | 6" in page.summary_view.all_text()
    session = controller.session
    assert session is not None

    def record_one_more(kinds: Changes) -> None:
        done: list[object] = []
        controller.operations.run(
            lambda: session.feedback.record_administration(
                Administration(
                    instrument_id="service_feedback_session",
                    instrument_version=1,
                    timepoint="session",
                    mode="self_completed",
                    administered_on=TODAY,
                    responses={"listened_to": 5},
                )
            ),
            done.append,
            owner=controller,
            changes=kinds,
        )
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)

    # Away from the page, a change to something it does not show: coming back reads nothing.
    controller.window.show_page("caseload")
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=10_000)
    record_one_more(Changes(justice=True))
    # The caseload, which is on screen, may read again after a justice change: let it finish.
    qtbot.waitUntil(lambda: not controller.operations.is_busy, timeout=10_000)
    controller.window.show_page("feedback")
    assert not controller.operations.is_busy
    assert "(version 1) | 6" in page.summary_view.all_text()

    # A change to feedback while away: coming back reads it all again.
    controller.window.show_page("caseload")
    record_one_more(Changes(feedback=True))
    controller.window.show_page("feedback")
    qtbot.waitUntil(lambda: "(version 1) | 8" in page.summary_view.all_text(), timeout=10_000)
