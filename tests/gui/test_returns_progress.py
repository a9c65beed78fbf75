"""Counting a return on the Returns page: progress shown, Stop, and leaving the page stops it.

The return service is the real one on the real hand-built vault; it only waits at a gate before
it starts counting, so a test can act while the count is under way (a year on a large vault
takes seconds; the hand-built quarter takes less than a click would).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget

from survivorapp.domain.progress import Progress
from survivorapp.reporting.model import Return
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.return_views import Level
from survivorapp.services.returns import ReturnService
from survivorapp.ui.operations import Operations
from survivorapp.ui.returns.page import ReturnsPage
from survivorapp.ui.widgets.reauth_dialog import Reauthentication
from tests.gui.vault_thread import unlocked
from tests.reporting.conftest import hand_dir, hand_template  # noqa: F401 (fixtures)
from tests.services.conftest import staffed_template  # noqa: F401 (fixture)

WAIT = 30_000
PERIOD = "2025-Q2"


class GatedReturns(ReturnService):
    """The real service, holding each count of ``PERIOD`` at a gate until the test opens it."""

    def __init__(self, session: VaultSession) -> None:
        super().__init__(session.ctx)
        self.waiting = threading.Event()
        self.gate = threading.Event()
        self.counts = 0

    def build(self, period_label: str, progress: Progress | None = None) -> Return:
        assert progress is not None  # the page hands its operation's progress down
        if period_label == PERIOD:  # not the newest, which the page counts first when shown
            self.counts += 1
            progress.report("Waiting at the test's gate", 0, 4)
            self.waiting.set()
            assert self.gate.wait(WAIT / 1000)
        return super().build(period_label, progress)

    def release(self) -> None:
        self.gate.set()


@dataclass
class Env:
    session: VaultSession
    operations: Operations
    errors: list[BaseException]
    returns: GatedReturns


@pytest.fixture
def opened(hand_dir: Path, access: VaultAccess) -> Iterator[Env]:  # noqa: F811
    with unlocked(hand_dir, access) as vault:
        env = Env(vault.session, vault.operations, vault.errors, GatedReturns(vault.session))
        yield env
        env.returns.release()


def settle(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not env.operations.is_busy, timeout=WAIT)


def counting_page(qtbot, env: Env, stack: QStackedWidget | None = None) -> ReturnsPage:  # type: ignore[no-untyped-def]
    """The page shown (alone, or in ``stack`` as the main window holds its pages), its periods
    loaded, and the count of 2025-Q2 held at the gate."""
    page = ReturnsPage(
        env.operations,
        env.session.actor,
        env.returns,
        Reauthentication.of(env.session),
        choose_folder=lambda _parent: None,
    )
    shown = page if stack is None else stack
    if stack is not None:
        stack.addWidget(page)
    qtbot.addWidget(shown)
    shown.resize(1000, 900)
    shown.show()
    qtbot.waitUntil(lambda: page.choices.period_combo.count() > 0, timeout=WAIT)
    page.select_period(PERIOD)
    qtbot.waitUntil(env.returns.waiting.is_set, timeout=WAIT)
    return page


def test_counting_shows_how_far_it_has_got_and_stop_stops_it(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    page = counting_page(qtbot, opened)
    assert page.busy
    assert page.counting.progress_bar.isVisible() and page.counting.stop_button.isVisible()
    qtbot.waitUntil(lambda: page.counting.progress_bar.maximum() == 4, timeout=WAIT)  # heard
    assert page.counting.progress_bar.accessibleDescription() == "Waiting at the test's gate"
    assert "Counting the figures for 2025-Q2" in page.summary.text()
    assert not page.export_button.isEnabled()

    qtbot.mouseClick(page.counting.stop_button, Qt.MouseButton.LeftButton)
    opened.returns.release()  # the service reaches its next step and stops there
    settle(qtbot, opened)
    assert not page.busy and page.preview is None
    assert page.summary.text() == "Counting stopped. Nothing was kept."
    assert not page.counting.progress_bar.isVisible() and not page.counting.stop_button.isVisible()
    assert page.counting.count_button.isVisible()
    assert page.tables.views == {} and not page.export_button.isEnabled()

    qtbot.mouseClick(page.counting.count_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT)
    assert opened.returns.counts == 2
    assert page.tables.cell("demand_by_source", 0, 1) == "[c]"
    assert not page.counting.count_button.isVisible() and page.export_button.isEnabled()


def test_leaving_the_page_stops_counting_and_coming_back_counts_again(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    stack = QStackedWidget()
    page = counting_page(qtbot, opened, stack)
    other = QLabel("Caseload")
    stack.addWidget(other)
    stack.hide()  # the privacy curtain hides the pages, the page itself stays the current one
    assert page.busy
    stack.show()

    stack.setCurrentWidget(other)  # the person goes to another page
    assert not page.busy
    assert "stopped when you left" in page.summary.text()
    opened.returns.release()
    settle(qtbot, opened)
    assert page.preview is None

    stack.setCurrentWidget(page)  # and comes back: the figures are counted again
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT)
    assert opened.returns.counts == 2
    assert page.summary.text().endswith("(shown in the return as [c]).")


def test_locking_takes_the_page_down_and_stops_counting(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    stack = QStackedWidget()
    page = counting_page(qtbot, opened, stack)
    assert page.busy
    stack.removeWidget(page)  # what locking does to every page, before the vault closes
    page.deleteLater()
    assert not page.busy
    opened.returns.release()
    settle(qtbot, opened)  # the count ended at its next step; nothing reached the page
    assert opened.returns.counts == 1


def test_a_level_chosen_while_counting_is_the_one_shown(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    page = counting_page(qtbot, opened)
    page.choose_level(Level.INTERNAL)
    assert page.busy  # still counting: the new level waits for the counts
    opened.returns.release()
    qtbot.waitUntil(
        lambda: page.preview is not None and page.preview.level is Level.INTERNAL, timeout=WAIT
    )
    assert opened.returns.counts == 1  # the counts were made once and shown at the new level
    assert page.tables.cell("demand_by_source", 0, 1) == "2"
    assert page.summary.text() == "0 cells suppressed, 2 cases excluded for consent."
