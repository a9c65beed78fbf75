"""The disclosure audit: how tightly the attacker can bound every withheld cell, and whether
that is loose enough.

``reporting.attack_model`` writes what the attacker knows as a linear model; here each
withheld cell's unknown is minimised and maximised with HiGHS (``highspy``), a maintained
linear-programming solver. The model splits into independent parts (unknowns joined by no
relation never affect each other's bounds), and each part is solved on its own with its
objective changed cell by cell, so a whole year's return is a few hundred small solves.

The bounds are those of the linear relaxation, moved inwards to whole numbers (a count is
whole, so its bound is too): with ``integral=True`` the unknowns are whole numbers in the
solver as well (a mixed-integer solve), which can only narrow a bound further.

**The rule** (docs/return-spec.md, "The protection rule"), for a release at threshold k: the
attacker's interval for a withheld cell either still holds every value 1..k-1 (so a count of
1 to k-1 is not narrowed at all), or lies wholly at k or above and holds at least k-1 whole
numbers. It is decided from the interval alone, so anyone holding the published files can
check it; the organisation, knowing the true count, can do no better.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs as Highs  # the solver itself; the wrapper prints a banner

from survivorapp.reporting.attack_model import APART, BY_TEXT, INF, LINKED, Model, build_model
from survivorapp.reporting.releases import Release

_EPS = 1e-6
_ANSWERS = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


@dataclass(frozen=True)
class Finding:
    """One withheld cell of one release, and the attacker's tightest interval for it."""

    release: int
    table: str
    row: str
    column: str
    low: int
    high: int | None  # None: no upper bound
    k: int
    floor: int = 1  # the least it could be from the zeros alone
    base: int = 5

    @property
    def protected(self) -> bool:
        return protected(self.low, self.high, self.k, self.floor, self.base)

    def interval(self) -> str:
        return f"{self.low}..{'no limit' if self.high is None else self.high}"

    def where(self) -> str:
        column = "" if self.column == "count" else f", {self.column}"
        return f"{self.table}: {self.row}{column}"


@dataclass(frozen=True)
class AuditResult:
    releases: tuple[Release, ...]
    findings: tuple[Finding, ...]
    linking: str  # how releases of one period were tied (attack_model.LINKED, ...)

    @property
    def ok(self) -> bool:
        return all(f.protected for f in self.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.protected)

    def notes(self) -> list[str]:
        if self.linking == LINKED:
            return []
        if self.linking == BY_TEXT:
            return [
                "Releases of one period disagree (the figures changed between them): cells "
                "shown the same in both were taken as unchanged."
            ]
        return ["The releases contradict each other; each was audited on its own."]


def protected(low: int, high: int | None, k: int, floor: int = 1, base: int = 5) -> bool:
    """The protection rule, from the attacker's interval alone.

    ``floor`` is what a reader knows from the zeros alone (every non-zero count at least 1:
    a withheld total over two withheld cells is at least 2); knowing that is not a leak.
    A cell known to be at least k passes with k-1 whole numbers, or when its interval holds
    all that a published count would say (it then tells no more than publishing it would).
    """
    if low <= max(1, floor) and (high is None or high >= k - 1):
        return True
    if low < k:
        return False
    return high is None or high - low + 1 >= k - 1 or _holds_a_shown_count(low, high, k, base)


def _holds_a_shown_count(low: int, high: int, k: int, base: int) -> bool:
    floor = -(-k // base) * base
    shown = max(floor, (low - base) // base * base)
    while shown <= high:
        least = k if shown == floor else max(k, shown - base // 2)
        if low <= least and shown + (base - 1) // 2 <= high:
            return True
        shown += base
    return False


class Infeasible(Exception):
    """The releases cannot all be true at once (the attacker learns they disagree)."""


def audit(releases: Sequence[Release], *, integral: bool = False) -> AuditResult:
    """Bound every withheld cell of every release under the attacker model."""
    chosen = tuple(releases)
    for linking in (LINKED, BY_TEXT, APART):
        model = build_model(chosen, linking)
        try:
            intervals = solve(model, integral=integral)
        except Infeasible:
            continue
        floors = _floors(chosen, linking, model, intervals)
        findings = tuple(
            Finding(
                cell.release,
                cell.table,
                cell.row,
                cell.column,
                *intervals[cell.var],
                chosen[cell.release].k,
                floors.get(cell.var, 1),
                chosen[cell.release].base,
            )
            for cell in model.withheld
        )
        return AuditResult(chosen, findings, linking)
    raise Infeasible("A single release contradicts itself.")


def _floors(
    releases: tuple[Release, ...],
    linking: str,
    model: Model,
    intervals: dict[int, tuple[int, int | None]],
) -> dict[int, int]:
    """What the zeros alone say, for the cells where the rule needs it (a low of 2 to k-1)."""
    k = {cell.var: releases[cell.release].k for cell in model.withheld}
    needed = {v for v, (low, _) in intervals.items() if 1 < low < k.get(v, 1)}
    if not needed:
        return {}
    relaxed = build_model(releases, linking, zeros_only=True)
    relaxed.withheld = [cell for cell in relaxed.withheld if cell.var in needed]
    return {v: low for v, (low, _) in solve(relaxed, lowest_only=True).items()}


def solve(
    model: Model, *, integral: bool = False, lowest_only: bool = False
) -> dict[int, tuple[int, int | None]]:
    """The whole-number interval of every withheld unknown; raises Infeasible.

    ``lowest_only``: only the least value (the greatest is then given as None).
    """
    targets = sorted({cell.var for cell in model.withheld})
    parts = _components(model, targets)
    found: dict[int, tuple[int, int | None]] = {}
    for variables, rows in parts:
        wanted = [v for v in variables if v in set(targets)]
        if not rows:
            for v in wanted:
                found[v] = _whole(model.lower[v], model.upper[v])
            continue
        found.update(_solve_part(model, variables, rows, wanted, integral, lowest_only))
    return found


def _components(model: Model, targets: list[int]) -> list[tuple[list[int], list[int]]]:
    """The independent parts holding a withheld unknown: their unknowns and rows."""
    parent = list(range(len(model.lower)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for terms, _, _ in model.rows:
        first, *rest = terms
        for other in rest:
            a, b = find(first), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    wanted = {find(t) for t in targets}
    variables: dict[int, list[int]] = defaultdict(list)
    for v in range(len(parent)):
        root = find(v)
        if root in wanted:
            variables[root].append(v)
    rows: dict[int, list[int]] = defaultdict(list)
    for index, (terms, _, _) in enumerate(model.rows):
        root = find(next(iter(terms)))
        if root in wanted:
            rows[root].append(index)
    return [(variables[root], rows[root]) for root in sorted(wanted)]


def _solve_part(
    model: Model,
    variables: list[int],
    rows: list[int],
    wanted: list[int],
    integral: bool,
    lowest_only: bool,
) -> dict[int, tuple[int, int | None]]:
    local = {v: n for n, v in enumerate(variables)}
    highs = Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("presolve", "off")  # many small solves, each from the last basis
    inf = highspy.kHighsInf
    lower = np.array([model.lower[v] for v in variables], dtype=np.float64)
    upper = np.array([min(model.upper[v], inf) for v in variables], dtype=np.float64)
    highs.addVars(len(variables), lower, upper)
    if integral:
        highs.changeColsIntegrality(
            len(variables),
            np.arange(len(variables), dtype=np.int32),
            np.ones(len(variables), dtype=np.uint8),
        )
    for index in rows:
        terms, low, high = model.rows[index]
        columns = np.array([local[v] for v in terms], dtype=np.int32)
        values = np.array(list(terms.values()), dtype=np.float64)
        highs.addRow(max(low, -inf), min(high, inf), len(columns), columns, values)
    found: dict[int, tuple[int, int | None]] = {}
    highs.changeColsCost(
        len(variables),
        np.arange(len(variables), dtype=np.int32),
        np.zeros(len(variables), dtype=np.float64),
    )
    at_floor: set[int] = set()  # unknowns some solution already held at their lower bound
    columns = np.array([local[v] for v in wanted], dtype=np.int64)
    floors = lower[columns]

    def seen() -> None:
        values = np.asarray(highs.getSolution().col_value)[columns]
        at_floor.update(np.asarray(wanted)[np.abs(values - floors) <= _EPS].tolist())

    for v in wanted:
        highs.changeColCost(local[v], 1.0)
        if v in at_floor:  # a feasible point holds it at its bound: that is its least value
            low = model.lower[v]
        else:
            low = _optimum(highs, local[v], highspy.ObjSense.kMinimize)
            seen()
        high = INF if lowest_only else _optimum(highs, local[v], highspy.ObjSense.kMaximize)
        if not lowest_only and high < INF:
            seen()
        highs.changeColCost(local[v], 0.0)
        found[v] = _whole(low, high)
    return found


def _optimum(highs: Highs, column: int, sense: highspy.ObjSense) -> float:
    """The least or greatest value of ``column`` (its cost alone is 1)."""
    highs.changeObjectiveSense(sense)
    highs.run()
    status = highs.getModelStatus()
    if status not in _ANSWERS:  # start afresh once rather than from the last solve's basis
        highs.clearSolver()
        highs.run()
        status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return float(highs.getInfo().objective_function_value)
    unbounded = (
        highspy.HighsModelStatus.kUnbounded,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    )
    if status in unbounded and sense == highspy.ObjSense.kMaximize:
        return INF  # the minimum came first and was found, so the model is feasible
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        raise Infeasible("The releases cannot all be true at once.")
    raise RuntimeError(
        f"The solver stopped without an answer ({highs.modelStatusToString(status)})."
    )


def _whole(low: float, high: float) -> tuple[int, int | None]:
    """A real interval moved inwards to whole numbers (counts are whole)."""
    whole_low = math.ceil(low - _EPS)
    whole_high = None if high >= INF or high >= highspy.kHighsInf else math.floor(high + _EPS)
    return whole_low, whole_high


__all__ = ["APART", "BY_TEXT", "LINKED", "AuditResult", "Finding", "Infeasible", "audit"]
