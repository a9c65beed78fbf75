"""Small tables worked by hand, with the exact cells a reader of the published return sees."""

from __future__ import annotations

from dataclasses import replace

import pytest

from survivorapp.reporting.disclosure import publish, round_count
from survivorapp.reporting.model import Distribution, Level, Return
from tests.reporting.samples import (
    Q1,
    one_way,
    published_grid,
    recoverable_cells,
    two_way,
    waits,
)


def published(*tables, k: int = 10, base: int = 5, excluded: int = 0):  # type: ignore[no-untyped-def]
    ret = Return(period=Q1, tables=tuple(tables), excluded_for_consent=excluded)
    return publish(ret, Level.PUBLICATION, k, base)


def column(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [row[0] for row in table.cells]


def test_small_counts_are_withheld_and_the_rest_rounded_to_five() -> None:
    pub = published(one_way("sex", [950, 47, 3, 2]))
    table = pub.table("sex")
    assert column(table) == ["950", "45", "[c]", "[c]"]
    assert table.total_cells == ("1000", "100")
    assert [row[1] for row in table.cells] == ["95", "5", "[c]", "[c]"]
    assert (table.primary_suppressed, table.secondary_suppressed) == (2, 0)


def test_one_small_cell_takes_the_next_smallest_with_it() -> None:
    table = published(one_way("source", [50, 7, 30, 12])).table("source")
    # 7 alone could be worked out as total - 50 - 30 - 12; 12 is the next smallest.
    assert column(table) == ["50", "[c]", "30", "[c]"]
    assert table.total_cells is not None and table.total_cells[0] == "100"  # 99 rounded
    assert (table.primary_suppressed, table.secondary_suppressed) == (1, 1)


def test_zeros_are_shown_and_never_chosen_to_hide_another_cell() -> None:
    table = published(one_way("source", [0, 6, 0, 40])).table("source")
    assert column(table) == ["0", "[c]", "0", "[c]"]
    assert table.total_cells is not None and table.total_cells[0] == "45"


@pytest.mark.parametrize(
    ("exact", "shown"), [(10, 10), (12, 10), (13, 15), (22, 20), (23, 25), (0, 0), (1001, 1000)]
)
def test_rounding_to_base_five_goes_half_up(exact: int, shown: int) -> None:
    assert round_count(exact, 5, 10) == shown


def test_totals_are_rounded_from_exact_figures_not_added_up_from_rounded_cells() -> None:
    table = published(one_way("t", [12, 12, 12])).table("t")
    assert column(table) == ["10", "10", "10"]
    assert table.total_cells is not None and table.total_cells[0] == "35"  # 36, not 30


def test_with_a_threshold_that_is_not_a_multiple_of_five_no_count_shows_below_it() -> None:
    table = published(one_way("t", [7, 8, 40]), k=7).table("t")
    assert column(table) == ["10", "10", "40"]


def test_a_two_way_table_hides_a_whole_rectangle_around_a_small_cell() -> None:
    table = published(two_way("t", [[20, 3], [30, 40]])).table("t")
    assert [list(row) for row in table.cells] == [["[c]", "[c]", "25"], ["[c]", "[c]", "70"]]
    assert table.total_cells == ("50", "45", "95")
    assert (table.primary_suppressed, table.secondary_suppressed) == (1, 3)


def test_two_blocks_joined_by_one_cell_do_not_give_that_cell_away() -> None:
    """Every line has two or more withheld cells, yet the joining 5 could be worked out."""
    counts = [
        [3, 4, 20, 20, 50],
        [4, 3, 5, 20, 50],
        [20, 20, 3, 4, 50],
        [20, 20, 4, 3, 50],
    ]
    exact = two_way("t", counts)
    table = published(exact).table("t")
    withheld = {
        (i, j) for i, row in enumerate(table.cells) for j, c in enumerate(row) if c == "[c]"
    }
    primary = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    # The smallest cell joining the two blocks again; then one more, because with rounding
    # the first row (95 = 93..97, less 20 and 50) puts its three withheld cells at 19..31, so the
    # joining cell would be at least 3 (the audit's bound, which exact arithmetic misses).
    assert withheld == primary | {(0, 2), (0, 3)}
    assert recoverable_cells(exact, published_grid(exact, table)) == []


def test_the_same_split_in_two_tables_is_withheld_the_same_way() -> None:
    by_source = one_way("by_source", [12, 3, 40], group="people")
    same_split = replace(by_source, id="same_split", title="Another view")
    by_row_total = two_way("cross", [[6, 6], [1, 2], [20, 20]], group="people")
    pub = published(by_source, same_split, by_row_total)
    assert column(pub.table("by_source")) == ["[c]", "[c]", "40"]
    assert pub.table("same_split").cells == pub.table("by_source").cells
    assert [row[-1] for row in pub.table("cross").cells] == ["[c]", "[c]", "40"]


def test_a_total_withheld_in_one_table_is_withheld_in_every_table_with_that_total() -> None:
    small = one_way("small_population", [4, 4], group="people")
    same_total = one_way("same_population", [8], group="people", additive=False)
    pub = published(small, same_total)
    assert pub.table("small_population").total_cells == ("[c]", "[c]")
    assert pub.table("same_population").total_cells == ("[c]", "")


def test_a_multi_select_table_is_not_added_up_and_shows_the_population_total() -> None:
    table = published(one_way("types", [180, 90, 4, 60], additive=False, total=300)).table("types")
    assert column(table) == ["180", "90", "[c]", "60"]
    assert table.total_cells == ("300", "")
    assert [row[1] for row in table.cells] == ["60", "30", "[c]", "20"]


def test_medians_need_a_base_of_at_least_k() -> None:
    table = published(
        waits(Distribution.of(range(1, 11)), Distribution.of(range(1, 10)), Distribution())
    ).table("waits")
    assert table.cells[0] == ("10", "6", "9")  # median 5.5 days shows as 6
    assert table.cells[1] == ("[c]", "[c]", "[c]")
    assert table.cells[2] == ("0", "[z]", "[z]")


def test_cases_left_out_for_consent_follow_the_same_rule() -> None:
    assert published(excluded=3).excluded_for_consent == "[c]"
    assert published(excluded=23).excluded_for_consent == "25"


def test_the_internal_level_shows_exact_counts_with_one_decimal_percentages() -> None:
    ret = Return(period=Q1, tables=(one_way("sex", [950, 47, 3]),), excluded_for_consent=3)
    pub = publish(ret, Level.INTERNAL)
    assert pub.table("sex").cells == (("950", "95.0"), ("47", "4.7"), ("3", "0.3"))
    assert pub.excluded_for_consent == "3"
    assert "do not share" in pub.marking
