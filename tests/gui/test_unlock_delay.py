"""The unlock screen after repeated wrong passphrases: a calm wait, counted down, and the
recovery key still usable at once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from survivorapp.services.access import VaultAccess
from survivorapp.ui.app.controller import AppController
from tests.conftest import TemplateVault
from tests.gui.test_app_flow import make_controller, unlock

FREE_TRIES = 5


@pytest.fixture
def controller(qapp: QApplication, access: VaultAccess, vault_dir: Path) -> Iterator[AppController]:
    ctl = make_controller(qapp, access, vault_dir)
    yield ctl
    ctl.shutdown()


def _wrong_tries(qtbot, ctl: AppController, times: int) -> None:  # type: ignore[no-untyped-def]
    page = ctl.unlock_page
    for _ in range(times):
        unlock(qtbot, ctl, "not the passphrase at all")
        qtbot.waitUntil(
            lambda: page.message.isVisible() and bool(page.message.text()), timeout=10_000
        )
        qtbot.waitUntil(
            lambda: page.unlock_button.text() == "Unlock", timeout=10_000
        )  # the try finished


def test_after_five_wrong_passphrases_the_screen_counts_down_calmly(
    qtbot,  # type: ignore[no-untyped-def]
    controller: AppController,
    template_vault: TemplateVault,
    tmp_path: Path,
) -> None:
    page = controller.unlock_page
    _wrong_tries(qtbot, controller, FREE_TRIES)
    assert page.seconds_to_wait > 0
    text = page.message.text()
    assert "not recognised" in text and "try again in 15 seconds" in text
    assert "recovery key" in text
    assert not page.unlock_button.isEnabled()
    if shots := os.environ.get("SURVIVORAPP_SCREENSHOTS"):
        controller.window.resize(900, 640)
        controller.window.grab().save(str(Path(shots) / "unlock-wait.png"))

    qtbot.waitUntil(lambda: "14 seconds" in page.message.text(), timeout=3_000)  # counts down

    page.mode_button.click()  # the recovery key is never delayed
    assert page.unlock_button.isEnabled()
    qtbot.keyClicks(page.recovery_edit, template_vault.recovery_key)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: controller.window.workspace_visible, timeout=10_000)


def test_the_wait_ends_and_the_button_comes_back(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    page = controller.unlock_page
    page.show_wait(2, just_failed=False)
    assert not page.unlock_button.isEnabled()
    assert "2 seconds" in page.message.text()
    qtbot.waitUntil(lambda: page.unlock_button.isEnabled(), timeout=5_000)
    assert "try your passphrase again now" in page.message.text()
