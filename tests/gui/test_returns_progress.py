"""Counting a return on the Returns page: progress shown, Stop, and leaving the page stops it.
Exporting it: closing the passphrase dialog stops the export, or says where it was saved.

The return service is the real one on the real hand-built vault; it only waits at a gate before
it starts counting (or exporting), so a test can act while the work is under way (a year on a
large vault takes seconds; the hand-built quarter takes less than a click would).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget

from survivorapp.domain.progress import Cancelled, Progress
from survivorapp.reporting.model import Return
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.return_views import DEFAULT_K, Level
from survivorapp.services.returns import ExportedReturn, ReturnService
from survivorapp.ui.operations import Operations
from survivorapp.ui.returns.counting_row import CountingRow
from survivorapp.ui.returns.export_flow import ChooseFolder
from survivorapp.ui.returns.page import ReturnsPage
from survivorapp.ui.widgets.reauth_dialog import Reauthentication
from tests.gui.vault_thread import unlocked
from tests.reporting.conftest import hand_dir, hand_template  # noqa: F401 (fixtures)
from tests.services.conftest import staffed_template  # noqa: F401 (fixture)
from tests.support.vaults import ADMIN_PASSPHRASE

WAIT = 30_000
PERIOD = "2025-Q2"


class GatedReturns(ReturnService):
    """The real service, holding each count of ``PERIOD`` at a gate until the test opens it,
    and each export at another (before it counts, or once it has written when
    ``hold_after_writing``). It notes whether the work was stopped (raised ``Cancelled``)."""

    def __init__(self, session: VaultSession) -> None:
        super().__init__(session.ctx)
        self.waiting = threading.Event()
        self.gate = threading.Event()
        self.counts = 0
        self.cancelled = False
        self.exporting = threading.Event()
        self.export_gate = threading.Event()
        self.hold_after_writing = False
        self.export_cancelled = False

    def build(self, period_label: str, progress: Progress | None = None) -> Return:
        assert progress is not None  # the page hands its operation's progress down
        if period_label != PERIOD:  # the newest, which the page counts first when shown
            return super().build(period_label, progress)
        self.counts += 1
        progress.report("Waiting at the test's gate", 0, 4)
        self.waiting.set()
        assert self.gate.wait(WAIT / 1000)
        try:
            return super().build(period_label, progress)
        except Cancelled:
            self.cancelled = True
            raise

    def export(
        self,
        period_label: str,
        level: Level | str,
        out_dir: Path,
        passphrase: str,
        k: int = DEFAULT_K,
        commissioner_key_id: int | None = None,
        progress: Progress | None = None,
    ) -> ExportedReturn:
        if not self.hold_after_writing:
            self._hold_export()
        try:
            exported = super().export(
                period_label, level, out_dir, passphrase, k, commissioner_key_id, progress
            )
        except Cancelled:
            self.export_cancelled = True
            raise
        if self.hold_after_writing:
            self._hold_export()
        return exported

    def _hold_export(self) -> None:
        self.exporting.set()
        assert self.export_gate.wait(WAIT / 1000)

    def release(self) -> None:
        self.gate.set()
        self.export_gate.set()


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


def counting_page(  # type: ignore[no-untyped-def]
    qtbot,
    env: Env,
    stack: QStackedWidget | None = None,
    choose_folder: ChooseFolder = lambda _parent: None,
) -> ReturnsPage:
    """The page shown (alone, or in ``stack`` as the main window holds its pages), its periods
    loaded, and the count of 2025-Q2 held at the gate."""
    page = ReturnsPage(
        env.operations,
        env.session.actor,
        env.returns,
        Reauthentication.of(env.session),
        choose_folder=choose_folder,
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
    assert opened.returns.cancelled  # stopped, not counted to the end unseen


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


def test_switching_level_and_back_leaves_the_page_idle(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    page = counting_page(qtbot, opened)
    opened.returns.release()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT)
    settle(qtbot, opened)

    page.choose_level(Level.INTERNAL)  # disclosure control applied again, on the vault thread
    page.choose_level(Level.PUBLICATION)  # and straight back: the counts already shown
    settle(qtbot, opened)
    assert page.preview is not None and page.preview.level is Level.PUBLICATION
    assert not page.busy


def exporting_page(qtbot, env: Env, out: Path) -> ReturnsPage:  # type: ignore[no-untyped-def]
    """The page with 2025-Q2 counted, and its export into ``out`` confirmed and held at the
    export gate."""
    out.mkdir()
    page = counting_page(qtbot, env, choose_folder=lambda _parent: str(out))
    env.returns.gate.set()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT)
    settle(qtbot, env)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    reauth = page.reauth
    assert reauth is not None
    qtbot.keyClicks(reauth.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(env.returns.exporting.is_set, timeout=WAIT)
    return page


def test_closing_the_passphrase_dialog_stops_the_export(qtbot, opened: Env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "exports"
    page = exporting_page(qtbot, opened, out)
    reauth = page.reauth
    assert reauth is not None
    qtbot.keyClick(reauth, Qt.Key.Key_Escape)
    assert page.reauth is None
    opened.returns.release()
    settle(qtbot, opened)
    assert opened.returns.export_cancelled
    assert not any(out.iterdir())
    assert page.message.text() == "Export stopped. Nothing was saved."


def test_an_export_closed_too_late_to_stop_says_where_it_was_saved(  # type: ignore[no-untyped-def]
    qtbot, opened: Env, tmp_path: Path
) -> None:
    opened.returns.hold_after_writing = True
    out = tmp_path / "exports"
    page = exporting_page(qtbot, opened, out)
    reauth = page.reauth
    assert reauth is not None
    qtbot.keyClick(reauth, Qt.Key.Key_Escape)
    opened.returns.release()
    settle(qtbot, opened)
    assert not opened.returns.export_cancelled
    written = out / "return-2025-Q2-publication"
    assert (written / "manifest.json").is_file()
    assert f"Saved the publication return for 2025-Q2 in {written}" in page.message.text()
    assert page.message.isVisible()


def test_the_counting_buttons_are_named_as_they_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    row = CountingRow()
    qtbot.addWidget(row)
    for button in (row.stop_button, row.count_button):
        assert button.accessibleName().startswith(button.text().rstrip("…"))
    assert row.count_button.accessibleName() == "Count again"
    assert row.count_button.accessibleDescription() == "Count the figures again"
