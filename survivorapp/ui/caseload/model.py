"""The caseload's table model: ids only, display rows paged in for the visible range.

Anki's browser and Vorta's archive list work the same way: sorting and filtering run in SQL and
give an ordered list of ids; the view asks for rows as it scrolls, a page at a time, and pages
are cached. With 100,000 cases the model holds 100,000 integers and a few hundred rows.

A missing page is asked for, never waited for: ``data()`` runs on the GUI thread, and the vault
thread may be busy for seconds (a year's return). The model hands the page's ids to
``request_page`` with a ``deliver`` callback and shows placeholder rows until the rows arrive;
then it says which rows changed. A page is asked for once while it is on its way, and a page
that arrives for a list of ids since replaced (a new search, filter or sort) is dropped.
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
Rows = Sequence[CaseloadRowLike]
Deliver = Callable[[Rows], None]
RequestPage = Callable[[Sequence[int], Deliver], None]
"""``request_page(ids, deliver)``: fetch the rows for ``ids`` and call ``deliver(rows)`` with
them, later (on the GUI thread) or at once. Rows missing from the answer show as placeholders."""
Label = Callable[[str, str | None], str]
PAGE_SIZE = 100
MAX_CACHED_PAGES = 40
PLACEHOLDER = "…"
SHOWN_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)

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


def fetch_now(fetch_rows: Callable[[Sequence[int]], Rows]) -> RequestPage:
    """A ``request_page`` that fetches at once, for code already on the vault thread (the
    benchmarks, service-level tests); the app's page asks through an operation."""

    def request(ids: Sequence[int], deliver: Deliver) -> None:
        deliver(fetch_rows(ids))

    return request


class CaseloadTableModel(QAbstractTableModel):
    """Rows come through ``request_page``; the model never talks to services itself."""

    def __init__(self, request_page: RequestPage, label: Label = _plain_label) -> None:
        super().__init__()
        self._request_page = request_page
        self._label = label
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[CaseloadRowLike | None]] = OrderedDict()
        self._in_flight: set[int] = set()
        self._generation = 0  # which list of ids a delivered page belongs to
        # Rows read before the last change, shown until their page is read again: a save
        # elsewhere must not blank the list the person is looking at.
        self._previous: dict[int, list[CaseloadRowLike | None]] = {}

    # --- data set ----------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], first_page: Rows | None = None) -> None:
        """The ids matching the filters, and ``first_page``, read with them on the vault
        thread, shown at once (the first screen needs no second trip).

        A new list (a search, a filter, a sort) starts afresh. The same list read again after
        a change keeps the scroll position and, until each page is read again, its old rows:
        a save elsewhere never blanks the list the person is looking at."""
        same = list(ids) == self._ids
        if same:
            self._previous.update(self._pages)
        else:
            self.beginResetModel()
            self._ids = list(ids)
            self._previous.clear()
        self._forget_pages()
        if first_page is not None and self._ids:
            self._store(0, self._ids[:PAGE_SIZE], first_page)
        if same:
            self._all_changed()
        else:
            self.endResetModel()

    def labels_changed(self) -> None:
        """Say every cell again (worker names arrived) without fetching the rows again."""
        self._all_changed()

    def _all_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._in_flight.clear()
        self._generation += 1

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> CaseloadRowLike | None:
        """The row if its page is here; otherwise None, and its page is asked for."""
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            self._request(page_number)
            # A synchronous request_page has delivered; else the rows read before a change.
            page = self._pages.get(page_number) or self._previous.get(page_number)
            if page is None:
                return None
        else:
            self._pages.move_to_end(page_number)
        return page[row % PAGE_SIZE]

    def _request(self, page_number: int) -> None:
        if page_number in self._in_flight:
            return
        self._in_flight.add(page_number)
        start = page_number * PAGE_SIZE
        page_ids = self._ids[start : start + PAGE_SIZE]
        generation = self._generation

        def deliver(rows: Rows) -> None:
            self._deliver(generation, page_number, page_ids, rows)

        self._request_page(page_ids, deliver)

    def _deliver(self, generation: int, page_number: int, page_ids: list[int], rows: Rows) -> None:
        if generation != self._generation:
            return  # asked for a list of ids that has since been replaced
        self._in_flight.discard(page_number)
        self._store(page_number, page_ids, rows)
        if page_ids:
            first = page_number * PAGE_SIZE
            self.dataChanged.emit(
                self.index(first, 0), self.index(first + len(page_ids) - 1, len(COLUMNS) - 1)
            )

    def _store(self, page_number: int, page_ids: list[int], rows: Rows) -> None:
        self._previous.pop(page_number, None)
        fetched = {r.id: r for r in rows}
        self._pages[page_number] = [fetched.get(i) for i in page_ids]
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    @property
    def pages_in_flight(self) -> int:
        return len(self._in_flight)

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
        if not index.isValid() or (role not in SHOWN_ROLES and role != Qt.ItemDataRole.UserRole):
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.UserRole:
            return row.reference if row else None
        key = COLUMNS[index.column()][0]
        if row is None:
            return PLACEHOLDER if key == "reference" else ""
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
