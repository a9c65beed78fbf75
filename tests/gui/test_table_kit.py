"""The shared table kit: the list model as a plain object, and the one table behaviour."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from survivorapp.ui.widgets.table_kit import ListTableModel, make_table


@dataclass(frozen=True)
class Row:
    name: str
    days: int


class RowsTableModel(ListTableModel[Row]):
    COLUMNS = ("Name", "Days")
    NUMBER_COLUMNS = frozenset({1})

    def cells(self, item: Row) -> tuple[str, ...]:
        return (item.name, f"{item.days:,} days")

    def sort_key(self, item: Row, column: int) -> object:
        return item.days if column == 1 else super().sort_key(item, column)


ROWS = [Row("beech", 30), Row("Ash", 7), Row("cedar", 120)]


def test_cells_headers_and_rows_come_from_the_items() -> None:
    model = RowsTableModel()
    model.set_items(ROWS)
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Days"
    assert model.data(model.index(2, 1)) == "120 days"
    assert model.data(model.index(2, 1), Qt.ItemDataRole.AccessibleTextRole) == "120 days"
    assert model.data(model.index(2, 1), Qt.ItemDataRole.DecorationRole) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    alignment = Qt.ItemDataRole.TextAlignmentRole
    assert model.data(model.index(0, 1), alignment) == right  # numbers line up
    assert model.headerData(1, Qt.Orientation.Horizontal, alignment) == right
    assert model.data(model.index(0, 0), alignment) is None
    assert model.item_at(3) is None and model.item_at(-1) is None
    assert model.row_where(lambda r: r.name == "cedar") == 2


def test_sorting_uses_the_sort_key_not_the_text() -> None:
    model = RowsTableModel()
    model.set_items(ROWS)
    model.sort(1)
    assert [r.days for r in model.items()] == [7, 30, 120]  # text would put "120" first
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in model.items()] == ["cedar", "beech", "Ash"]  # case-blind
    model.sort(9)  # no such column: nothing moves
    assert [r.name for r in model.items()] == ["cedar", "beech", "Ash"]


def test_the_table_lets_tab_leave_and_keeps_the_service_order(qtbot) -> None:
    model = RowsTableModel()
    model.set_items(ROWS)
    view = make_table(model, "Trees", widths=(90,), sortable=True)
    qtbot.addWidget(view)
    assert view.accessibleName() == "Trees"
    assert not view.tabKeyNavigation()
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert view.columnWidth(0) == 90
    assert [r.name for r in model.items()] == ["beech", "Ash", "cedar"]
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [r.days for r in model.items()] == [7, 30, 120]
