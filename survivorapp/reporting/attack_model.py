"""The attacker's knowledge as a linear model: one unknown per quantity, one row per relation.

docs/return-spec.md ("The attacker") in code. Every quantity any release shows or withholds is
an unknown, named by who published it (an organisation, or a merge of several), the period,
and the quantity's name (``Sheet.name``: a linked cell's key, a total's population, otherwise
the table, row and column). What the attacker knows becomes bounds and linear rows:

* a shown count ``v`` is a whole number in ``max(k, v-2)..v+2`` (rounding to 5, never below k;
  in general within half a rounding base), a ``0`` is exactly 0, a ``[c]`` is at least 1;
* every documented sum holds (lines of an additive table, rows that add up to the total), and
  a count of a multi-select table is at most its population;
* releases of the same period by the same publisher count the same quantities;
* a financial year's flow table is the sum of its four quarters', and a year's stock cell is
  at least each quarter's and at most their sum;
* a merged release is the sum of its organisations' quantities;
* percentages worked out from exact counts bound the count by its total (a release that says
  its percentages come from the published counts adds nothing by them).

Quarters or organisations nobody published are unknowns too, so a relation through them
only says what it can (a year's flow is at least a published quarter's).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from survivorapp.reporting.periods import PeriodError, financial_year, parse_period, quarter
from survivorapp.reporting.releases import (
    FLOW,
    MULTI,
    PERCENT_FROM_PUBLISHED,
    STOCK,
    Release,
    across_periods,
)
from survivorapp.reporting.serialise import MalformedReturn

WITHHELD = "[c]"
INF = math.inf

VarKey = tuple[str, str, str, int]  # publisher, period label, quantity name, snapshot
LINKED, BY_TEXT, APART = "linked", "by_text", "apart"
"""How releases of one period by one publisher are tied: as the same quantities; only where
a cell is shown the same in both (the figures changed between them); or not at all."""


@dataclass(frozen=True)
class Cell:
    """One withheld cell of one release: where it is, and the unknown it is."""

    release: int
    table: str
    row: str
    column: str
    var: int


@dataclass
class Model:
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    withheld: list[Cell] = field(default_factory=list)
    keys: dict[VarKey, int] = field(default_factory=dict)

    def var(self, key: VarKey) -> int:
        found = self.keys.get(key)
        if found is None:
            found = self.keys[key] = len(self.lower)
            self.lower.append(0.0)
            self.upper.append(INF)
        return found

    def bound(self, var: int, low: float, high: float) -> None:
        self.lower[var] = max(self.lower[var], low)
        self.upper[var] = min(self.upper[var], high)

    def row(self, coefficients: dict[int, float], low: float, high: float) -> None:
        terms = {v: c for v, c in coefficients.items() if c != 0}
        if terms:
            self.rows.append((terms, low, high))


def shown_bounds(
    text: str, k: int, base: int, *, zeros_only: bool = False
) -> tuple[float, float] | None:
    """What a published count cell tells a reader about the exact count; None: nothing.

    ``zeros_only``: what it tells once every non-zero count is taken as withheld (the floor
    a reader always has, from the zeros alone).
    """
    if text == "":
        return None
    if text == WITHHELD:
        return (1.0, INF)
    if not text.isdigit():
        raise MalformedReturn(f"A count cell holds {text!r}, which is not a published count.")
    shown = int(text)
    if shown == 0:
        return (0.0, 0.0)
    if zeros_only:
        return (1.0, INF)
    floor = -(-k // base) * base
    low = k if shown == floor else max(k, shown - base // 2)
    return (float(low), float(shown + (base - 1) // 2))


def build_model(
    releases: Sequence[Release], linking: str = LINKED, *, zeros_only: bool = False
) -> Model:
    model = Model()
    for index, release in enumerate(releases):
        snapshot = _snapshot(releases, index, linking)
        _add_release(model, release, index, snapshot, zeros_only)
    if linking != APART:
        _add_merges(model, releases)
        _add_years(model, releases)
    return model


def _snapshot(releases: Sequence[Release], index: int, linking: str) -> dict[str, int]:
    """Per quantity name, which snapshot of its publisher's period it belongs to (0: shared)."""
    release = releases[index]
    if linking == LINKED:
        return defaultdict(int)
    first = next(
        i
        for i, other in enumerate(releases)
        if (other.scope, other.period.label) == (release.scope, release.period.label)
    )
    if first == index:
        return defaultdict(int)
    if linking == APART:
        return defaultdict(lambda: index)
    mine, theirs = _texts(release), _texts(releases[first])
    return defaultdict(
        lambda: index, {name: 0 for name, text in mine.items() if theirs.get(name) == text}
    )


def _texts(release: Release) -> dict[str, str]:
    return {
        sheet.name(i, j): text
        for sheet in release.sheets
        for i, row in enumerate(sheet.cells)
        for j, text in enumerate(row)
    }


def _add_release(
    model: Model, release: Release, index: int, snapshot: dict[str, int], zeros_only: bool
) -> None:
    def var(name: str) -> int:
        return model.var((release.scope, release.period.label, name, snapshot[name]))

    for sheet in release.sheets:
        if len(sheet.cells) != len(sheet.rows) + 1 or any(
            len(row) != sheet.width() for row in sheet.cells
        ):
            raise MalformedReturn(f"The table {sheet.id} does not have the shape it says.")
        grid = [
            [var(sheet.name(i, j)) for j in range(sheet.width())] for i in range(len(sheet.cells))
        ]
        for i, row in enumerate(sheet.cells):
            for j, text in enumerate(row):
                bounds = shown_bounds(text, release.k, release.base, zeros_only=zeros_only)
                if bounds is not None:
                    model.bound(grid[i][j], *bounds)
                if text == WITHHELD:
                    column = sheet.columns[j] if j < len(sheet.columns) else "total"
                    code = sheet.rows[i] if i < len(sheet.rows) else "total"
                    model.withheld.append(Cell(index, sheet.id, code, column, grid[i][j]))
        for line in sheet.lines():
            terms: dict[int, float] = defaultdict(float)
            for i, j in line[:-1]:
                terms[grid[i][j]] += 1.0
            terms[grid[line[-1][0]][line[-1][1]]] -= 1.0
            model.row(terms, 0.0, 0.0)
        total = grid[-1][-1] if sheet.two_way else grid[-1][0]
        if sheet.kind == MULTI:
            for i in range(len(sheet.rows)):
                for j in range(len(sheet.columns)):
                    model.row({grid[i][j]: 1.0, total: -1.0}, -INF, 0.0)
        exact_percents = release.percent_basis != PERCENT_FROM_PUBLISHED
        if exact_percents and not sheet.two_way and not zeros_only:
            _add_percents(model, sheet.percents, [r[0] for r in grid[:-1]], total)


def _add_percents(model: Model, percents: Sequence[str], cells: Sequence[int], total: int) -> None:
    """A whole-number percent p of an exact count x of total T: p - 0.5 <= 100 x / T < p + 0.5."""
    for text, var in zip(percents, cells, strict=False):
        try:
            shown = Decimal(text)
        except InvalidOperation:
            continue  # [c], [z]: nothing to learn
        low, high = float(shown) - 0.5, float(shown) + 0.5
        model.row({var: 100.0, total: -high}, -INF, 0.0)
        model.row({var: 100.0, total: -low}, 0.0, INF)


def _names(release: Release, kind: str | None = None) -> set[str]:
    return {
        sheet.name(i, j)
        for sheet in release.sheets
        if kind is None or across_periods(sheet.id) == kind
        for i, row in enumerate(sheet.cells)
        for j, _ in enumerate(row)
    }


def _add_merges(model: Model, releases: Sequence[Release]) -> None:
    """A merged release is the sum of its organisations', where any of theirs is held."""
    held = {(r.scope, r.period.label) for r in releases}
    for release in releases:
        period = release.period.label
        if not release.parts or not any((p, period) in held for p in release.parts):
            continue
        for name in sorted(_names(release)):
            terms = {model.var((release.scope, period, name, 0)): -1.0}
            for part in release.parts:
                terms[model.var((part, period, name, 0))] = 1.0
            model.row(terms, 0.0, 0.0)


def _add_years(model: Model, releases: Sequence[Release]) -> None:
    """A year's flows are the sums of its quarters'; its stocks lie between max and sum."""
    periods: dict[str, set[str]] = defaultdict(set)
    for release in releases:
        periods[release.scope].add(release.period.label)
    for scope, labels in sorted(periods.items()):
        for year, quarters in _years_of(labels):
            present = [q for q in quarters if q in labels]
            if not present or (year not in labels and len(present) < 2):
                continue
            chosen = [
                r for r in releases if r.scope == scope and r.period.label in (year, *quarters)
            ]
            flows = set().union(*(_names(r, FLOW) for r in chosen))
            stocks = set().union(*(_names(r, STOCK) for r in chosen)) - flows
            for name in sorted(flows):
                terms = {model.var((scope, year, name, 0)): -1.0}
                for q in quarters:
                    terms[model.var((scope, q, name, 0))] = 1.0
                model.row(terms, 0.0, 0.0)
            if year not in labels:
                continue
            for name in sorted(stocks):
                whole = model.var((scope, year, name, 0))
                for q in present:
                    model.row({model.var((scope, q, name, 0)): 1.0, whole: -1.0}, -INF, 0.0)
                if len(present) == len(quarters):
                    terms = {model.var((scope, q, name, 0)): 1.0 for q in quarters}
                    terms[whole] = -1.0
                    model.row(terms, 0.0, INF)


def _years_of(labels: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Each financial year that any of the periods falls in, with its four quarters."""
    firsts: set[int] = set()
    for label in labels:
        try:
            firsts.add(parse_period(label).start.year - (1 if label.endswith("-Q4") else 0))
        except PeriodError:
            continue
    return [
        (financial_year(y).label, tuple(quarter(y, n).label for n in range(1, 5)))
        for y in sorted(firsts)
    ]
