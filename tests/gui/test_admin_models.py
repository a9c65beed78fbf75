"""The Admin page's table models as plain objects, without a window: staff accounts,
questionnaires and commissioners' keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt

from survivorapp.domain.questionnaires.instruments import shipped_instruments
from survivorapp.services.returns import CommissionerKey
from survivorapp.ui.admin.models import (
    LICENCE_COLUMN,
    CommissionerKeysTableModel,
    QuestionnaireRow,
    QuestionnairesTableModel,
    UsersTableModel,
    role_labels,
)

ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool


def texts(model: object, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]  # type: ignore[attr-defined]


# --- staff accounts -----------------------------------------------------------------------------


def test_users_show_roles_in_words_and_whether_they_can_unlock() -> None:
    model = UsersTableModel()
    model.set_items(
        [
            User("admin", "Alex Admin", ("admin", "manager"), True),
            User("Sam.Jones", "Sam Jones", ("caseworker",), False),
        ]
    )
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "User name",
        "Display name",
        "Roles",
        "Status",
    ]
    assert texts(model, 0) == ["admin", "Alex Admin", "Administrator, Manager", "Active"]
    assert texts(model, 1) == ["Sam.Jones", "Sam Jones", "Caseworker", "Deactivated"]
    assert model.index(1, 3).data(ACCESSIBLE) == "Deactivated"
    assert model.row_of("sam.jones") == 1  # user names are not case-sensitive
    assert model.row_of("nobody") == -1
    assert role_labels(("isva", "retired-role")) == "ISVA, retired-role"


# --- questionnaires -----------------------------------------------------------------------------


def row(**changes: object) -> QuestionnaireRow:
    base: dict[str, object] = {
        "id": "gad7_local",
        "version": 2,
        "title": "Our own GAD-7 copy",
        "outcome_measure": True,
        "imported": True,
        "licence": "GAD-7 — " + "free to reproduce without permission, " * 3,
        "visible": True,
    }
    return QuestionnaireRow(**{**base, **changes})  # type: ignore[arg-type]


def test_questionnaires_say_kind_origin_and_who_sees_the_answers() -> None:
    model = QuestionnairesTableModel()
    feedback = row(
        id="exit", version=1, title="Exit <survey>", outcome_measure=False, imported=False
    )
    model.set_items([row(), feedback])
    first = texts(model, 0)
    assert first[:5] == [
        "Our own GAD-7 copy",
        "gad7_local v2",
        "Outcome measure",
        "Imported",
        "Workers see them",
    ]
    licence = first[LICENCE_COLUMN]
    assert len(licence) == 60 and licence.endswith("…")
    assert model.index(0, LICENCE_COLUMN).data(ACCESSIBLE) == row().licence  # read in full
    assert row().licence in model.index(0, LICENCE_COLUMN).data(TOOLTIP)
    assert model.index(1, 0).data(TOOLTIP) == "<p>Exit &lt;survey&gt;</p>"
    assert model.index(1, 2).data(TOOLTIP) is None
    assert texts(model, 1)[2:5] == ["Service feedback", "Shipped with the app", "Workers see them"]


def test_a_saved_visibility_changes_one_cell_without_reloading() -> None:
    model = QuestionnairesTableModel()
    model.set_items([row(), row(id="exit", outcome_measure=False, visible=False)])
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append((top.row(), top.column())))
    model.set_visible("exit", True)
    assert changed == [(1, 4)]
    assert model.index(1, 4).data() == "Workers see them"
    assert model.item_at(1) is not None and not model.item_at(1).visible_by_default  # type: ignore[union-attr]
    model.set_visible("no-such-questionnaire", False)
    assert changed == [(1, 4)]
    assert model.row_of("gad7_local") == 0 and model.row_of("missing") == -1


def test_a_row_is_made_from_a_shipped_questionnaire() -> None:
    gad7 = shipped_instruments().get("gad7")
    made = QuestionnaireRow.of(gad7, visible=False)
    assert (made.id, made.outcome_measure, made.imported, made.visible) == (
        "gad7",
        True,
        False,
        False,
    )
    assert made.visible_by_default
    assert made.licence.startswith("GAD-7")


# --- commissioners' keys ------------------------------------------------------------------------


def key(key_id: int, label: str, added_on: date) -> CommissionerKey:
    return CommissionerKey(key_id, label, "PEM", f"ab:{key_id:02d}", added_on, "admin")


def test_commissioner_keys_show_fingerprints_and_sort_by_date() -> None:
    model = CommissionerKeysTableModel()
    model.set_items([key(1, "MOPAC", date(2026, 3, 2)), key(2, "County", date(2025, 11, 20))])
    assert texts(model, 0) == ["MOPAC", "ab:01", "02 Mar 2026", "admin"]
    model.sort(2)
    assert [k.label for k in model.items()] == ["County", "MOPAC"]  # by date, not by text
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [k.label for k in model.items()] == ["MOPAC", "County"]
    assert model.item_at(1) is not None and model.item_at(1).id == 2  # type: ignore[union-attr]
