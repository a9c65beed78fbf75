"""The one table kit: a list model over the frozen rows a service returns, and one table set-up.

Every list in the app is model/view (Vorta's table models, Anki's browser). Most are short lists
a service hands over whole; :class:`ListTableModel` holds them, says each cell's text through
:meth:`ListTableModel.cells`, and sorts in memory when a header is clicked. The caseload, which
can hold 100,000 cases, has its own paged model and only shares the view set-up here.

:func:`configure_table` is the one place that decides how a table behaves for a person: whole
rows selected, fixed row heights (no resize-to-contents on scroll), nothing edited in place, and
Tab leaving the table instead of walking its cells, so a keyboard user is never trapped in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypedDict, TypeVar, Unpack

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
SHOWN_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
ROW_PADDING = 12


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Rows are items of one kind; a subclass names the columns and each cell's text.

    ``COLUMNS`` holds the header texts; :meth:`cells` gives one text per column. Override
    :meth:`sort_key` where the text does not sort the way a person expects (dates, numbers).
    """

    COLUMNS: tuple[str, ...] = ()
    NUMBER_COLUMNS: frozenset[int] = frozenset()
    """Columns of counts and shares: right-aligned, so digits line up under their header."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[T] = []

    # --- data set ----------------------------------------------------------------------------

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[T]:
        return list(self._items)

    def row_where(self, matches: Callable[[T], bool]) -> int | None:
        return next((row for row, item in enumerate(self._items) if matches(item)), None)

    def cells(self, item: T) -> tuple[str, ...]:
        raise NotImplementedError

    def sort_key(self, item: T, column: int) -> Any:
        return self.cells(item)[column].casefold()

    def tooltip(self, item: T, column: int) -> str | None:
        return None

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in SHOWN_ROLES:
            return self.cells(item)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._items.sort(
            key=lambda item: self.sort_key(item, column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()


def configure_table(
    view: QTableView,
    accessible_name: str,
    *,
    widths: Sequence[int] = (),
    stretch_last: bool = True,
    sortable: bool = False,
    alternating: bool = False,
) -> QTableView:
    """Give ``view`` the app's one table behaviour; returns it for chaining."""
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(alternating)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + ROW_PADDING)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_last)
    header.setHighlightSections(False)
    if sortable:  # the service's order stands until a header is clicked
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class TableOptions(TypedDict, total=False):
    """The keyword options of :func:`configure_table`, for :func:`make_table` to pass on."""

    widths: Sequence[int]
    stretch_last: bool
    sortable: bool
    alternating: bool


def make_table(
    model: QAbstractTableModel, accessible_name: str, **options: Unpack[TableOptions]
) -> QTableView:
    """A new table view over ``model`` with the app's table behaviour."""
    view = QTableView()
    view.setModel(model)
    return configure_table(view, accessible_name, **options)
