"""An attacker written from docs/return-spec.md alone, separately from ``reporting``'s own.

It reads only what was published (``PublishedReturn`` cells as text, as in the CSV files) and
builds its own linear programme from the specification's words: rounding intervals, ``[c]`` at
least 1, zeros exact, each table's sums, linked cells and shared totals as one unknown, a year's
flow cells as the sum of its quarters', stock cells between the largest quarter and the sum,
a merge as the sum of its organisations. It shares no code with ``reporting.attack_model`` or
``reporting.audit``: only the solver (HiGHS) and the shape of the small returns that
``test_attacker_property.py`` makes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from highspy._core import _Highs

from survivorapp.reporting.disclosure import PublishedReturn

FLOWS = {"demand_by_source", "activity_closures_by_reason", "referrals_by_destination"}
STOCKS = {"survivors_sex", "completeness"}
LINKED_SEX = {"not_asked", "declined"}  # rows of survivors_sex = cells of completeness "sex"


@dataclass
class Seen:
    """One published return as the attacker holds it."""

    who: str
    period: str
    parts: tuple[str, ...]
    published: PublishedReturn


@dataclass
class Programme:
    index: dict[tuple[str, ...], int] = field(default_factory=dict)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)

    def x(self, *name: str) -> int:
        if name not in self.index:
            self.index[name] = len(self.low)
            self.low.append(0.0)
            self.high.append(math.inf)
        return self.index[name]

    def equal(self, plus: list[int], minus: list[int]) -> None:
        terms: dict[int, float] = {}
        for v in plus:
            terms[v] = terms.get(v, 0.0) + 1.0
        for v in minus:
            terms[v] = terms.get(v, 0.0) - 1.0
        self.rows.append((terms, 0.0, 0.0))

    def at_most(self, small: int, big: int) -> None:
        self.rows.append(({small: 1.0, big: -1.0}, -math.inf, 0.0))


def interval_of(text: str, k: int) -> tuple[float, float]:
    """Spec, "The attacker" 3: rounding to 5, never shown below k."""
    if text == "[c]":
        return 1.0, math.inf
    value = int(text)
    if value == 0:
        return 0.0, 0.0
    least = k if value == math.ceil(k / 5) * 5 else max(k, value - 2)
    return float(least), float(value + 2)


def unknown(p: Programme, seen: Seen, table: str, row: str, column: str) -> int:
    """The one unknown a cell is, by the specification's names."""
    if table == "survivors_sex" and row in LINKED_SEX:
        return p.x(seen.who, seen.period, "sex", row)
    if table == "completeness" and column in LINKED_SEX:
        return p.x(seen.who, seen.period, "sex", column)
    if table == "referrals_destination_by_status" and column == "total" and row != "total":
        return p.x(seen.who, seen.period, "destination", row)
    if table == "referrals_by_destination" and row != "total":
        return p.x(seen.who, seen.period, "destination", row)
    groups = {
        "survivors_sex": "open",
        "completeness": "open",
        "referrals_by_destination": "started",
        "referrals_destination_by_status": "started",
    }
    if row == "total" and (column in ("count", "total") or table == "completeness"):
        return p.x(seen.who, seen.period, "total", groups.get(table, table))
    return p.x(seen.who, seen.period, table, row, column)


def read(p: Programme, seen: Seen, *, zeros_only: bool) -> list[tuple[int, str, str, str]]:
    """Bounds and sums of one return; the withheld cells as (unknown, table, row, column)."""
    withheld = []
    for table in seen.published.tables:
        if table.kind != "count":
            continue
        two_way = table.column_codes[-1] == "total"
        columns = list(table.column_codes) if two_way else ["count"]
        lines = [*zip(table.row_codes, table.cells, strict=True), ("total", table.total_cells)]
        grid: dict[tuple[str, str], int] = {}
        for row, texts in lines:
            for column, text in zip(columns, texts or (), strict=False):
                if text == "":
                    continue
                v = unknown(p, seen, table.id, row, column)
                grid[(row, column)] = v
                low, high = interval_of(text, seen.published.k)
                if zeros_only and low > 0:
                    low, high = 1.0, math.inf
                p.low[v], p.high[v] = max(p.low[v], low), min(p.high[v], high)
                if text == "[c]":
                    withheld.append((v, table.id, row, column))
        _sums(p, table.id, table.row_codes, columns, grid, two_way, table.additive)
    return withheld


def _sums(
    p: Programme,
    table: str,
    rows: tuple[str, ...],
    columns: list[str],
    grid: dict[tuple[str, str], int],
    two_way: bool,
    additive: bool,
) -> None:
    if not two_way:
        p.equal([grid[(r, "count")] for r in rows], [grid[("total", "count")]])
        return
    body = columns[:-1]
    if table == "completeness":  # each row adds up to the cases open
        for r in rows:
            p.equal([grid[(r, c)] for c in body], [grid[("total", "total")]])
        return
    for r in [*rows, "total"]:
        p.equal([grid[(r, c)] for c in body], [grid[(r, "total")]])
    for c in columns:
        p.equal([grid[(r, c)] for r in rows], [grid[("total", c)]])


def across(p: Programme, seen: list[Seen]) -> None:
    """Years and their quarters; merges and their organisations."""
    whos = {s.who for s in seen}
    names = {key[2:] for key in p.index}
    for who in whos:
        periods = {s.period for s in seen if s.who == who}
        if "2026-27" not in periods and sum(q in periods for q in QUARTERS) < 2:
            continue
        for name in sorted(names):
            table = name[0]
            flow = (
                table in FLOWS
                or table == "destination"
                or (table == "total" and name[1] in {*FLOWS, "started"})
            )
            year = p.x(who, "2026-27", *name)
            quarters = [p.x(who, q, *name) for q in QUARTERS]
            if flow:
                p.equal(quarters, [year])
            elif table in STOCKS or table == "sex" or name == ("total", "open"):
                for q in quarters:
                    p.at_most(q, year)
                p.rows.append(({**{q: 1.0 for q in quarters}, year: -1.0}, 0.0, math.inf))
    for s in seen:
        if s.parts:
            for name in sorted(n for n in names):
                p.equal([p.x(o, s.period, *name) for o in s.parts], [p.x(s.who, s.period, *name)])


QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")


def solve(p: Programme, v: int, sense: int) -> float:
    highs = _Highs()
    highs.setOptionValue("output_flag", False)
    n = len(p.low)
    highs.addVars(n, np.array(p.low), np.array([min(h, 1e30) for h in p.high]))
    for terms, low, high in p.rows:
        idx = np.array(list(terms), dtype=np.int32)
        highs.addRow(
            max(low, -1e30), min(high, 1e30), len(idx), idx, np.array(list(terms.values()))
        )
    cost = np.zeros(n)
    cost[v] = float(sense)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    if status == "Optimal":
        return sense * float(highs.getInfo().objective_function_value)
    if "nbounded" in status and sense < 0:
        return math.inf
    raise ValueError(status)


def bounds(
    seen: list[Seen], *, zeros_only: bool = False
) -> list[tuple[Seen, str, str, str, int, float]]:
    """Every withheld cell with its whole-number low and high (high may be inf).

    Releases that cannot all be true together (figures changed between two exports of a
    period) are read apart, each on its own.
    """
    try:
        return _bounds(seen, zeros_only, apart=False)
    except ValueError:
        return _bounds(seen, zeros_only, apart=True)


def _bounds(
    seen: list[Seen], zeros_only: bool, apart: bool
) -> list[tuple[Seen, str, str, str, int, float]]:
    p = Programme()
    if apart:
        renamed = [Seen(f"{s.who}#{n}", s.period, (), s.published) for n, s in enumerate(seen)]
        cells = [(s, read(p, r, zeros_only=zeros_only)) for s, r in zip(seen, renamed, strict=True)]
    else:
        cells = [(s, read(p, s, zeros_only=zeros_only)) for s in seen]
        across(p, seen)
    found = []
    for s, withheld in cells:
        for v, table, row, column in withheld:
            low = math.ceil(solve(p, v, 1) - 1e-6)
            high = solve(p, v, -1)
            found.append(
                (
                    s,
                    table,
                    row,
                    column,
                    low,
                    math.floor(high + 1e-6) if high < math.inf else math.inf,
                )
            )
    return found
