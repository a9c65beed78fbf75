"""What an outside reader holds of one published return: its cells and the documented relations.

The attacker of docs/return-spec.md ("The attacker") reads every publication an organisation
has made and knows the specification. A :class:`Release` is one such publication as that
reader sees it: for every count table the text of every cell (``"15"``, ``"0"``, ``"[c]"``;
``""`` where a cell means nothing), and the relations the specification documents for it
(which cells add up to which total, which cells hold the same quantity as a cell of another
table, which population its total counts, whether a financial year's table is the sum of its
quarters). ``reporting.audit`` turns a set of releases into a linear programme; the same
releases are written into a return folder (``relations.json``, without the cells, which the
CSV files carry) and into the vault's release register (with the cells).

A release never holds an exact count: only what was published.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from survivorapp.reporting.model import CountTable, Period
from survivorapp.reporting.serialise import MalformedReturn, period_from_dict, period_to_dict

RELATIONS_FILE = "relations.json"
RELATIONS_FORMAT = "survivorapp-relations"
RELATIONS_VERSION = 1

ADDITIVE, ROWS_SUM, MULTI = "additive", "rows_sum_to_total", "multi"
FLOW, STOCK = "flow", "stock"

FLOW_TABLES = frozenset(
    {
        "demand_by_source",
        "demand_by_service_line",
        "activity_sessions_by_mode",
        "activity_sessions_by_kind",
        "activity_closures_by_reason",
        "referrals_by_destination",
    }
)
"""Tables of things that happened during the period (cases received, sessions held,
closures, referrals started): a financial year's table is the sum of its four quarters'.
Questionnaire tables (``feedback_*``) are flows too."""

STOCK_PREFIXES = ("survivors_", "incidents_", "completeness")
"""Tables of the cases open in the period, by what the records say now: a case open in a
quarter is open in its year, so a year's cell is at least each quarter's and at most their
sum."""

PERCENT_FROM_PUBLISHED = "published counts"
"""Percentages worked out from the published (rounded) counts: they tell a reader nothing
the counts beside them do not."""


def across_periods(table_id: str) -> str | None:
    """How a year's cell of this table relates to its quarters' (FLOW, STOCK or None)."""
    if table_id in FLOW_TABLES or table_id.startswith("feedback_"):
        return FLOW
    if table_id.startswith(STOCK_PREFIXES):
        return STOCK
    return None


@dataclass(frozen=True)
class Sheet:
    """One count table as published: cells on a grid with its margins, and its relations.

    ``cells`` has one row per category and a last row for the total line; a one-way table
    has one column, a two-way table one per category and a last one for row totals.
    ``percents`` (one-way tables) holds the percent column, total line included.
    """

    id: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    kind: str  # ADDITIVE, ROWS_SUM or MULTI
    total_group: str
    cell_keys: tuple[tuple[str | None, ...], ...] = ()
    row_total_keys: tuple[str | None, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()
    percents: tuple[str, ...] = ()

    @property
    def two_way(self) -> bool:
        return len(self.columns) > 1

    def name(self, i: int, j: int) -> str:
        """The quantity a grid cell holds, as every release and table names it."""
        n_rows, n_cols = len(self.rows), len(self.columns)
        if i == n_rows and (j == n_cols or not self.two_way):
            return f"total:{self.total_group}"
        if i < n_rows and j < n_cols and self.cell_keys and self.cell_keys[i][j] is not None:
            return f"key:{self.cell_keys[i][j]}"
        if i < n_rows and j == n_cols and self.row_total_keys and self.row_total_keys[i]:
            return f"key:{self.row_total_keys[i]}"
        row = self.rows[i] if i < n_rows else "total"
        col = self.columns[j] if j < n_cols else "total"
        return f"cell:{self.id}/{row}/{col}"

    def lines(self) -> list[tuple[tuple[int, int], ...]]:
        """Each documented sum: its members, then the total they add up to."""
        n_rows, n_cols = len(self.rows), len(self.columns)
        if not self.two_way:
            if self.kind != ADDITIVE:
                return []
            return [tuple((i, 0) for i in range(n_rows + 1))]
        if self.kind == ROWS_SUM:
            return [(*((i, j) for j in range(n_cols)), (n_rows, n_cols)) for i in range(n_rows)]
        if self.kind != ADDITIVE:
            return []
        found = [tuple((i, j) for j in range(n_cols + 1)) for i in range(n_rows + 1)]
        found += [tuple((i, j) for i in range(n_rows + 1)) for j in range(n_cols + 1)]
        return found

    def width(self) -> int:
        return len(self.columns) + 1 if self.two_way else 1


@dataclass(frozen=True)
class Release:
    """One publication as a reader holds it: who made it, for when, at which k, its cells."""

    source: str  # how messages name it: a folder, or "released on 2027-04-02"
    scope: str  # the organisation's key fingerprint, or "merge:<fingerprints>"
    period: Period
    k: int
    base: int
    sheets: tuple[Sheet, ...]
    parts: tuple[str, ...] = ()  # a merge: the organisations it adds up
    percent_basis: str = PERCENT_FROM_PUBLISHED

    def sheet(self, table_id: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.id == table_id:
                return sheet
        raise KeyError(table_id)


def merge_scope(organisations: Sequence[str]) -> str:
    return "merge:" + ",".join(sorted(organisations))


def sheet_of(table: CountTable, cells: Sequence[Sequence[str]], percents: Sequence[str]) -> Sheet:
    """A table's relations, with the cells as published on its grid."""
    if table.additive:
        kind = ADDITIVE
    elif table.rows_sum_to_total:
        kind = ROWS_SUM
    else:
        kind = MULTI
    return Sheet(
        id=table.id,
        rows=table.rows,
        columns=table.columns,
        kind=kind,
        total_group=table.total_group,
        cell_keys=table.cell_keys,
        row_total_keys=table.row_total_keys,
        cells=tuple(tuple(row) for row in cells),
        percents=tuple(percents),
    )


# --- JSON ---------------------------------------------------------------------------------------


def sheet_to_dict(sheet: Sheet, *, with_cells: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": sheet.id,
        "rows": list(sheet.rows),
        "columns": list(sheet.columns),
        "kind": sheet.kind,
        "total_group": sheet.total_group,
        "cell_keys": [list(row) for row in sheet.cell_keys],
        "row_total_keys": list(sheet.row_total_keys),
        "across_periods": across_periods(sheet.id),
    }
    if with_cells:
        data["cells"] = [list(row) for row in sheet.cells]
        data["percents"] = list(sheet.percents)
    return data


def relations_to_dict(release: Release) -> dict[str, Any]:
    """What ``relations.json`` holds: the relations of every count table, no cells."""
    return {
        "format": RELATIONS_FORMAT,
        "version": RELATIONS_VERSION,
        "percent_basis": release.percent_basis,
        "tables": [sheet_to_dict(s, with_cells=False) for s in release.sheets],
    }


def release_to_dict(release: Release) -> dict[str, Any]:
    """A release with its published cells, as the release register keeps it."""
    return {
        **relations_to_dict(release),
        "scope": release.scope,
        "parts": list(release.parts),
        "period": period_to_dict(release.period),
        "k": release.k,
        "rounding_base": release.base,
        "tables": [sheet_to_dict(s, with_cells=True) for s in release.sheets],
    }


def release_from_dict(data: object, source: str) -> Release:
    obj = _mapping(data)
    return Release(
        source=source,
        scope=str(obj.get("scope", "")),
        parts=tuple(str(p) for p in _sequence(obj.get("parts", []))),
        period=period_from_dict(obj.get("period")),
        k=_int(obj.get("k")),
        base=_int(obj.get("rounding_base")),
        sheets=tuple(sheet_from_dict(s) for s in _sequence(obj.get("tables"))),
        percent_basis=str(obj.get("percent_basis", "")),
    )


def sheet_from_dict(data: object, cells: Sequence[Sequence[str]] | None = None) -> Sheet:
    """A sheet from JSON; ``cells`` (read from a CSV) replace any cells the JSON holds."""
    obj = _mapping(data)
    kind = str(obj.get("kind"))
    if kind not in (ADDITIVE, ROWS_SUM, MULTI):
        raise MalformedReturn(f"The table {obj.get('id')} has an unknown kind of sum: {kind}.")
    given = cells if cells is not None else _sequence(obj.get("cells", []))
    return Sheet(
        id=str(obj.get("id")),
        rows=tuple(str(r) for r in _sequence(obj.get("rows"))),
        columns=tuple(str(c) for c in _sequence(obj.get("columns"))),
        kind=kind,
        total_group=str(obj.get("total_group")),
        cell_keys=tuple(
            tuple(_key(k) for k in _sequence(r)) for r in _sequence(obj.get("cell_keys", []))
        ),
        row_total_keys=tuple(_key(k) for k in _sequence(obj.get("row_total_keys", []))),
        cells=tuple(tuple(str(c) for c in _sequence(row)) for row in given),
        percents=tuple(str(p) for p in _sequence(obj.get("percents", []))),
    )


def _mapping(data: object) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise MalformedReturn("A release's relations are not a JSON object.")
    return data


def _sequence(data: object) -> Sequence[Any]:
    if not isinstance(data, list | tuple):
        raise MalformedReturn("A release's relations hold something that is not a list.")
    return data


def _int(data: object) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise MalformedReturn("A release's k or rounding base is not a whole number.")
    return data


def _key(data: object) -> str | None:
    return None if data is None else str(data)
