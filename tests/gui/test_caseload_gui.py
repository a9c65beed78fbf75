"""The caseload in the running app never waits for the vault thread: while it is busy (say with
a year's return) the table shows placeholder rows at once, and the rows arrive after."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from tests.gui.test_app_flow import make_controller, unlocked
from tests.services.conftest import case, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


@pytest.fixture
def one_case(vault_dir: Path, access: VaultAccess) -> tuple[Path, str]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        made = session.cases.open_new_case(survivor(name="Robin Full", known_as="Robin"), case())
        session.cases.allocate(made.reference, ADMIN)
    return vault_dir, made.reference


@pytest.fixture
def controller(
    qapp: QApplication, access: VaultAccess, one_case: tuple[Path, str]
) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, one_case[0])
    yield ctl
    ctl.shutdown()


def test_a_busy_vault_thread_never_holds_up_the_caseload(
    qtbot: QtBot, controller: AppController, one_case: tuple[Path, str]
) -> None:
    unlocked(qtbot, controller)
    caseload = controller.caseload_page
    assert caseload is not None
    model, reference = caseload.model, one_case[1]
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == reference, timeout=10_000)

    started, release = threading.Event(), threading.Event()
    controller.operations.run(lambda: (started.set(), release.wait(20)), owner=caseload)
    assert started.wait(10)  # the vault thread is now busy, as with a year's return
    try:
        ids = model.ids
        model.set_ids([])  # a search that found nothing, then one that found them again:
        model.set_ids(ids)  # these rows must be read afresh
        began = time.perf_counter()
        caseload.table.viewport().grab()  # paints: asks for the first page, waits for nothing
        assert model.data(model.index(0, 0)) == "…"
        assert model.data(model.index(0, 1)) == ""
        assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) is None
        assert time.perf_counter() - began < 1.0
        assert model.pages_in_flight == 1
        caseload.table.viewport().grab()  # painting again asks for nothing more
        assert model.pages_in_flight == 1
    finally:
        release.set()
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == reference, timeout=10_000)
    assert model.data(model.index(0, 1)) == "Robin"
    assert model.pages_in_flight == 0
