"""Which cells of a return's count tables are suppressed at publication level, and why.

Pure functions over exact counts; ``reporting.disclosure`` formats what this decides. The
guarantees are written out in ``docs/return-spec.md`` ("Disclosure control"); in short:

1. *Primary*: every cell (totals included) whose exact count is 1 to k-1 is suppressed.
   Zeros are shown: a true zero in a count table says nothing about a person.
2. *Lines*: in an additive table every line (a row with its row total, a column with its
   column total, the row totals with the grand total, the column totals with the grand total;
   in a table whose rows each add up to its total, each row with that total) has either no
   suppressed member or at least two. When exactly one is suppressed, the
   smallest other non-zero member is suppressed too, preferring body cells to totals, ties
   broken by position.
3. *Cycles*: in a two-way additive table that is not enough (two 2x2 blocks joined by one
   cell give that cell away), so every suppressed cell must also lie on a cycle of suppressed
   cells in the table's row/column graph. A suppressed cell on no cycle (a bridge) is exactly
   recoverable by adding and subtracting lines; one more cell joining its two sides is
   suppressed, and failing that the table's margins that close a 2x2 cycle through it.
4. *Across tables*: lines with identical exact values (the same population split the same way,
   in any table) get identical decisions, and a grand total suppressed in one table is
   suppressed in every table with the same exact total.
5. *Linked cells*: cells that name the same quantity (``CountTable.cell_keys`` and
   ``row_total_keys``: the sex table's "not asked" row and the completeness table's "not
   asked" cell for sex) are one quantity: when one is suppressed, all are. Two lines with the
   same total that share linked members also give away the difference of what they do not
   share (the completeness table's "answered" for sex is the sum of the sex table's answered
   rows), so that difference is a line too: a *derived line*, kept to the line rule.

All five repeat until nothing changes; decisions only ever add suppression, so this ends.
Inputs in the same order give the same output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
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


def suppress(tables: Sequence[CountTable], k: int) -> list[Grid]:
    """Decide every cell of every table together (cross-table rules need them all)."""
    for table in tables:
        check_links(table)
    check_linked_values(tables)
    grids = [build_grid(table) for table in tables]
    for grid in grids:
        for i, row in enumerate(grid.values):
            for j, value in enumerate(row):
                if grid.state[i][j] == SHOWN and 1 <= value < k:
                    grid.state[i][j] = PRIMARY
    quantities = Quantities(grids)
    line_links = _identical_lines(grids)
    cell_links = quantities.groups()
    derived = derived_lines(grids, quantities)
    changed = True
    while changed:
        changed = False
        for grid in grids:
            changed |= _line_rule(grid)
            if grid.two_way:
                changed |= _break_bridges(grid)
        changed |= _apply_links(grids, line_links, cell_links)
        changed |= _derived_rule(grids, derived)
    return grids


# --- lines ------------------------------------------------------------------------------------


def _line_rule(grid: Grid) -> bool:
    """Until every line has 0 or >= 2 suppressed members; True when anything was added."""
    changed_any = False
    again = True
    while again:
        again = False
        for line in grid.lines:
            if sum(1 for pos in line if grid.is_suppressed(pos)) != 1:
                continue
            candidates = [
                (pos in grid.margins, grid.value(pos), index, pos)
                for index, pos in enumerate(line)
                if grid.state[pos[0]][pos[1]] == SHOWN and grid.value(pos) > 0
            ]
            # One suppressed member is non-zero, so its line total (or, when it is the
            # total, some body cell) is non-zero and shown: a candidate always exists.
            grid.suppress(min(candidates)[3])
            again = changed_any = True
    return changed_any


# --- cycles (two-way tables) --------------------------------------------------------------------

Node = tuple[str, int]


def _adjacency(grid: Grid, without: Pos | None = None) -> dict[Node, list[Node]]:
    graph: dict[Node, list[Node]] = defaultdict(list)
    for i, row in enumerate(grid.state):
        for j, state in enumerate(row):
            if state > 0 and (i, j) != without:
                graph[("r", i)].append(("c", j))
                graph[("c", j)].append(("r", i))
    return graph


def _reach(graph: dict[Node, list[Node]], start: Node) -> set[Node]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _first_bridge(grid: Grid) -> tuple[Pos, set[Node], set[Node]] | None:
    """The first suppressed cell (by position) on no cycle, with the two sides it joins."""
    for i, row in enumerate(grid.state):
        for j, state in enumerate(row):
            if state <= 0:
                continue
            graph = _adjacency(grid, without=(i, j))
            side_a = _reach(graph, ("r", i))
            if ("c", j) not in side_a:
                return (i, j), side_a, _reach(graph, ("c", j))
    return None


def _break_bridges(grid: Grid) -> bool:
    changed = False
    while (found := _first_bridge(grid)) is not None:
        (i, j), side_a, side_b = found
        joins = [
            (pos in grid.margins, grid.value(pos), pos)
            for pos in _shown_nonzero(grid)
            if (("r", pos[0]) in side_a and ("c", pos[1]) in side_b)
            or (("r", pos[0]) in side_b and ("c", pos[1]) in side_a)
        ]
        if joins:
            grid.suppress(min(joins)[2])
        else:
            for pos in _closing_margins(grid, i, j):
                grid.suppress(pos)
        changed = True
    return changed


def _shown_nonzero(grid: Grid) -> list[Pos]:
    return [
        (i, j)
        for i, row in enumerate(grid.values)
        for j, value in enumerate(row)
        if value > 0 and grid.state[i][j] == SHOWN
    ]


def _closing_margins(grid: Grid, i: int, j: int) -> list[Pos]:
    """Three cells that close a 2x2 cycle through (i, j), all non-zero because counts are."""
    last_row, last_col = len(grid.values) - 1, len(grid.values[0]) - 1

    def smallest_in_row(row: int) -> int:
        return min((grid.values[row][c], c) for c in range(last_col) if grid.values[row][c])[1]

    def smallest_in_col(col: int) -> int:
        return min((grid.values[r][col], r) for r in range(last_row) if grid.values[r][col])[1]

    if i < last_row and j < last_col:
        i2, j2 = last_row, last_col
    elif i < last_row:
        i2, j2 = last_row, smallest_in_row(i)
    elif j < last_col:
        i2, j2 = smallest_in_col(j), last_col
    else:
        j2 = smallest_in_row(last_row)
        i2 = smallest_in_col(j2)
    return [(i, j2), (i2, j), (i2, j2)]


# --- across tables --------------------------------------------------------------------------------

LineRef = tuple[int, tuple[Pos, ...]]


class Quantities:
    """Which cells of the return hold the same exact quantity: cells of one name (linked
    cells), and grand totals of the same exact value (the same population, or by chance:
    treating a chance equality as the same only ever withholds more)."""

    def __init__(self, grids: Sequence[Grid]) -> None:
        self._parent: dict[Ref, Ref] = {}
        first: dict[object, Ref] = {}
        for g, grid in enumerate(grids):
            named: list[tuple[object, Ref]] = [
                (("key", key), (g, pos)) for pos, key in sorted(grid.keys.items())
            ]
            if grid.value(grid.total) > 0:
                named.append((("total", grid.value(grid.total)), (g, grid.total)))
            for name, ref in named:
                self._union(first.setdefault(name, ref), ref)

    def of(self, ref: Ref) -> Ref:
        """The quantity a cell holds (one cell stands for all that hold it)."""
        parent = self._parent.get(ref, ref)
        if parent == ref:
            return ref
        root = self._parent[ref] = self.of(parent)
        return root

    def _union(self, a: Ref, b: Ref) -> None:
        root_a, root_b = self.of(a), self.of(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def groups(self) -> list[list[Ref]]:
        """Every quantity held by more than one cell, with those cells in order."""
        found: dict[Ref, list[Ref]] = defaultdict(list)
        for ref in sorted(self._parent):
            found[self.of(ref)].append(ref)
        return [sorted({root, *refs}) for root, refs in sorted(found.items())]


def derived_lines(grids: Sequence[Grid], quantities: Quantities) -> list[list[Ref]]:
    """Lines a reader can make by subtracting two lines with the same total.

    When two lines add up to the same quantity and share some members (linked cells), what
    each has that the other has not adds up to the same: the sex table's answered rows add up
    to the completeness table's "answered" cell for sex. Each such difference is a line whose
    members are the cells on both sides.
    """
    by_total: dict[Ref, list[LineRef]] = defaultdict(list)
    for g, grid in enumerate(grids):
        for line in grid.lines:
            by_total[quantities.of((g, line[-1]))].append((g, line))
    found: list[list[Ref]] = []
    for lines in by_total.values():
        for n, (g_a, line_a) in enumerate(lines):
            for g_b, line_b in lines[n + 1 :]:
                members_a = {quantities.of((g_a, p)): (g_a, p) for p in line_a[:-1]}
                members_b = {quantities.of((g_b, p)): (g_b, p) for p in line_b[:-1]}
                shared = members_a.keys() & members_b.keys()
                only_a = [ref for q, ref in members_a.items() if q not in shared]
                only_b = [ref for q, ref in members_b.items() if q not in shared]
                if shared and only_a and only_b:
                    found.append(only_a + only_b)
    return found


def _derived_rule(grids: Sequence[Grid], derived: Sequence[Sequence[Ref]]) -> bool:
    """The line rule over derived lines: none or at least two suppressed members."""
    changed = False
    for refs in derived:
        if sum(1 for g, pos in refs if grids[g].is_suppressed(pos)) != 1:
            continue
        candidates = [
            (pos in grids[g].margins, grids[g].value(pos), index, (g, pos))
            for index, (g, pos) in enumerate(refs)
            if grids[g].state[pos[0]][pos[1]] == SHOWN and grids[g].value(pos) > 0
        ]
        # Both sides add up to the same, so a non-zero suppressed member has a non-zero
        # partner on the other side, shown because it is the only one suppressed.
        if candidates:
            g, pos = min(candidates)[3]
            changed |= grids[g].suppress(pos)
    return changed


def _identical_lines(grids: Sequence[Grid]) -> list[list[LineRef]]:
    """Lines with identical exact values, in any tables (the same split of a population)."""
    by_values: dict[tuple[int, ...], list[LineRef]] = defaultdict(list)
    for index, grid in enumerate(grids):
        for line in grid.lines:
            values = tuple(grid.value(pos) for pos in line)
            if any(values):
                by_values[values].append((index, line))
    return [refs for refs in by_values.values() if len(refs) > 1]


def _apply_links(
    grids: Sequence[Grid],
    line_links: Sequence[Sequence[LineRef]],
    cell_links: Sequence[Sequence[Ref]],
) -> bool:
    changed = False
    for refs in line_links:
        width = len(refs[0][1])
        hit = [any(grids[g].is_suppressed(line[n]) for g, line in refs) for n in range(width)]
        for g, line in refs:
            for n, pos in enumerate(line):
                if hit[n]:
                    changed |= grids[g].suppress(pos)
    for cells in cell_links:
        if any(grids[g].is_suppressed(pos) for g, pos in cells):
            for g, pos in cells:
                changed |= grids[g].suppress(pos)
    return changed
