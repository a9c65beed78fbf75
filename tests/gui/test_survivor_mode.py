"""A whole survivor-mode session through the app, with a real vault.

The worker starts PHQ-9 from the case's Feedback tab; the survivor answers, skips two
questions, takes a break and finishes; nothing else of the app is reachable meanwhile (the main
window is hidden, shortcuts do nothing, closing is refused); a wrong passphrase keeps survivor
mode locked and the right one returns to the case, where the worker then sees the safeguarding
prompt and the stored score.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from survivorapp.domain.questionnaires.flow import Screen
from survivorapp.domain.questionnaires.scoring import Score
from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from survivorapp.ui.feedback.start_dialog import StartFeedbackDialog
from survivorapp.ui.feedback.tab import FeedbackTab
from survivorapp.ui.survivor_mode.safeguarding_dialog import SafeguardingDialog
from survivorapp.ui.survivor_mode.window import SurvivorModeWindow
from tests.gui.test_app_flow import case_vault, make_controller, open_first_case, unlocked
from tests.gui.test_justice_ui import click
from tests.support.vaults import ADMIN_PASSPHRASE

__all__ = ["case_vault"]  # a fixture, used by name


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, case_vault: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, case_vault[0])
    yield ctl
    ctl.shutdown()


def visible_windows(qapp: QApplication) -> list[object]:
    return [w for w in qapp.topLevelWidgets() if w.isVisible()]


def open_feedback_tab(qtbot, ctl: AppController) -> FeedbackTab:  # type: ignore[no-untyped-def]
    unlocked(qtbot, ctl)
    open_first_case(qtbot, ctl)
    view = ctl.case_view
    assert view is not None
    view.tabs.setCurrentWidget(view.feedback_tab)
    qtbot.waitUntil(lambda: view.feedback_tab.bundle is not None, timeout=10_000)
    return view.feedback_tab


def start_phq9(qtbot, tab: FeedbackTab) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, tab.start_button)
    qtbot.waitUntil(lambda: isinstance(tab.launcher.dialog, StartFeedbackDialog), timeout=10_000)
    dialog = tab.launcher.dialog
    assert isinstance(dialog, StartFeedbackDialog)
    dialog.select_instrument("phq9")
    dialog.select_timepoint("intake")
    assert dialog.on_screen.isChecked()
    click(qtbot, dialog.submit_button)


def test_full_session_with_skips_a_break_and_a_finish(
    qtbot, qapp: QApplication, controller: AppController, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    reference = case_vault[1]
    tab = open_feedback_tab(qtbot, controller)
    start_phq9(qtbot, tab)
    runner = controller.survivor_mode
    assert runner is not None
    qtbot.waitUntil(lambda: runner.window is not None, timeout=10_000)
    window = runner.window
    assert isinstance(window, SurvivorModeWindow)

    # Nothing else of the app is on screen; the idle lock is paused.
    assert not controller.window.isVisible()
    assert visible_windows(qapp) == [window]
    assert not controller.idle.active
    # Shortcuts that would lock, blank, close or leave do nothing.
    for key, mods in (
        (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
    ):
        qtbot.keyClick(window.welcome.start_button, key, mods)
    assert window.close() is False
    assert controller.session is not None and not controller.window.curtain_down
    assert visible_windows(qapp) == [window]
    assert window.flow.screen is Screen.WELCOME
    assert "will see them" in window.welcome.privacy.text()

    # The survivor answers: one answer, a skip, a break, the rest, a skip at the end.
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.continue_button)
    question = window.question
    click(qtbot, question.option_buttons[2])  # phq9_1: "More than half the days" (2)
    click(qtbot, question.skip_button)  # phq9_2 skipped
    click(qtbot, window.break_button)
    assert window.stack.currentWidget() is window.rest
    click(qtbot, window.rest.resume_button)
    assert question.progress_label.text() == "3 of 10"
    for _item in range(3, 10):  # phq9_3 .. phq9_9: "Several days" (1)
        click(qtbot, question.option_buttons[1])
    click(qtbot, question.skip_button)  # phq9_10 skipped
    assert window.flow.screen is Screen.THANK_YOU
    assert "safe" not in window.thank_you.body.text().lower()  # no prompt on their screen
    click(qtbot, window.thank_you.hand_back_button)

    # A wrong passphrase keeps survivor mode; the right one returns to the case.
    qtbot.keyClicks(window.gate.passphrase_edit, "not the passphrase")
    click(qtbot, window.gate.leave_button)
    qtbot.waitUntil(lambda: window.gate.message.isVisible(), timeout=15_000)
    assert window.isVisible() and not controller.window.isVisible()
    qtbot.keyClicks(window.gate.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.keyClick(window.gate.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.window is None, timeout=15_000)
    assert controller.window.isVisible()
    assert controller.window.current_page() is controller.case_view
    assert controller.idle.active

    # Then, and only then, the worker's safeguarding prompt.
    qtbot.waitUntil(lambda: isinstance(runner.safeguarding, SafeguardingDialog), timeout=5_000)
    assert runner.safeguarding is not None
    assert "Question 9" in runner.safeguarding.text
    click(qtbot, runner.safeguarding.ok_button)

    # Stored without the skipped questions, scored (prorated: one of nine missing).
    session = controller.session
    assert session is not None
    views = controller.operations.call(lambda: session.feedback.for_case(reference))
    assert len(views) == 1
    stored = views[0]
    assert stored.mode == "self_completed" and stored.timepoint == "intake"
    assert stored.responses is not None
    assert "phq9_2" not in stored.responses and "phq9_10" not in stored.responses
    assert stored.responses["phq9_1"] == 2 and stored.responses["phq9_9"] == 1
    assert isinstance(stored.score, Score)
    assert stored.score.total == 10 and stored.score.prorated  # round(9 * 9 / 8)
    assert not stored.stopped_early
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert tab.model.data(tab.model.index(0, 4)).startswith("10 · Moderate")


def test_stopping_early_keeps_a_partial_administration(
    qtbot, controller: AppController, case_vault: tuple[Path, str]
) -> None:  # type: ignore[no-untyped-def]
    tab = open_feedback_tab(qtbot, controller)
    start_phq9(qtbot, tab)
    runner = controller.survivor_mode
    assert runner is not None
    qtbot.waitUntil(lambda: runner.window is not None, timeout=10_000)
    window = runner.window
    assert window is not None
    click(qtbot, window.welcome.start_button)
    click(qtbot, window.content_note.continue_button)
    click(qtbot, window.question.option_buttons[0])
    click(qtbot, window.stop_button)
    click(qtbot, window.stop_confirm.stop_button)
    assert "kept" in window.thank_you.body.text()
    click(qtbot, window.thank_you.hand_back_button)
    qtbot.keyClicks(window.gate.passphrase_edit, ADMIN_PASSPHRASE)
    click(qtbot, window.gate.leave_button)
    qtbot.waitUntil(lambda: runner.window is None, timeout=15_000)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    row = tab.model.item_at(0)
    assert row is not None and row.stopped_early
    assert "stopped early" in tab.model.data(tab.model.index(0, 5))
    assert runner.safeguarding is None
