"""The Returns page and the Admin commissioner keys, driven as a manager and an admin would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from survivorapp.reporting.keys import generate_commissioner_keys
from survivorapp.reporting.model import Level
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.ui.admin.return_keys_card import KeyNameDialog, ReturnKeysCard
from survivorapp.ui.operations import Operations
from survivorapp.ui.returns.page import ReturnsPage
from survivorapp.ui.widgets.reauth_dialog import Reauthentication
from tests.gui.vault_thread import VaultThread, unlocked
from tests.reporting.conftest import hand_dir, hand_template  # noqa: F401 (fixtures)
from tests.services.conftest import passphrase_of, staffed_template  # noqa: F401 (fixture)
from tests.support.vaults import ADMIN_PASSPHRASE

WAIT = 30_000


Env = VaultThread


@pytest.fixture
def opened(hand_dir: Path, access: VaultAccess) -> Iterator[Env]:  # noqa: F811
    with unlocked(hand_dir, access) as env:
        yield env


def returns_page(operations: Operations, session: VaultSession, **kwargs: Any) -> ReturnsPage:
    return ReturnsPage(
        operations, session.actor, session.returns, Reauthentication.of(session), **kwargs
    )


def settle(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not env.operations.is_busy, timeout=WAIT)


def open_returns(qtbot, env: Env, out: Path) -> ReturnsPage:  # type: ignore[no-untyped-def]
    page = returns_page(env.operations, env.session, choose_folder=lambda _parent: str(out))
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    qtbot.waitUntil(lambda: page.choices.period_combo.count() > 0, timeout=WAIT)
    page.select_period("2025-Q2")
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT)
    settle(qtbot, env)
    return page


def shown_at(qtbot, page: ReturnsPage, level: Level) -> None:  # type: ignore[no-untyped-def]
    """Disclosure control runs on the vault thread: wait for the preview at ``level``."""
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.level is level, timeout=WAIT)


def test_preview_at_each_level_then_export(qtbot, opened: Env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "exports"
    out.mkdir()
    page = open_returns(qtbot, opened, out)
    assert page.level() is Level.PUBLICATION
    # Two self-referrals in the quarter: too few to publish, so hidden.
    assert page.tables.cell("demand_by_source", 0, 0).startswith("Self")
    assert page.tables.cell("demand_by_source", 0, 1) == "[c]"
    assert "cells suppressed, 2 cases excluded for consent (shown in the return as [c])." in (
        page.summary.text()
    )
    assert "[c]" in page.marking.text()

    page.choose_level(Level.INTERNAL)
    shown_at(qtbot, page, Level.INTERNAL)
    assert page.tables.cell("demand_by_source", 0, 1) == "2"
    assert page.summary.text() == "0 cells suppressed, 2 cases excluded for consent."
    assert not page.choices.k_spin.isEnabled()
    assert "do not share" in page.marking.text()

    page.choose_level(Level.PUBLICATION)
    shown_at(qtbot, page, Level.PUBLICATION)
    assert page.choices.k_spin.minimum() == 5 and page.choices.k_spin.value() == 10
    assert page.releases.audit.text().startswith(
        "Every withheld cell is protected against this return alone"
    )
    assert page.releases.register.text() == "Released so far: nothing yet."
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    reauth = page.reauth
    assert reauth is not None
    qtbot.keyClicks(reauth.passphrase_edit, "not the passphrase")
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, opened)
    assert reauth.isVisible() and "isn't right" in reauth.message.text()
    assert not any(out.iterdir())

    qtbot.keyClicks(reauth.passphrase_edit, ADMIN_PASSPHRASE)
    qtbot.mouseClick(reauth.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.reauth is None, timeout=WAIT)
    written = out / "return-2025-Q2-publication"
    assert (written / "manifest.json").is_file()
    assert "Saved the publication return for 2025-Q2" in page.message.text()
    settle(qtbot, opened)
    register = page.releases.register.text()
    assert "2025-Q2, publication, k = 10:" in register and "by admin" in register

    page.select_period("2025-26")  # the year is audited with the quarter just released
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.period.label == "2025-26")
    assert "protected against these 2 releases" in page.releases.audit.text()


def test_sealed_needs_a_commissioner_key(qtbot, opened: Env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_returns(qtbot, opened, tmp_path)
    page.choose_level(Level.SEALED)
    assert not page.export_button.isEnabled()
    assert "Admin" in page.export_button.toolTip()
    assert page.choices.commissioner_combo.isVisible()


def test_someone_who_is_not_a_manager_sees_why(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    from tests.services.conftest import as_user

    page = returns_page(
        opened.operations, opened.operations.call(lambda: as_user(opened.session, "cw"))
    )
    qtbot.addWidget(page)
    page.show()
    assert not page.can_export
    assert not hasattr(page, "export_button")


def test_admin_adds_and_removes_a_commissioner_key(qtbot, opened: Env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = generate_commissioner_keys(tmp_path / "commissioner")
    saved = tmp_path / "org.pub.pem"
    card = ReturnKeysCard(
        opened.operations,
        opened.session.actor,
        opened.session.returns,
        choose_key=lambda _parent: str(files.public_key),
        choose_save=lambda _parent: str(saved),
    )
    qtbot.addWidget(card)
    card.show()
    settle(qtbot, opened)
    assert card.import_button.isVisible()
    qtbot.mouseClick(card.import_button, Qt.MouseButton.LeftButton)
    dialog = card.dialog
    assert isinstance(dialog, KeyNameDialog)
    qtbot.keyClicks(dialog.name_edit, "MOPAC")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.model.rowCount() == 1, timeout=WAIT)
    assert files.fingerprint in card.message.text()
    assert card.model.item_at(0).label == "MOPAC"

    qtbot.mouseClick(card.export_key_button, Qt.MouseButton.LeftButton)
    settle(qtbot, opened)
    assert saved.is_file() and "fingerprint" in card.message.text()

    card.table.selectRow(0)
    qtbot.mouseClick(card.remove_button, Qt.MouseButton.LeftButton)
    confirm = card.dialog
    assert confirm is not None
    qtbot.mouseClick(confirm.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.model.rowCount() == 0, timeout=WAIT)


def test_a_manager_sees_keys_but_cannot_change_them(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    from tests.services.conftest import as_user

    manager = opened.operations.call(lambda: as_user(opened.session, "mgr"))
    card = ReturnKeysCard(opened.operations, manager.actor, manager.returns)
    qtbot.addWidget(card)
    card.show()
    settle(qtbot, opened)
    assert not card.import_button.isVisible() and not card.remove_button.isVisible()
    assert card.export_key_button.isVisible()
    caseworker = opened.operations.call(lambda: as_user(opened.session, "cw"))
    assert not ReturnKeysCard.is_for(caseworker.actor)
