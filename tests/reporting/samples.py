"""Small exact returns for the reporting tests, and an independent check of recoverability.

The returns are made by hand here (not by ``reporting.build``) so that these tests depend only
on the data model. ``recoverable_cells`` is deliberately a different algorithm from the one in
``reporting.suppression``: exact rational elimination over every additive relation, so the
tests can catch a cell the suppression heuristics missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from survivorapp.reporting.disclosure import SUPPRESSED, PublishedReturn, PublishedTable
from survivorapp.reporting.model import CountTable, Distribution, Period, Return, StatTable

Q1 = Period("2026-Q1", date(2026, 4, 1), date(2026, 6, 30))
Q2 = Period("2026-Q2", date(2026, 7, 1), date(2026, 9, 30))


def one_way(
    table_id: str,
    counts: Sequence[int],
    *,
    group: str = "cases",
    additive: bool = True,
    total: int | None = None,
    section: str = "Demand",
) -> CountTable:
    codes = tuple(f"{table_id}_{i}" for i in range(len(counts)))
    return CountTable(
        id=table_id,
        title=table_id.replace("_", " ").capitalize(),
        section=section,
        row_dimension=table_id,
        rows=codes,
        row_labels=tuple(f"Category {i + 1}" for i in range(len(counts))),
        counts=tuple((c,) for c in counts),
        total=sum(counts) if total is None else total,
        total_group=group,
        additive=additive,
    )


def two_way(table_id: str, counts: Sequence[Sequence[int]], *, group: str = "cases") -> CountTable:
    n_cols = len(counts[0])
    return CountTable(
        id=table_id,
        title=table_id.replace("_", " ").capitalize(),
        section="People",
        row_dimension="rows",
        rows=tuple(f"r{i}" for i in range(len(counts))),
        row_labels=tuple(f"Row {i + 1}" for i in range(len(counts))),
        counts=tuple(tuple(row) for row in counts),
        total=sum(sum(row) for row in counts),
        total_group=group,
        columns=tuple(f"c{j}" for j in range(n_cols)),
        column_labels=tuple(f"Column {j + 1}" for j in range(n_cols)),
        column_dimension="columns",
    )


def waits(*distributions: Distribution) -> StatTable:
    return StatTable(
        id="waits",
        title="Waiting times",
        section="Waiting",
        rows=tuple(f"w{i}" for i in range(len(distributions))),
        row_labels=tuple(f"Wait {i + 1}" for i in range(len(distributions))),
        distributions=tuple(distributions),
    )


def sample_return(
    shift: int = 0, *, period: Period = Q1, schema_version: int = 1, excluded: int = 4
) -> Return:
    """A return with every kind of table the charts and writers handle."""
    demand = one_way("demand_by_source", [120 + shift, 45, 7, 2, 0], group="referrals")
    stages = one_way("justice_furthest_stage", [300, 40 + shift, 12, 6], group="justice")
    sex_by_age = two_way("sex_by_age", [[200, 150, 90 + shift], [30, 12, 3], [2, 40, 10]])
    types = one_way(
        "incident_types", [180, 90, 4, 60], additive=False, total=300 + shift, group="incidents"
    )
    wait = waits(
        Distribution.of([3, 5, 8, 13, 21, 34, 55, 89, 144, 233, shift]),
        Distribution.of([1, 2, 3]),
    )
    return Return(
        period=period,
        tables=(demand, stages, sex_by_age, types, wait),
        excluded_for_consent=excluded,
        schema_version=schema_version,
    )


# --- an independent recoverability check ----------------------------------------------------------


def published_grid(table: CountTable, shown: PublishedTable) -> list[list[bool]]:
    """Which cells of the extended grid (body, margins) were withheld."""
    rows = [list(row) for row in shown.cells]
    assert shown.total_cells is not None
    rows.append(list(shown.total_cells))
    if len(table.columns) == 1:
        return [[row[0] == SUPPRESSED] for row in rows]
    return [[cell == SUPPRESSED for cell in row] for row in rows]


def recoverable_cells(table: CountTable, withheld: list[list[bool]]) -> list[tuple[int, int]]:
    """Withheld cells whose exact value follows from the shown cells and the table's sums.

    Shown cells are taken as exact (the strictest reading: rounding would only help). A cell
    is recoverable when its unit vector lies in the row space of the relations restricted to
    the withheld cells; that is decided exactly with fractions.
    """
    n_rows, n_cols = len(table.rows), len(table.columns)
    if n_cols == 1:
        lines = [[(i, 0) for i in range(n_rows + 1)]]
    else:
        lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
        lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    unknowns = sorted({p for line in lines for p in line if withheld[p[0]][p[1]]})
    index = {p: n for n, p in enumerate(unknowns)}
    equations = []
    for line in lines:
        vector = [Fraction(0)] * len(unknowns)
        for p in line[:-1]:
            if p in index:
                vector[index[p]] += 1
        if line[-1] in index:
            vector[index[line[-1]]] -= 1
        if any(vector):
            equations.append(vector)
    basis = _row_reduce(equations)
    return [p for p in unknowns if _in_span(basis, index[p], len(unknowns))]


def _row_reduce(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        row = _reduce(basis, row)
        pivot = next((i for i, v in enumerate(row) if v), None)
        if pivot is None:
            continue
        row = [v / row[pivot] for v in row]
        basis = [(p, [a - b[pivot] * c for a, c in zip(b, row, strict=True)]) for p, b in basis]
        basis.append((pivot, row))
    return basis


def _reduce(basis: list[tuple[int, list[Fraction]]], row: list[Fraction]) -> list[Fraction]:
    row = list(row)
    for pivot, vector in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [a - factor * b for a, b in zip(row, vector, strict=True)]
    return row


def _in_span(basis: list[tuple[int, list[Fraction]]], column: int, width: int) -> bool:
    unit = [Fraction(0)] * width
    unit[column] = Fraction(1)
    return not any(_reduce(basis, unit))


# --- the same check over a whole return, with linked cells -----------------------------------


def recoverable_in_return(ret: Return, pub: PublishedReturn) -> list[str]:
    """Withheld quantities of a whole return whose exact value follows from all it shows.

    Written apart from ``reporting.suppression``, from what a reader is told: unknowns are
    quantities, not cells. Cells of one key (``cell_keys``, ``row_total_keys``) are one
    quantity, and so are the grand totals of tables with the same total group. A quantity
    shown anywhere is known, so a quantity withheld in one table and shown in another is
    recoverable at once. The relations are every line of every additive table and every row
    of a table whose rows add up to its total; shown cells are taken as exact.
    """
    names: dict[tuple[str, int, int], str] = {}
    texts: dict[str, set[str]] = {}
    exact: dict[str, int] = {}
    relations: list[list[str]] = []  # names: members, then the total
    for table in ret.tables:
        if not isinstance(table, CountTable):
            continue
        shown = pub.table(table.id)
        assert shown.total_cells is not None
        grid = [list(row) for row in shown.cells] + [list(shown.total_cells)]
        values = _extended(table)
        for (i, j), name in _quantity_names(table).items():
            names[(table.id, i, j)] = name
            texts.setdefault(name, set()).add(grid[i][j])
            assert exact.setdefault(name, values[i][j]) == values[i][j], name
        relations += [[names[(table.id, i, j)] for i, j in line] for line in _relations(table)]
    known = {n for n, seen in texts.items() if seen - {SUPPRESSED}}
    withheld = sorted(n for n, seen in texts.items() if SUPPRESSED in seen)
    found = [n for n in withheld if n in known]  # shown in one table, withheld in another
    unknowns = [n for n in withheld if n not in known]
    index = {n: k for k, n in enumerate(unknowns)}
    equations = []
    for members in relations:
        vector = [Fraction(0)] * len(unknowns)
        for n, name in enumerate(members):
            if name in index:
                vector[index[name]] += -1 if n == len(members) - 1 else 1
        if any(vector):
            equations.append(vector)
    basis = _row_reduce(equations)
    return found + [n for n in unknowns if _in_span(basis, index[n], len(unknowns))]


def _extended(table: CountTable) -> list[list[int]]:
    if len(table.columns) == 1:
        return [[row[0]] for row in table.counts] + [[table.total]]
    body = [[*row, sum(row)] for row in table.counts]
    return [*body, [*(sum(col) for col in zip(*table.counts, strict=True)), table.total]]


def _quantity_names(table: CountTable) -> dict[tuple[int, int], str]:
    """Every cell a reader may see, by the quantity it holds (margins of a non-additive
    two-way table are left out: they mean nothing and are never shown)."""
    n_rows, n_cols = len(table.rows), len(table.columns)
    grand = f"total of {table.total_group}"
    names: dict[tuple[int, int], str] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            key = table.cell_keys[i][j] if table.cell_keys else None
            names[(i, j)] = key or f"{table.id}[{i},{j}]"
    if n_cols == 1:
        names[(n_rows, 0)] = grand
        return names
    names[(n_rows, n_cols)] = grand
    if table.additive:
        for i in range(n_rows):
            key = table.row_total_keys[i] if table.row_total_keys else None
            names[(i, n_cols)] = key or f"{table.id}[{i},total]"
        for j in range(n_cols):
            names[(n_rows, j)] = f"{table.id}[total,{j}]"
    return names


def _relations(table: CountTable) -> list[list[tuple[int, int]]]:
    n_rows, n_cols = len(table.rows), len(table.columns)
    if n_cols == 1:
        return [[(i, 0) for i in range(n_rows + 1)]] if table.additive else []
    if table.additive:
        lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
        return lines + [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    if table.rows_sum_to_total:
        return [[*((i, j) for j in range(n_cols)), (n_rows, n_cols)] for i in range(n_rows)]
    return []
