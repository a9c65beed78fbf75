"""Secondary suppression driven by the audit: withhold more until the attacker is held off.

The rules of ``reporting.suppression`` (lines, cycles, links, derived lines) run first: they
are quick and settle most tables. Then the return as it would be published is audited with
every earlier release it will be read with (``reporting.audit``); while a withheld cell
fails the protection rule, one more cell is withheld for it, the rules run again, and the
audit runs again. Every step only adds ``[c]``, so this ends; at worst every non-zero count
of the return is withheld, which leaves nothing but "at least 1" to learn.

Which cell: the one that costs least. Starting from the failing cell's quantity, the audit's
relations are followed outwards (the lines it is in, in any release; then their members'
lines), and the first ring that holds a shown non-zero cell of the new return gives its
smallest one, a body cell before a total, ties broken by table and position. Everything is
ordered, so the same exact return and the same earlier releases always give the same cells.

A cell withheld in an earlier release of the same period by the same publisher is withheld
again, whatever the new figures: showing it now would tell what it was then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from survivorapp.reporting.audit import AuditResult, Finding, audit
from survivorapp.reporting.grids import HIDDEN, SECONDARY, SHOWN, Grid, Pos, round_count
from survivorapp.reporting.model import CountTable, Period
from survivorapp.reporting.releases import MULTI, Release, Sheet, sheet_of
from survivorapp.reporting.suppression import Decisions, prepare, propagate

WITHHELD = "[c]"
Place = tuple[int, Pos]  # a grid of the new return, and a position in it


@dataclass(frozen=True)
class Change:
    """A cell of the new release shown differently from an earlier release of its period."""

    table: str
    row: str
    column: str
    before: str
    after: str


@dataclass(frozen=True)
class Protection:
    grids: list[Grid]
    release: Release
    audit: AuditResult
    added: int  # cells withheld because the audit asked for them
    kept: int  # cells withheld because an earlier release of the period withheld them
    changes: tuple[Change, ...]


def cell_text(grid: Grid, i: int, j: int, k: int, base: int) -> str:
    """The published text of one grid cell: a rounded count, ``[c]``, or ``""``."""
    state = grid.state[i][j]
    if state == HIDDEN:
        return ""
    value = grid.values[i][j]
    if state > 0 and value > 0:
        return WITHHELD
    return str(round_count(value, base, k))


def release_of(
    grids: Sequence[Grid], period: Period, k: int, base: int, scope: str, parts: Sequence[str]
) -> Release:
    sheets = tuple(
        sheet_of(
            grid.table,
            [
                [cell_text(grid, i, j, k, base) for j in range(len(row))]
                for i, row in enumerate(grid.values)
            ],
            (),
        )
        for grid in grids
    )
    return Release("this return", scope, period, k, base, sheets, tuple(parts))


def protect(
    tables: Sequence[CountTable],
    period: Period,
    k: int,
    base: int,
    *,
    earlier: Sequence[Release] = (),
    scope: str = "",
    parts: Sequence[str] = (),
) -> Protection:
    """Decide every count cell so that the audit with ``earlier`` passes, if it can."""
    decisions = prepare(tables, k)
    same = [r for r in earlier if (r.scope, r.period.label) == (scope, period.label)]
    kept = _keep_withheld(decisions.grids, same)
    propagate(decisions)
    added = 0
    while True:
        release = release_of(decisions.grids, period, k, base, scope, parts)
        result = audit([*earlier, release])
        picks = _picks(decisions, result, release) if not result.ok else []
        if not picks:
            break
        for g, pos in picks:
            added += decisions.grids[g].suppress(pos)
        propagate(decisions)
    changes = tuple(c for before in same for c in _changes(before, release))
    return Protection(decisions.grids, release, result, added, kept, changes)


def _keep_withheld(grids: Sequence[Grid], same: Sequence[Release]) -> int:
    kept = 0
    for grid in grids:
        for before in same:
            try:
                sheet = before.sheet(grid.table.id)
            except KeyError:
                continue
            for i, row in enumerate(sheet.cells):
                for j, text in enumerate(row):
                    if text == WITHHELD and _fits(grid, i, j) and grid.values[i][j] > 0:
                        kept += grid.suppress((i, j))
    return kept


def _fits(grid: Grid, i: int, j: int) -> bool:
    return i < len(grid.state) and j < len(grid.state[i]) and grid.state[i][j] == SHOWN


def _changes(before: Release, after: Release) -> list[Change]:
    found: list[Change] = []
    for sheet in after.sheets:
        try:
            old = before.sheet(sheet.id)
        except KeyError:
            continue
        if old.cells == sheet.cells or (old.rows, old.columns) != (sheet.rows, sheet.columns):
            continue
        for i, (row_new, row_old) in enumerate(zip(sheet.cells, old.cells, strict=True)):
            for j, (new, was) in enumerate(zip(row_new, row_old, strict=True)):
                if new != was:
                    found.append(Change(sheet.id, *_codes(sheet, i, j), was, new))
    return found


def _codes(sheet: Sheet, i: int, j: int) -> tuple[str, str]:
    row = sheet.rows[i] if i < len(sheet.rows) else "total"
    column = sheet.columns[j] if j < len(sheet.columns) else "total"
    return row, column


def _position(sheet: Sheet, finding: Finding) -> Pos:
    rows = [*sheet.rows, "total"]
    columns = [*sheet.columns, "total"] if sheet.two_way else [*sheet.columns]
    if finding.column == "total" and not sheet.two_way:
        return rows.index(finding.row), 0
    return rows.index(finding.row), columns.index(finding.column)


def _picks(decisions: Decisions, result: AuditResult, release: Release) -> list[Place]:
    """One cell to withhold for each failing cell (the same cell may serve several)."""
    places: dict[str, list[Place]] = defaultdict(list)
    for g, sheet in enumerate(release.sheets):
        for i, row in enumerate(sheet.cells):
            for j, _ in enumerate(row):
                places[sheet.name(i, j)].append((g, (i, j)))
    neighbours = _neighbours(result.releases)
    chosen: list[Place] = []
    for finding in result.failing:
        sheet = result.releases[finding.release].sheet(finding.table)
        start = sheet.name(*_position(sheet, finding))
        pick = _cheapest(decisions.grids, places, neighbours, start)
        if pick is not None and pick not in chosen:
            chosen.append(pick)
    return chosen


def _neighbours(releases: Sequence[Release]) -> dict[str, set[str]]:
    """Per quantity, the quantities it shares a documented sum with, in any release."""
    found: dict[str, set[str]] = defaultdict(set)
    for release in releases:
        for sheet in release.sheets:
            groups = [[sheet.name(i, j) for i, j in line] for line in sheet.lines()]
            if sheet.kind == MULTI:
                total = sheet.name(len(sheet.rows), sheet.width() - 1)
                groups += [[sheet.name(i, 0), total] for i in range(len(sheet.rows))]
            for names in groups:
                for name in names:
                    found[name].update(names)
    return found


def _cheapest(
    grids: Sequence[Grid],
    places: dict[str, list[Place]],
    neighbours: dict[str, set[str]],
    start: str,
) -> Place | None:
    seen, ring = {start}, {start}
    while ring:
        candidates = [
            (pos in grids[g].margins, grids[g].value(pos), g, pos)
            for name in ring
            for g, pos in places.get(name, ())
            if grids[g].state[pos[0]][pos[1]] == SHOWN and grids[g].value(pos) > 0
        ]
        if candidates:
            _, _, g, pos = min(candidates)
            return g, pos
        ring = {n for name in ring for n in neighbours.get(name, ())} - seen
        seen |= ring
    return None


__all__ = ["SECONDARY", "Change", "Protection", "protect", "release_of"]
