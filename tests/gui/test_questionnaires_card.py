"""The Admin questionnaires card, driven as an administrator and a manager would.

A real vault with one member of staff per role, a real :class:`Operations`; only the file
dialog is replaced (by monkeypatching ``QFileDialog.getOpenFileName``, as a person's choice).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from survivorapp import paths
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.admin.questionnaires_card import COLUMNS, QuestionnairesCard
from survivorapp.ui.admin.services import AdminServices
from survivorapp.ui.operations import Operations
from tests.gui.vault_thread import unlocked
from tests.services.conftest import as_user, staffed_dir, staffed_template  # noqa: F401

WAIT = 15_000
SHIPPED = {"phq9", "gad7", "pcl5", "service_feedback_exit", "service_feedback_session"}


@dataclass
class Env:
    session: VaultSession
    operations: Operations
    errors: list[BaseException]

    def imported_count(self) -> int:
        return int(
            self.operations.call(
                lambda: self.session.vault.connection.execute(
                    "SELECT count(*) FROM imported_instruments"
                ).fetchone()[0]
            )
        )


@pytest.fixture
def opened(staffed_dir: Path, access: VaultAccess) -> Iterator[Env]:  # noqa: F811
    with unlocked(staffed_dir, access) as vault:
        yield Env(vault.session, vault.operations, vault.errors)


def open_card(qtbot, env: Env, session: VaultSession | None = None) -> QuestionnairesCard:  # type: ignore[no-untyped-def]
    acting = session or env.session
    card = QuestionnairesCard(env.operations, acting.actor, acting.feedback)
    qtbot.addWidget(card)
    card.resize(1100, 700)
    card.show()
    qtbot.waitUntil(lambda: card.model.rowCount() > 0, timeout=WAIT)
    return card


def cell(card: QuestionnairesCard, instrument_id: str, column: str, role: Any = None) -> Any:
    row = card.model.row_of(instrument_id)
    assert row >= 0, instrument_id
    index = card.model.index(row, COLUMNS.index(column))
    return index.data() if role is None else index.data(role)


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(path), "(*.json)")
    )


def click_import(qtbot, env: Env, card: QuestionnairesCard) -> None:  # type: ignore[no-untyped-def]
    assert card.import_button.isVisible() and card.import_button.isEnabled()
    qtbot.mouseClick(card.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.message.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: not env.operations.is_busy, timeout=WAIT)


def gad7_copy(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (paths.resources_dir() / "instruments" / "gad7.json").read_text("utf-8")
    )
    data.update({"id": "gad7_local", "title": "Our own GAD-7 copy", **changes})
    return data


def test_the_list_shows_every_shipped_questionnaire(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    card = open_card(qtbot, opened)
    ids = {card.model.item_at(r).id for r in range(card.model.rowCount())}  # type: ignore[union-attr]
    assert ids >= SHIPPED
    assert cell(card, "gad7", "Questionnaire") == "Generalised Anxiety Disorder Assessment (GAD-7)"
    assert cell(card, "gad7", "Id and version") == "gad7 v1"
    assert cell(card, "gad7", "Kind") == "Outcome measure"
    assert cell(card, "gad7", "From") == "Shipped with the app"
    assert cell(card, "gad7", "Answers on the case") == "Workers see them"
    assert cell(card, "service_feedback_exit", "Kind") == "Service feedback"
    assert cell(card, "service_feedback_exit", "Answers on the case") == "Only in totals"
    licence = cell(card, "gad7", "Licence")
    assert licence.startswith("GAD-7: free to reproduce") and licence.endswith("…")
    assert len(licence) <= 60
    tooltip = cell(card, "gad7", "Licence", Qt.ItemDataRole.ToolTipRole)
    assert "No permission required to reproduce" in tooltip  # the whole line, on hover
    assert "docs/instruments.md" in card.import_hint.text()
    assert "CORE-10" in card.import_hint.text() and "licences" in card.import_hint.text()
    assert not card.visible_check.isEnabled()  # until a questionnaire is chosen


def test_an_administrator_shows_then_hides_service_feedback_answers(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    card = open_card(qtbot, opened)
    feedback = opened.session.feedback

    def visible() -> bool:
        return bool(
            opened.operations.call(lambda: feedback.answers_visible("service_feedback_exit"))
        )

    card.select("service_feedback_exit")
    check = card.visible_check
    assert check.isEnabled() and not check.isChecked()
    assert "honest about the service" in card.default_note.text()
    assert not visible()

    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    qtbot.waitUntil(lambda: "Saved" in card.message.text(), timeout=WAIT)
    assert visible()
    assert check.isChecked() and check.isEnabled()
    assert cell(card, "service_feedback_exit", "Answers on the case") == "Workers see them"
    assert "changed from the default" in card.default_note.text()
    assert "now see answers and scores" in card.message.text()

    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    qtbot.waitUntil(lambda: "count only in totals" in card.message.text(), timeout=WAIT)
    assert not visible()
    assert cell(card, "service_feedback_exit", "Answers on the case") == "Only in totals"
    assert "changed from the default" not in card.default_note.text()


def test_importing_a_valid_file_adds_it(  # type: ignore[no-untyped-def]
    qtbot, opened: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = open_card(qtbot, opened)
    before = card.model.rowCount()
    file = tmp_path / "our-gad7.json"
    file.write_text(json.dumps(gad7_copy()), encoding="utf-8")
    choose(monkeypatch, file)
    click_import(qtbot, opened, card)
    qtbot.waitUntil(lambda: card.model.rowCount() == before + 1, timeout=WAIT)
    assert "Added Our own GAD-7 copy (id gad7_local, version 1)" in card.message.text()
    assert cell(card, "gad7_local", "From") == "Imported"
    assert cell(card, "gad7_local", "Kind") == "Outcome measure"
    assert card.selected() is not None and card.selected().id == "gad7_local"  # type: ignore[union-attr]
    assert card.problem_lines() == []
    assert opened.imported_count() == 1
    ids = opened.operations.call(lambda: {i.id for i in opened.session.feedback.instruments()})
    assert "gad7_local" in ids

    click_import(qtbot, opened, card)  # the same file again: refused, and said why
    assert "nothing was added" in card.message.text()
    assert any("already imported" in line for line in card.problem_lines())
    assert opened.imported_count() == 1


def test_a_malformed_file_shows_every_problem_and_adds_nothing(  # type: ignore[no-untyped-def]
    qtbot, opened: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = open_card(qtbot, opened)
    before = card.model.rowCount()
    bad = gad7_copy()
    del bad["introduction"]
    bad.update({"version": 0, "kind": "wellbeing"})
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(bad), encoding="utf-8")
    choose(monkeypatch, file)
    click_import(qtbot, opened, card)
    assert "broken.json wasn't imported, and nothing was added" in card.message.text()
    assert card.problem_lines() == [
        "introduction: this field is missing.",
        "kind: should be one of: outcome_measure, service_feedback.",
        "version: should be at least 1.",
    ]
    assert card.problems.isVisible()
    assert card.model.rowCount() == before and opened.imported_count() == 0

    file.write_text("{not json", encoding="utf-8")
    click_import(qtbot, opened, card)
    assert any("isn't valid JSON" in line for line in card.problem_lines())

    file.write_bytes(b'{"title": "caf\xe9"}')  # Latin-1, not UTF-8
    click_import(qtbot, opened, card)
    assert "isn't saved as UTF-8 text" in card.message.text()
    assert card.problem_lines() == []

    file.write_bytes(b" " * (1024 * 1024 + 1))
    click_import(qtbot, opened, card)
    assert "larger than 1 MB" in card.message.text()
    assert card.model.rowCount() == before and opened.imported_count() == 0


def test_a_manager_sees_the_list_but_cannot_change_it(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    manager = opened.operations.call(lambda: as_user(opened.session, "mgr"))
    card = open_card(qtbot, opened, manager)
    assert not card.import_button.isVisible() and not card.import_hint.isVisible()
    card.select("service_feedback_exit")
    assert card.selected() is not None
    assert not card.visible_check.isEnabled()
    assert "Only an administrator" in card.intro.text()
    caseworker = opened.operations.call(lambda: as_user(opened.session, "cw"))
    assert not QuestionnairesCard.is_for(caseworker.actor)


def test_the_admin_page_holds_the_card_for_those_it_is_for(qtbot, opened: Env) -> None:  # type: ignore[no-untyped-def]
    page = AdminPage(opened.operations, AdminServices.of(opened.session))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    card = page.questionnaires_card
    assert card is not None
    qtbot.waitUntil(lambda: card.model.rowCount() >= len(SHIPPED), timeout=WAIT)
    assert card.import_button.isVisible()
    qtbot.waitUntil(lambda: not opened.operations.is_busy, timeout=WAIT)
    caseworker = opened.operations.call(lambda: as_user(opened.session, "cw"))
    other = AdminPage(opened.operations, AdminServices.of(caseworker))
    qtbot.addWidget(other)
    assert other.questionnaires_card is None
