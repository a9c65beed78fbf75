"""Disclosure control across the tables of a return: one quantity, one decision.

Rules 4 and 5 of ``reporting.suppression``: lines with identical exact values (the same
population split the same way) get the same decisions; cells that hold the same quantity
(linked cells, grand totals of the same value) are withheld together; and two lines with the
same total that share linked members make a *derived line* of what they do not share, which
is kept to the line rule like any other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from survivorapp.reporting.grids import SHOWN, Grid, Pos, Ref

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


def derived_rule(grids: Sequence[Grid], derived: Sequence[Sequence[Ref]]) -> bool:
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


def identical_lines(grids: Sequence[Grid]) -> list[list[LineRef]]:
    """Lines with identical exact values, in any tables (the same split of a population)."""
    by_values: dict[tuple[int, ...], list[LineRef]] = defaultdict(list)
    for index, grid in enumerate(grids):
        for line in grid.lines:
            values = tuple(grid.value(pos) for pos in line)
            if any(values):
                by_values[values].append((index, line))
    return [refs for refs in by_values.values() if len(refs) > 1]


def apply_links(
    grids: Sequence[Grid],
    line_links: Sequence[Sequence[LineRef]],
    cell_links: Sequence[Sequence[Ref]],
) -> bool:
    """Identical lines take each other's decisions, member by member; a quantity suppressed
    in one cell is suppressed in every cell that holds it. True when anything was added."""
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
