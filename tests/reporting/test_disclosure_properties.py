"""Disclosure control over random tables: the guarantees of docs/return-spec.md hold for any data.

Counts are drawn skewed towards small numbers, because that is where disclosure happens.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.reporting.disclosure import SUPPRESSED, PublishedReturn, publish
from survivorapp.reporting.model import CountTable, Distribution, Level, Return, StatTable
from tests.reporting.samples import Q1, published_grid, recoverable_cells

counts = st.one_of(st.integers(0, 12), st.integers(0, 60), st.integers(0, 400))
ks = st.integers(5, 15)
bases = st.sampled_from([1, 3, 5, 10])


@st.composite
def count_tables(draw: st.DrawFn, table_id: str) -> CountTable:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 4))
    body = tuple(tuple(draw(counts) for _ in range(n_cols)) for _ in range(n_rows))
    additive = n_cols > 1 or draw(st.booleans())
    exact_total = sum(map(sum, body))
    total = exact_total if additive else exact_total + draw(st.integers(0, 20))
    return CountTable(
        id=table_id,
        title=table_id,
        section="s",
        row_dimension="d",
        rows=tuple(f"r{i}" for i in range(n_rows)),
        row_labels=tuple(f"R{i}" for i in range(n_rows)),
        counts=body,
        total=total,
        total_group=f"population_{total}",  # one population, one total (as in a return)
        columns=tuple(f"c{j}" for j in range(n_cols)),
        column_labels=tuple(f"C{j}" for j in range(n_cols)),
        additive=additive,
    )


@st.composite
def returns(draw: st.DrawFn) -> Return:
    tables: list[CountTable | StatTable] = [
        draw(count_tables(f"t{n}")) for n in range(draw(st.integers(1, 4)))
    ]
    if draw(st.booleans()):  # the same population split the same way, under another id
        tables.append(replace(draw(st.sampled_from(tables)), id="copy"))
    values = st.lists(st.integers(0, 400), max_size=30)
    tables.append(
        StatTable(
            id="waits",
            title="Waits",
            section="w",
            rows=("a", "b"),
            row_labels=("A", "B"),
            distributions=(Distribution.of(draw(values)), Distribution.of(draw(values))),
        )
    )
    return Return(period=Q1, tables=tuple(tables), excluded_for_consent=draw(counts))


def count_pairs(ret: Return, pub: PublishedReturn) -> list[tuple[CountTable, list[list[str]]]]:
    pairs = []
    for table in ret.tables:
        if isinstance(table, CountTable):
            shown = pub.table(table.id)
            assert shown.total_cells is not None
            width = 1 if len(table.columns) == 1 else len(table.columns) + 1
            grid = [list(row[:width]) for row in shown.cells] + [list(shown.total_cells[:width])]
            pairs.append((table, grid))
    return pairs


def exact_grid(table: CountTable) -> list[list[int]]:
    if len(table.columns) == 1:
        return [[row[0]] for row in table.counts] + [[table.total]]
    body = [[*row, sum(row)] for row in table.counts]
    return [*body, [*table.column_totals(), table.total]]


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(returns(), ks, bases)
def test_no_published_count_is_between_1_and_k_minus_1(ret: Return, k: int, base: int) -> None:
    pub = publish(ret, Level.PUBLICATION, k, base)
    for table, grid in count_pairs(ret, pub):
        exact = exact_grid(table)
        for i, row in enumerate(grid):
            for j, text in enumerate(row):
                if text in (SUPPRESSED, ""):
                    continue
                assert not 1 <= int(text) < k, (table.id, i, j, text)
                assert not 1 <= exact[i][j] < k, (table.id, i, j, exact[i][j])
                assert int(text) % base == 0


@PROPERTY
@given(returns(), ks)
def test_no_published_total_covers_exactly_one_suppressed_cell(ret: Return, k: int) -> None:
    pub = publish(ret, Level.PUBLICATION, k)
    for table, grid in count_pairs(ret, pub):
        if not table.additive:
            continue
        n_rows, width = len(grid), len(grid[0])
        lines = [[grid[i][j] for i in range(n_rows)] for j in range(width)]
        if width > 1:
            lines += [list(row) for row in grid]
        for line in lines:
            if line[-1] != SUPPRESSED:
                assert line[:-1].count(SUPPRESSED) != 1, (table.id, line)


@PROPERTY
@given(returns(), ks)
def test_no_suppressed_cell_can_be_worked_out_from_the_totals(ret: Return, k: int) -> None:
    """Stronger than the line rule: no combination of a table's sums gives a withheld cell."""
    pub = publish(ret, Level.PUBLICATION, k)
    for table in ret.tables:
        if isinstance(table, CountTable) and table.additive:
            withheld = published_grid(table, pub.table(table.id))
            assert recoverable_cells(table, withheld) == [], table.id


@PROPERTY
@given(returns(), ks, bases)
def test_the_same_data_always_gives_the_same_output(ret: Return, k: int, base: int) -> None:
    rebuilt = Return(
        period=ret.period,
        tables=tuple(replace(t) for t in ret.tables),
        excluded_for_consent=ret.excluded_for_consent,
    )
    assert publish(ret, Level.PUBLICATION, k, base) == publish(rebuilt, Level.PUBLICATION, k, base)


@PROPERTY
@given(returns(), ks)
def test_identical_tables_and_shared_totals_get_the_same_decisions(ret: Return, k: int) -> None:
    pub = publish(ret, Level.PUBLICATION, k)
    count_tables_ = [t for t in ret.tables if isinstance(t, CountTable)]
    for a in count_tables_:
        for b in count_tables_:
            if (a.counts, a.total, a.additive) == (b.counts, b.total, b.additive):
                assert pub.table(a.id).cells == pub.table(b.id).cells
                assert pub.table(a.id).total_cells == pub.table(b.id).total_cells
    by_total: dict[int, set[bool]] = {}
    for table, grid in count_pairs(ret, pub):
        by_total.setdefault(table.total, set()).add(grid[-1][-1] == SUPPRESSED)
    assert all(len(decisions) == 1 for decisions in by_total.values())


@PROPERTY
@given(returns(), ks)
def test_statistics_and_percentages_only_from_a_base_of_at_least_k(ret: Return, k: int) -> None:
    pub = publish(ret, Level.PUBLICATION, k)
    for table in ret.tables:
        shown = pub.table(table.id)
        if isinstance(table, StatTable):
            for distribution, row in zip(table.distributions, shown.cells, strict=True):
                if 0 < distribution.n < k:
                    assert set(row) == {SUPPRESSED}
        elif len(table.columns) == 1:
            for row in shown.cells:
                if row[1] not in (SUPPRESSED, "[z]"):
                    assert table.total >= k and row[0] != SUPPRESSED


@PROPERTY
@given(returns())
def test_internal_and_sealed_levels_show_exact_counts(ret: Return) -> None:
    for level in (Level.INTERNAL, Level.SEALED):
        pub = publish(ret, level)
        assert pub.primary_suppressed == pub.secondary_suppressed == 0
        for table, grid in count_pairs(ret, pub):
            exact = exact_grid(table)
            for i, row in enumerate(grid):
                for j, text in enumerate(row):
                    if text:
                        assert int(text) == exact[i][j]


@pytest.mark.parametrize("k", [4, 0, -10])
def test_a_threshold_below_five_is_refused(k: int) -> None:
    ret = Return(period=Q1, tables=(), excluded_for_consent=0)
    with pytest.raises(ValueError, match="10-5 rule"):
        publish(ret, Level.PUBLICATION, k)
