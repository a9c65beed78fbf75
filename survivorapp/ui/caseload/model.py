"""The caseload's table model: ids only, display rows paged in for the visible range.

Anki's browser and Vorta's archive list work the same way: sorting and filtering run in SQL and
give an ordered list of ids; the view asks for rows as it scrolls, a page at a time, and pages
are cached. With 100,000 cases the model holds 100,000 integers and a few hundred rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class CaseloadRowLike(Protocol):
    """What the model needs from a caseload row (services.cases.CaseloadRow has it)."""

    @property
    def id(self) -> int: ...
    @property
    def reference(self) -> str: ...
    @property
    def known_as(self) -> str | None: ...
    @property
    def allocated_worker(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def service_line(self) -> str: ...
    @property
    def last_contact_date(self) -> str | None: ...
    @property
    def restricted(self) -> bool: ...
    @property
    def next_court_date(self) -> str | None: ...


Index = QModelIndex | QPersistentModelIndex
FetchRows = Callable[[Sequence[int]], Sequence[CaseloadRowLike]]
Label = Callable[[str, str | None], str]
PAGE_SIZE = 100
MAX_CACHED_PAGES = 40

COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "Case"),
    ("known_as", "Known as"),
    ("allocated_worker", "Worker"),
    ("status", "Status"),
    ("service_line", "Service"),
    ("last_contact_date", "Last contact"),
    ("next_court_date", "Next court date"),
    ("flags", "Flags"),
)
# Flags and the next court date are worked out per shown row, so SQL cannot sort by them.
SORT_KEYS = {key for key, _ in COLUMNS if key not in ("flags", "next_court_date")}


def _plain_label(_vocabulary: str, code: str | None) -> str:
    return code or ""


class CaseloadTableModel(QAbstractTableModel):
    """Rows come from ``fetch_rows(ids)``; the model never talks to services itself."""

    def __init__(self, fetch_rows: FetchRows, label: Label = _plain_label) -> None:
        super().__init__()
        self._fetch_rows = fetch_rows
        self._label = label
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[CaseloadRowLike | None]] = OrderedDict()

    # --- data set ----------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def invalidate_rows(self) -> None:
        """Forget cached rows (after a change) but keep the order."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> CaseloadRowLike | None:
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        return page[row % PAGE_SIZE]

    def _load_page(self, page_number: int) -> list[CaseloadRowLike | None]:
        start = page_number * PAGE_SIZE
        page_ids = self._ids[start : start + PAGE_SIZE]
        fetched = {r.id: r for r in self._fetch_rows(page_ids)}
        page: list[CaseloadRowLike | None] = [fetched.get(i) for i in page_ids]
        self._pages[page_number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.UserRole:
            return row.reference if row else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if row is None:
            return "…" if key == "reference" else ""
        return self.display_text(row, key)

    def display_text(self, row: CaseloadRowLike, key: str) -> str:
        if key == "status":
            return self._label("case_status", row.status)
        if key == "service_line":
            return self._label("service_line", row.service_line)
        if key == "allocated_worker":
            return self._label("worker", row.allocated_worker) if row.allocated_worker else ""
        if key == "flags":
            return "Restricted" if row.restricted else ""
        if key == "known_as":
            return row.known_as or "—"
        value = getattr(row, key)
        return "" if value is None else str(value)
