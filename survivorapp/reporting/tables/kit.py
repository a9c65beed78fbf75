"""Small pieces every section's table builder uses: making tables and collecting completeness.

Kept apart from the sections so each ``tables_*`` module reads as a list of its tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.reporting.case_dates import CaseDates, case_dates
from survivorapp.reporting.categories import Collapse, Dimension
from survivorapp.reporting.model import CountTable, Distribution, Period, StatTable
from survivorapp.vault.returns.queries import IncidentRow, Profiles, ReturnScope

CASES_OPEN = "cases_open"
"""The total group of every table that counts the cases open in the period."""
SURVIVORS = "survivors"
"""The total group of tables that count people: survivors with a case open in the period."""

ANSWER_STATES: tuple[tuple[str, str], ...] = (
    ("answered", "Answered"),
    *((u.value, u.label) for u in Unanswered),
)
UNANSWERED: tuple[str, ...] = tuple(u.value for u in Unanswered)


def answer_key(field_name: str, state: str) -> str:
    """The name of one unanswered count of a field (``cases_open.sex.not_asked``): the same
    quantity is a row of the field's table and a cell of the completeness table, and
    disclosure control must withhold both or neither (``CountTable.cell_keys``)."""
    return f"{CASES_OPEN}.{field_name}.{state}"


def count_table(
    table_id: str,
    title: str,
    section: str,
    dimension: Dimension,
    counts: Mapping[str, int],
    *,
    total_group: str,
    unit: str = "cases",
    notes: str = "",
    additive: bool = True,
    total: int | None = None,
) -> CountTable:
    """A one-column table whose rows are ``dimension``'s, filled from counts by data code."""
    cells = dimension.tally(counts)
    table = CountTable(
        id=table_id,
        title=title,
        section=section,
        row_dimension=dimension.name,
        rows=dimension.codes,
        row_labels=dimension.labels,
        counts=tuple((c,) for c in cells),
        total=sum(cells) if total is None else total,
        total_group=total_group,
        additive=additive,
        unit=unit,
        notes=notes,
    )
    table.check()
    return table


def stat_table(
    table_id: str,
    title: str,
    section: str,
    rows: Sequence[tuple[str, str, Mapping[int, int]]],
    *,
    notes: str = "",
    unit: str = "days",
    statistics: tuple[str, ...] = ("median", "p90"),
) -> StatTable:
    """One distribution per row, from frequencies by value."""
    return StatTable(
        id=table_id,
        title=title,
        section=section,
        rows=tuple(code for code, _, _ in rows),
        row_labels=tuple(label for _, label, _ in rows),
        distributions=tuple(
            Distribution(tuple(sorted((v, f) for v, f in freq.items() if f))) for _, _, freq in rows
        ),
        statistics=statistics,
        unit=unit,
        notes=notes,
    )


def apportion(total: int, weights: Sequence[float]) -> tuple[int, ...]:
    """Whole numbers in proportion to ``weights`` that add up to exactly ``total``.

    Largest remainders, ties to the earlier row: used for hours, so that the hours by mode
    and by kind both add up to the same rounded total.
    """
    whole = sum(weights)
    if total == 0 or whole == 0:
        return tuple(0 for _ in weights)
    shares = [w * total / whole for w in weights]
    floors = [int(s) for s in shares]
    left = total - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return tuple(floors)


@dataclass
class Completeness:
    """How often each field was answered, not asked, declined or unknown, as the sections
    count them (so the completeness table describes exactly the figures it sits beside).

    ``linked`` are the fields whose unanswered counts are also rows of their own table
    (:meth:`link`), named with :func:`answer_key` in both.
    """

    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)

    def link(self, field_name: str, table: CountTable) -> CountTable:
        """Take the field's answer states from its one-column table, and return the table
        with its unanswered rows named as the completeness table's cells for the field.

        The states are read from the table itself (its not asked, declined and unknown
        rows, the rest of its total answered), so the linked cells hold the same count by
        construction, whatever codes the data held.
        """
        cells = dict(zip(table.rows, (row[0] for row in table.counts), strict=True))
        states = {state: cells.get(state, 0) for state in UNANSWERED}
        self.rows[field_name] = {"answered": table.total - sum(states.values()), **states}
        self.linked.add(field_name)
        keys = tuple(
            (answer_key(field_name, code) if code in UNANSWERED else None,) for code in table.rows
        )
        return replace(table, cell_keys=keys)

    def add(self, field_name: str, counts_by_code: Mapping[str, int]) -> None:
        states = dict.fromkeys((code for code, _ in ANSWER_STATES), 0)
        for code, count in counts_by_code.items():
            state = code if code in states and code != "answered" else "answered"
            states[state] += count
        self.rows[field_name] = states

    def add_states(self, field_name: str, states: Mapping[str, int]) -> None:
        self.rows[field_name] = {code: states.get(code, 0) for code, _ in ANSWER_STATES}


@dataclass
class Inputs:
    """What every section reads: the counted cases, the period, the rows, and shared reads."""

    scope: ReturnScope
    period: Period
    vocabularies: Vocabularies
    collapses: Mapping[str, Collapse]
    completeness: Completeness = field(default_factory=Completeness)
    _profiles: Profiles | None = None
    _dates: list[CaseDates] | None = None

    def profiles(self) -> Profiles:
        """Survivor answers and presenting incidents (read once, used by two sections)."""
        if self._profiles is None:
            self._profiles = self.scope.profiles()
        return self._profiles

    def incidents(self) -> list[IncidentRow]:
        return self.profiles().incidents

    def dates(self) -> list[CaseDates]:
        """Each counted case's dates and ages, in the order of :meth:`incidents`."""
        if self._dates is None:
            self._dates = case_dates(self.incidents())
        return self._dates
