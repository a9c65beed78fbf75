"""Which cells of a return's count tables are suppressed at publication level, and why.

Pure functions over exact counts; ``reporting.disclosure`` formats what this decides. The
guarantees are written out in ``docs/return-spec.md`` ("Disclosure control"); in short:

1. *Primary*: every cell (totals included) whose exact count is 1 to k-1 is suppressed.
   Zeros are shown: a true zero in a count table says nothing about a person.
2. *Lines*: in an additive table every line (a row with its row total, a column with its
   column total, the row totals with the grand total, the column totals with the grand total)
   has either no suppressed member or at least two. When exactly one is suppressed, the
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

All four repeat until nothing changes; decisions only ever add suppression, so this ends.
Inputs in the same order give the same output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from survivorapp.reporting.model import CountTable

Pos = tuple[int, int]

SHOWN, PRIMARY, SECONDARY, HIDDEN = 0, 1, 2, -1


@dataclass
class Grid:
    """One count table with its margins as one grid of exact values and decisions.

    A one-way table is ``rows + 1`` by 1 (the last row is the total). A two-way table is
    ``rows + 1`` by ``columns + 1``: the last column holds row totals, the last row column
    totals, the corner the grand total. A non-additive table's row and column totals mean
    nothing (a person can be in several rows), so they are ``HIDDEN`` and only the corner,
    the population total, is shown.
    """

    table: CountTable
    values: list[list[int]]
    state: list[list[int]]
    lines: list[tuple[Pos, ...]]  # each line lists its members; the last is its total
    total: Pos
    two_way: bool
    margins: frozenset[Pos] = field(default_factory=frozenset)

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


def build_grid(table: CountTable) -> Grid:
    n_rows, n_cols = len(table.rows), len(table.columns)
    if n_cols == 1:
        values = [[row[0]] for row in table.counts] + [[table.total]]
        total: Pos = (n_rows, 0)
        lines = [tuple((i, 0) for i in range(n_rows + 1))] if table.additive else []
        margins = frozenset({total})
        state = [[SHOWN] for _ in values]
        return Grid(table, values, state, lines, total, False, margins)
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
        return Grid(table, values, state, [], total, False, margins)
    lines = [tuple((i, j) for j in range(n_cols + 1)) for i in range(n_rows + 1)]
    lines += [tuple((i, j) for i in range(n_rows + 1)) for j in range(n_cols + 1)]
    return Grid(table, values, state, lines, total, True, margins)


def suppress(tables: Sequence[CountTable], k: int) -> list[Grid]:
    """Decide every cell of every table together (cross-table rules need them all)."""
    grids = [build_grid(table) for table in tables]
    for grid in grids:
        for i, row in enumerate(grid.values):
            for j, value in enumerate(row):
                if grid.state[i][j] == SHOWN and 1 <= value < k:
                    grid.state[i][j] = PRIMARY
    line_links, total_links = _links(grids)
    changed = True
    while changed:
        changed = False
        for grid in grids:
            changed |= _line_rule(grid)
            if grid.two_way:
                changed |= _break_bridges(grid)
        changed |= _apply_links(grids, line_links, total_links)
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


def _links(grids: Sequence[Grid]) -> tuple[list[list[LineRef]], list[list[tuple[int, Pos]]]]:
    """Lines with identical exact values, and grand totals with identical exact values."""
    by_values: dict[tuple[int, ...], list[LineRef]] = defaultdict(list)
    by_total: dict[int, list[tuple[int, Pos]]] = defaultdict(list)
    for index, grid in enumerate(grids):
        for line in grid.lines:
            values = tuple(grid.value(pos) for pos in line)
            if any(values):
                by_values[values].append((index, line))
        if grid.value(grid.total) > 0:
            by_total[grid.value(grid.total)].append((index, grid.total))
    line_links = [refs for refs in by_values.values() if len(refs) > 1]
    total_links = [refs for refs in by_total.values() if len(refs) > 1]
    return line_links, total_links


def _apply_links(
    grids: Sequence[Grid],
    line_links: Sequence[Sequence[LineRef]],
    total_links: Sequence[Sequence[tuple[int, Pos]]],
) -> bool:
    changed = False
    for refs in line_links:
        width = len(refs[0][1])
        hit = [any(grids[g].is_suppressed(line[n]) for g, line in refs) for n in range(width)]
        for g, line in refs:
            for n, pos in enumerate(line):
                if hit[n]:
                    changed |= grids[g].suppress(pos)
    for totals in total_links:
        if any(grids[g].is_suppressed(pos) for g, pos in totals):
            for g, pos in totals:
                changed |= grids[g].suppress(pos)
    return changed
