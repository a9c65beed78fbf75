"""The anonymised return's tables as data: exact counts in, every output built from these.

A return is a list of tables computed for one fixed period. Tables hold **exact** figures only;
disclosure control (``reporting.disclosure``) turns them into published cells, and merging
(``reporting.merge``) sums the exact figures of many organisations' sealed returns before any
control is applied. That is why waits are kept as frequency distributions rather than as
medians: distributions add up across organisations, medians do not.

Two kinds of table:

* ``CountTable``: counts of cases (or sessions, referrals...) by one dimension, optionally
  crossed with a second (``columns``). ``total`` is the exact population the table counts.
  When every counted unit falls in exactly one row, ``additive`` is true and the rows sum to
  the total; a multi-select dimension (incident types) is not additive. ``total_group`` names
  the population: tables that share it share a total, which secondary suppression must keep
  consistent across the whole return (issue 8). ``cell_keys`` and ``row_total_keys`` name
  cells that hold the same exact quantity as a cell of another table, so that disclosure
  control can withhold them together.
* ``StatTable``: one distribution per row (e.g. days from referral to first contact), from which
  medians, percentiles or means are derived; shown only when the row's base is at least k.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Level(StrEnum):
    """How much of the exact figures leaves the organisation (chosen explicitly at export)."""

    INTERNAL = "internal"
    SEALED = "sealed"
    PUBLICATION = "publication"


@dataclass(frozen=True)
class Period:
    """A fixed reporting period: a financial quarter (``2026-Q2``) or year (``2026-27``).

    Fixed periods only, so that two exports cannot overlap and be differenced (issue 8).
    UK financial years start on 1 April: 2026-Q1 is April-June 2026, 2026-Q4 is January-March
    2027, and ``2026-27`` is April 2026 to March 2027.
    """

    label: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class Distribution:
    """Frequencies of whole-number values (e.g. days), sorted by value; summable."""

    frequencies: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, values: Iterable[int]) -> Distribution:
        counts: dict[int, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        return cls(tuple(sorted(counts.items())))

    @property
    def n(self) -> int:
        return sum(f for _, f in self.frequencies)

    def __add__(self, other: Distribution) -> Distribution:
        counts = dict(self.frequencies)
        for value, frequency in other.frequencies:
            counts[value] = counts.get(value, 0) + frequency
        return Distribution(tuple(sorted(counts.items())))

    def percentile(self, p: float) -> float | None:
        """The p-th percentile (0-100) by linear interpolation between ranks (numpy's default).

        None for an empty distribution.
        """
        n = self.n
        if n == 0:
            return None
        rank = (n - 1) * p / 100.0
        low, high = math.floor(rank), math.ceil(rank)
        low_value = self._value_at(low)
        high_value = self._value_at(high)
        return low_value + (high_value - low_value) * (rank - low)

    def median(self) -> float | None:
        return self.percentile(50.0)

    def mean(self) -> float | None:
        n = self.n
        if n == 0:
            return None
        return sum(v * f for v, f in self.frequencies) / n

    def _value_at(self, index: int) -> int:
        seen = 0
        for value, frequency in self.frequencies:
            seen += frequency
            if index < seen:
                return value
        raise IndexError(index)


@dataclass(frozen=True)
class CountTable:
    id: str
    title: str
    section: str
    row_dimension: str
    rows: tuple[str, ...]  # category codes, in display order
    row_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # exact, one tuple per row, one value per column
    total: int  # the exact population counted (for an additive table, the sum of the rows)
    total_group: str
    columns: tuple[str, ...] = ("count",)
    column_labels: tuple[str, ...] = ("Count",)
    column_dimension: str | None = None
    additive: bool = True
    unit: str = "cases"
    notes: str = ""
    cell_keys: tuple[tuple[str | None, ...], ...] = ()
    """Per body cell (the shape of ``counts``), the name of the exact quantity it holds when
    another table holds the same quantity as a cell (``cases_open.sex.not_asked`` in the sex
    table and in the completeness table); None for a cell of its own. Empty: none shared.
    Disclosure control withholds every cell of one name together."""
    row_total_keys: tuple[str | None, ...] = ()
    """Per row of a two-way table, the name of its row total's quantity, as ``cell_keys``."""
    rows_sum_to_total: bool = False
    """A two-way table that is not additive as a whole, but each of whose rows adds up to
    ``total`` (completeness; a questionnaire's statements): each row is a line with the
    total for disclosure control, since a reader can subtract along it."""

    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.counts)

    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*self.counts, strict=True)) if self.counts else ()

    def check(self) -> None:
        """Raise ValueError when the shape or the totals do not hold (a programming error)."""
        if len(self.rows) != len(self.row_labels) or len(self.rows) != len(self.counts):
            raise ValueError(f"{self.id}: rows, labels and counts differ in length")
        if len(self.columns) != len(self.column_labels):
            raise ValueError(f"{self.id}: columns and column labels differ in length")
        if any(len(row) != len(self.columns) for row in self.counts):
            raise ValueError(f"{self.id}: a row has the wrong number of cells")
        if any(c < 0 for row in self.counts for c in row) or self.total < 0:
            raise ValueError(f"{self.id}: negative count")
        if self.additive and sum(self.row_totals()) != self.total:
            raise ValueError(f"{self.id}: additive rows do not sum to the total")


@dataclass(frozen=True)
class StatTable:
    id: str
    title: str
    section: str
    rows: tuple[str, ...]
    row_labels: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    statistics: tuple[str, ...] = ("median", "p90")  # each "median", "mean" or "pNN"
    unit: str = "days"
    notes: str = ""

    def value(self, row: int, statistic: str) -> float | None:
        distribution = self.distributions[row]
        if statistic == "median":
            return distribution.median()
        if statistic == "mean":
            return distribution.mean()
        if statistic.startswith("p") and statistic[1:].isdigit():
            return distribution.percentile(float(statistic[1:]))
        raise ValueError(f"unknown statistic {statistic!r}")


Table = CountTable | StatTable


@dataclass(frozen=True)
class Return:
    """One organisation's (or a merge's) exact return for one period."""

    period: Period
    tables: tuple[Table, ...]
    excluded_for_consent: int  # cases left out because the survivor refused inclusion
    schema_version: int = 1
    organisations: tuple[str, ...] = ()  # contributing organisations (a merge); may be empty
    extra: Mapping[str, object] = field(default_factory=dict)

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)
