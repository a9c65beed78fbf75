"""Turn an exact return into the cells that are shown at one level (pure functions).

``internal`` and ``sealed`` show exact counts; ``publication`` applies the ONS-style 10-5 rule
(``reporting.suppression`` decides which cells are withheld) and rounds what is left. Every
output (CSV, XLSX, report, preview) is drawn from the ``PublishedReturn`` made here, so what a
manager previews is exactly what leaves the building. See docs/return-spec.md,
"Disclosure control".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.reporting.grids import (
    HIDDEN,
    PRIMARY,
    SECONDARY,
    Grid,
    build_grid,
    check_links,
    round_count,
)
from survivorapp.reporting.model import CountTable, Level, Period, Return, StatTable
from survivorapp.reporting.protect import Protection, protect
from survivorapp.reporting.releases import Release

SUPPRESSED = "[c]"  # GSS symbol: confidential
NOT_APPLICABLE = "[z]"  # GSS symbol: not applicable (no base to compute from)
TOTAL_CODE = "total"
MIN_K = 5
DEFAULT_K = 10
DEFAULT_BASE = 5

MARKINGS = {
    Level.INTERNAL: "Contains small numbers: do not share outside the organisation.",
    Level.SEALED: "Exact counts, encrypted for one commissioner: for merging only.",
    Level.PUBLICATION: (
        "Disclosure-controlled: counts of 1 to {k_minus_1} are shown as [c] and other counts "
        "are rounded to the nearest {base}. Safe to publish."
    ),
}


@dataclass(frozen=True)
class PublishedTable:
    """One table as it will be shown: every cell already text ("12", "15", "[c]", "4.5").

    ``column_codes`` are the CSV column names after ``category_code,category_label``;
    ``total_cells`` is the total line (``""`` where a total means nothing), or None.
    """

    id: str
    title: str
    section: str
    kind: str  # "count" or "stat"
    unit: str
    notes: str
    additive: bool
    row_codes: tuple[str, ...]
    row_labels: tuple[str, ...]
    column_codes: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    total_cells: tuple[str, ...] | None
    primary_suppressed: int = 0
    secondary_suppressed: int = 0


@dataclass(frozen=True)
class PublishedReturn:
    period: Period
    level: Level
    k: int
    base: int
    schema_version: int
    tables: tuple[PublishedTable, ...]
    excluded_for_consent: str
    organisations: tuple[str, ...] = ()
    protection: Protection | None = None
    """Publication level: the audit's verdict, what it withheld, and the release itself."""

    @property
    def marking(self) -> str:
        return MARKINGS[self.level].format(k_minus_1=self.k - 1, base=self.base)

    @property
    def primary_suppressed(self) -> int:
        return sum(t.primary_suppressed for t in self.tables)

    @property
    def secondary_suppressed(self) -> int:
        return sum(t.secondary_suppressed for t in self.tables)

    def table(self, table_id: str) -> PublishedTable:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)


class DisclosureParameterError(UserFacingError, ValueError):
    """A threshold or rounding base that disclosure control refuses to use."""

    exit_code = EXIT_USAGE


def check_parameters(k: int, base: int) -> None:
    """Refuse a threshold below the 10-5 rule's floor of 5, or a rounding base below 1."""
    if k < MIN_K:
        raise DisclosureParameterError(
            f"k = {k} is refused: the 10-5 rule never lets the threshold go below {MIN_K}."
        )
    if base < 1:
        raise DisclosureParameterError(f"The rounding base must be at least 1, not {base}.")


def publish(
    ret: Return,
    level: Level,
    k: int = DEFAULT_K,
    base: int = DEFAULT_BASE,
    *,
    earlier: Sequence[Release] = (),
    scope: str = "",
) -> PublishedReturn:
    """The return's cells as shown at ``level``; deterministic for the same input.

    At publication level the cells withheld are those the audit needs with ``earlier``,
    the releases a reader will hold beside this one (``reporting.protect``); ``scope`` names
    who publishes it (the organisation's key fingerprint), as in those releases.
    """
    check_parameters(k, base)
    for table in ret.tables:
        if isinstance(table, CountTable):
            table.check()
            check_links(table)
    public = level is Level.PUBLICATION
    count_tables = [t for t in ret.tables if isinstance(t, CountTable)]
    protection = None
    grids: dict[str, Grid] = {}
    if public:
        parts = ret.organisations if scope.startswith("merge:") else ()
        protection = protect(
            count_tables, ret.period, k, base, earlier=earlier, scope=scope, parts=parts
        )
        grids = {g.table.id: g for g in protection.grids}
    shown: list[PublishedTable] = []
    for table in ret.tables:
        if isinstance(table, CountTable):
            shown.append(_count_table(table, grids.get(table.id), k, base))
        else:
            shown.append(_stat_table(table, public, k, base))
    excluded = ret.excluded_for_consent
    return PublishedReturn(
        period=ret.period,
        level=level,
        k=k,
        base=base,
        schema_version=ret.schema_version,
        tables=tuple(shown),
        excluded_for_consent=_count_text(excluded, public, excluded < k, k, base),
        organisations=ret.organisations,
        protection=protection,
    )


# --- numbers as text ----------------------------------------------------------------------------


def _count_text(value: int, public: bool, suppressed: bool, k: int, base: int) -> str:
    if not public:
        return str(value)
    if suppressed and value > 0:
        return SUPPRESSED
    return str(round_count(value, base, k))


def _decimal(value: float, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def format_statistic(value: float | None, unit: str) -> str:
    """Whole days for durations in days, otherwise one decimal place."""
    if value is None:
        return NOT_APPLICABLE
    return _decimal(value, 0 if unit == "days" else 1)


# --- count tables -----------------------------------------------------------------------------


def _count_table(table: CountTable, grid: Grid | None, k: int, base: int) -> PublishedTable:
    public = grid is not None
    n_rows, n_cols = len(table.rows), len(table.columns)
    one_way = n_cols == 1
    values, states = _values_and_states(table, grid)

    def text(i: int, j: int) -> str:
        if states[i][j] == HIDDEN:
            return ""
        return _count_text(values[i][j], public, states[i][j] > 0, k, base)

    width = 1 if one_way else n_cols + 1
    body = [[text(i, j) for j in range(width)] for i in range(n_rows)]
    total_line = [text(n_rows, j) for j in range(width)]
    if one_way:
        total_value, total_shown = values[n_rows][0], states[n_rows][0] == 0
        if public:  # percentages of the published counts: they add nothing to them
            total_value = round_count(total_value, base, k)
        for i in range(n_rows):
            cell_shown = states[i][0] == 0
            part = round_count(values[i][0], base, k) if public else values[i][0]
            body[i].append(_percent(part, total_value, cell_shown and total_shown, k, public))
        total_line.append("" if not table.additive else _percent(1, 1, total_shown, 1, public))
        codes, labels = (*table.columns, "percent"), (*table.column_labels, "Percent")
    else:
        codes, labels = (*table.columns, TOTAL_CODE), (*table.column_labels, "Total")
    primary = grid.count(PRIMARY) if grid else 0
    secondary = grid.count(SECONDARY) if grid else 0
    return PublishedTable(
        id=table.id,
        title=table.title,
        section=table.section,
        kind="count",
        unit=table.unit,
        notes=table.notes,
        additive=table.additive,
        row_codes=table.rows,
        row_labels=table.row_labels,
        column_codes=codes,
        column_labels=labels,
        cells=tuple(tuple(row) for row in body),
        total_cells=tuple(total_line),
        primary_suppressed=primary,
        secondary_suppressed=secondary,
    )


def _values_and_states(
    table: CountTable, grid: Grid | None
) -> tuple[list[list[int]], list[list[int]]]:
    if grid is not None:
        return grid.values, grid.state
    exact = build_grid(table)
    return exact.values, exact.state


def _percent(part: int, whole: int, shown: bool, k: int, public: bool) -> str:
    """Share of the table's base; only for a base of at least k.

    Published percentages are worked out from the published (rounded) counts and are whole
    numbers, so they tell a reader nothing the counts beside them do not (docs/return-spec.md,
    "The attacker"); internal ones are exact, with one decimal place.
    """
    if whole == 0:
        return NOT_APPLICABLE
    if public and (not shown or whole < k):
        return SUPPRESSED
    return _decimal(100.0 * part / whole, 0 if public else 1)


# --- statistic tables -----------------------------------------------------------------------------


def _stat_table(table: StatTable, public: bool, k: int, base: int) -> PublishedTable:
    rows: list[tuple[str, ...]] = []
    primary = 0
    for index, distribution in enumerate(table.distributions):
        n = distribution.n
        hidden = public and 0 < n < k
        primary += (1 + len(table.statistics)) if hidden else 0
        cells = [_count_text(n, public, hidden, k, base)]
        for statistic in table.statistics:
            value = table.value(index, statistic)
            cells.append(SUPPRESSED if hidden else format_statistic(value, table.unit))
        rows.append(tuple(cells))
    return PublishedTable(
        id=table.id,
        title=table.title,
        section=table.section,
        kind="stat",
        unit=table.unit,
        notes=table.notes,
        additive=False,
        row_codes=table.rows,
        row_labels=table.row_labels,
        column_codes=("n", *table.statistics),
        column_labels=("Number", *(_statistic_label(s) for s in table.statistics)),
        cells=tuple(rows),
        total_cells=None,
        primary_suppressed=primary,
        secondary_suppressed=0,
    )


def _statistic_label(statistic: str) -> str:
    if statistic == "median":
        return "Median"
    if statistic == "mean":
        return "Mean"
    return f"{statistic[1:]}th percentile"
