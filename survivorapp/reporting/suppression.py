"""Which cells of a return's count tables are suppressed at publication level, and why.

Pure functions over exact counts, on the grids of ``reporting.grids``; ``reporting.disclosure``
formats what this decides. The rules across tables are in ``reporting.across_tables``. The
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
from collections.abc import Sequence
from dataclasses import dataclass

from survivorapp.reporting.across_tables import (
    LineRef,
    Quantities,
    apply_links,
    derived_lines,
    derived_rule,
    identical_lines,
)
from survivorapp.reporting.grids import (
    PRIMARY,
    SHOWN,
    Grid,
    Pos,
    Ref,
    build_grid,
    check_linked_values,
    check_links,
)
from survivorapp.reporting.model import CountTable


@dataclass
class Decisions:
    """Every table's grid, and the links across tables the rules keep to."""

    grids: list[Grid]
    line_links: list[list[LineRef]]
    cell_links: list[list[Ref]]
    derived: list[list[Ref]]


def suppress(tables: Sequence[CountTable], k: int) -> list[Grid]:
    """Decide every cell of every table together (cross-table rules need them all)."""
    decisions = prepare(tables, k)
    propagate(decisions)
    return decisions.grids


def prepare(tables: Sequence[CountTable], k: int) -> Decisions:
    """The grids with primary suppression applied, and the links between them."""
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
    return Decisions(
        grids, identical_lines(grids), quantities.groups(), derived_lines(grids, quantities)
    )


def propagate(decisions: Decisions) -> None:
    """Apply rules 2 to 5 until none adds anything (also after cells were added by hand)."""
    grids = decisions.grids
    changed = True
    while changed:
        changed = False
        for grid in grids:
            changed |= _line_rule(grid)
            if grid.two_way:
                changed |= _break_bridges(grid)
        changed |= apply_links(grids, decisions.line_links, decisions.cell_links)
        changed |= derived_rule(grids, decisions.derived)


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
