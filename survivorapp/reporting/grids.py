"""A count table as disclosure control sees it: one grid of exact values and decisions.

``reporting.suppression`` decides which cells to withhold on these grids, and
``reporting.disclosure`` reads the decisions back when it formats the table. The checks here
refuse a table whose linked cells (``CountTable.cell_keys``, ``row_total_keys``) or row sums do
not fit its shape, or whose cells of one name hold different counts: linking them would then
mean nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from survivorapp.reporting.model import CountTable

Pos = tuple[int, int]
Ref = tuple[int, Pos]  # a cell of the return: (index of its table's grid, position)

SHOWN, PRIMARY, SECONDARY, HIDDEN = 0, 1, 2, -1


@dataclass
class Grid:
    """One count table with its margins as one grid of exact values and decisions.

    A one-way table is ``rows + 1`` by 1 (the last row is the total). A two-way table is
    ``rows + 1`` by ``columns + 1``: the last column holds row totals, the last row column
    totals, the corner the grand total. A non-additive table's row and column totals mean
    nothing (a person can be in several rows), so they are ``HIDDEN`` and only the corner,
    the population total, is shown. ``keys`` names the cells linked to other tables.
    """

    table: CountTable
    values: list[list[int]]
    state: list[list[int]]
    lines: list[tuple[Pos, ...]]  # each line lists its members; the last is its total
    total: Pos
    two_way: bool
    margins: frozenset[Pos] = field(default_factory=frozenset)
    keys: dict[Pos, str] = field(default_factory=dict)

    def is_suppressed(self, pos: Pos) -> bool:
        return self.state[pos[0]][pos[1]] > 0

    def value(self, pos: Pos) -> int:
        return self.values[pos[0]][pos[1]]

    def suppress(self, pos: Pos) -> bool:
        """Mark a shown cell as secondarily suppressed; False when nothing changed."""
        if self.state[pos[0]][pos[1]] != SHOWN:
            return False
        self.state[pos[0]][pos[1]] = SECONDARY
        return True

    def count(self, kind: int) -> int:
        return sum(row.count(kind) for row in self.state)


def round_count(value: int, base: int, k: int) -> int:
    """Nearest multiple of ``base`` (halves up); a non-zero count never shows below k."""
    if value == 0:
        return 0
    rounded = (2 * value + base) // (2 * base) * base
    floor = -(-k // base) * base
    return max(rounded, floor)


def check_links(table: CountTable) -> None:
    """Raise ValueError when a table's linked cells or row sums do not fit its shape."""
    if table.cell_keys and (
        len(table.cell_keys) != len(table.counts)
        or any(len(k) != len(r) for k, r in zip(table.cell_keys, table.counts, strict=True))
    ):
        raise ValueError(f"{table.id}: the cell keys do not have the shape of the counts")
    if table.row_total_keys and (
        len(table.columns) == 1
        or not table.additive
        or len(table.row_total_keys) != len(table.rows)
    ):
        raise ValueError(f"{table.id}: row total keys need an additive two-way table")
    if table.rows_sum_to_total:
        if table.additive or len(table.columns) == 1:
            raise ValueError(f"{table.id}: only a non-additive two-way table has row sums")
        if any(sum(row) != table.total for row in table.counts):
            raise ValueError(f"{table.id}: a row does not add up to the total")


def check_linked_values(tables: Iterable[CountTable]) -> None:
    """Raise ValueError when cells of one name hold different exact counts (a linked cell
    must be the same quantity wherever it is, or linking it would mean nothing)."""
    seen: dict[str, int] = {}
    for table in tables:
        for key, value in _named_cells(table):
            if seen.setdefault(key, value) != value:
                raise ValueError(f"The cells named {key} do not hold the same count everywhere.")


def _named_cells(table: CountTable) -> list[tuple[str, int]]:
    named = [
        (key, table.counts[i][j])
        for i, keys in enumerate(table.cell_keys)
        for j, key in enumerate(keys)
        if key is not None
    ]
    if table.row_total_keys:
        totals = table.row_totals()
        named += [(k, totals[i]) for i, k in enumerate(table.row_total_keys) if k is not None]
    return named


def build_grid(table: CountTable) -> Grid:
    n_rows, n_cols = len(table.rows), len(table.columns)
    keys: dict[Pos, str] = {
        (i, j): key
        for i, row in enumerate(table.cell_keys)
        for j, key in enumerate(row)
        if key is not None
    }
    if n_cols == 1:
        values = [[row[0]] for row in table.counts] + [[table.total]]
        total: Pos = (n_rows, 0)
        lines = [tuple((i, 0) for i in range(n_rows + 1))] if table.additive else []
        margins = frozenset({total})
        state = [[SHOWN] for _ in values]
        return Grid(table, values, state, lines, total, False, margins, keys)
    keys |= {(i, n_cols): k for i, k in enumerate(table.row_total_keys) if k is not None}
    row_totals = table.row_totals()
    column_totals = table.column_totals() or (0,) * n_cols
    values = [[*row, row_totals[i]] for i, row in enumerate(table.counts)]
    values.append([*column_totals, table.total])
    total = (n_rows, n_cols)
    margins = frozenset(
        {(n_rows, j) for j in range(n_cols + 1)} | {(i, n_cols) for i in range(n_rows + 1)}
    )
    state = [[SHOWN] * (n_cols + 1) for _ in values]
    if not table.additive:
        for pos in margins - {total}:
            state[pos[0]][pos[1]] = HIDDEN
        lines = []
        if table.rows_sum_to_total:  # each row adds up to the total a reader is shown
            lines = [(*((i, j) for j in range(n_cols)), total) for i in range(n_rows)]
        return Grid(table, values, state, lines, total, False, margins, keys)
    lines = [tuple((i, j) for j in range(n_cols + 1)) for i in range(n_rows + 1)]
    lines += [tuple((i, j) for i in range(n_rows + 1)) for j in range(n_cols + 1)]
    return Grid(table, values, state, lines, total, True, margins, keys)
