"""The Waiting list's table model as a plain object (no window): each cell's words, the
priority's meaning on hover, finding a survivor's row, and the service's order kept."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from survivorapp.domain.waiting_list import WaitingListRow
from survivorapp.ui.waiting_list.model import WaitingListTableModel, short_priority
from survivorapp.ui.widgets.labels import Labels

LABELS = Labels()
ROWS = (
    WaitingListRow(
        "C-000003",
        "Cy",
        date(2026, 1, 5),
        "isva",
        "a",
        90,
        attempt_count=2,
        last_attempt_on=date(2026, 3, 1),
        last_outcome="no_answer",
    ),
    WaitingListRow("C-000001", None, date(2026, 3, 20), "counselling", "not_triaged", 1),
    WaitingListRow("C-000002", "Bo", date(2026, 2, 1), "isva", "c", 40, attempt_count=1),
)


def model() -> WaitingListTableModel:
    made = WaitingListTableModel(LABELS)
    made.set_items(ROWS)
    return made


def texts(made: WaitingListTableModel, row: int) -> list[str]:
    return [made.data(made.index(row, c)) for c in range(made.columnCount())]


def test_headers_and_every_cell_in_plain_words() -> None:
    made = model()
    assert (made.rowCount(), made.columnCount()) == (3, 8)
    assert [made.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "Priority",
        "Case",
        "Known as",
        "Referred",
        "Waiting",
        "Service",
        "Attempts",
        "Last attempt",
    ]
    assert texts(made, 0) == [
        "A",
        "C-000003",
        "Cy",
        "5 Jan 2026",
        "90 days",
        "ISVA",
        "2",
        "1 Mar 2026 · No answer",
    ]
    assert texts(made, 1) == [
        "Not yet triaged",
        "C-000001",
        "",
        "20 Mar 2026",
        "1 day",
        "Counselling",
        "None yet",
        "",
    ]
    index = made.index(2, 1)
    assert made.data(index, Qt.ItemDataRole.AccessibleTextRole) == "C-000002"


def test_the_priority_says_what_it_means_on_hover() -> None:
    made = model()
    tip = made.data(made.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("A: urgent or high risk. Offer support as soon as possible")
    assert made.data(made.index(0, 1), Qt.ItemDataRole.ToolTipRole) is None
    odd = WaitingListTableModel(LABELS)
    odd.set_items([WaitingListRow("C-9", None, date(2026, 1, 1), "isva", "zz", 3)])
    assert odd.data(odd.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None


def test_rows_are_found_by_case_and_keep_the_services_order() -> None:
    made = model()
    assert made.row_of("C-000002") == 2
    assert made.row_of("C-999999") == -1
    assert made.item_at(1) == ROWS[1] and made.item_at(3) is None
    assert [r.case_reference for r in made.items()] == ["C-000003", "C-000001", "C-000002"]
    made.set_items(ROWS[2:])
    assert made.rowCount() == 1 and made.row_of("C-000003") == -1


def test_short_priority_is_the_label_up_to_its_colon() -> None:
    assert short_priority(LABELS, "b") == "B"
    assert short_priority(LABELS, "not_triaged") == "Not yet triaged"
