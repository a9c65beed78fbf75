"""The attacks of issue 13, each worked on a small hand-made return and shown to be closed.

Each test first publishes the figures as the line rules alone did (``suppression.suppress``,
then rounding: what was released before the audit existed), shows that the attacker of
docs/return-spec.md pins a withheld cell, and then shows that ``publish`` today leaves every
withheld cell at least as wide as the protection rule asks.
"""

from __future__ import annotations

from dataclasses import replace

from survivorapp.reporting.audit import audit, protected
from survivorapp.reporting.disclosure import SUPPRESSED, publish
from survivorapp.reporting.model import CountTable, Level, Period, Return
from survivorapp.reporting.periods import financial_year, quarter
from survivorapp.reporting.protect import release_of
from survivorapp.reporting.releases import Release
from survivorapp.reporting.suppression import suppress
from tests.reporting.samples import Q1, one_way, two_way

ORG = "0123456789abcdef"


def before_the_audit(tables: list[CountTable], period: Period = Q1, k: int = 10) -> Release:
    """The release the line rules alone made: what the attacker of the issue read."""
    return release_of(suppress(tables, k), period, k, 5, ORG, ())


def now(tables: list[CountTable], period: Period = Q1, k: int = 10, **kw: object) -> Release:
    ret = Return(period=period, tables=tuple(tables), excluded_for_consent=0)
    published = publish(ret, Level.PUBLICATION, k, 5, scope=ORG, **kw)  # type: ignore[arg-type]
    assert published.protection is not None
    return published.protection.release


def intervals(releases: list[Release], index: int = -1) -> dict[str, str]:
    result = audit(releases)
    wanted = index % len(releases)
    return {f.where(): f.interval() for f in result.findings if f.release == wanted}


def test_female_10_male_c_intersex_c_total_10_no_longer_pins_both_to_one() -> None:
    sex = one_way("survivors_sex", [10, 1, 1], group="cases_open")
    old = before_the_audit([sex])
    assert old.sheets[0].cells == (("10",), ("[c]",), ("[c]",), ("10",))
    # female >= 10 (shown 10, never below k); total <= 12; so male + intersex <= 2.
    assert intervals([old]) == {
        "survivors_sex: survivors_sex_1": "1..1",
        "survivors_sex: survivors_sex_2": "1..1",
    }
    fixed = now([sex])
    assert fixed.sheets[0].cells == (("[c]",), ("[c]",), ("[c]",), ("10",))
    assert audit([fixed]).ok
    assert intervals([fixed])["survivors_sex: survivors_sex_1"] == "1..10"


def test_closures_on_a_twelve_case_quarter() -> None:
    closures = one_way("activity_closures_by_reason", [10, 1, 1, 0, 0], group="cases_closed")
    old = before_the_audit([closures])
    assert not audit([old]).ok
    assert set(intervals([old]).values()) == {"1..1"}
    fixed = now([closures])
    assert audit([fixed]).ok
    assert all(row[0] in (SUPPRESSED, "0", "10") for row in fixed.sheets[0].cells)


def test_a_referrals_row_at_k_5_no_longer_pins_its_two_hidden_cells() -> None:
    """``0, 0, 0, [c], 5, [c]`` with total 5: shown 5 means 5..7, so the two add up to <= 2."""
    crossed = two_way(
        "referrals_destination_by_status",
        [[0, 0, 0, 1, 5, 1], [20, 30, 25, 40, 35, 30]],
        group="referrals_started",
    )
    old = before_the_audit([crossed], k=5)
    assert old.sheets[0].cells[0] == ("0", "0", "0", "[c]", "5", "[c]", "5")
    pinned = intervals([old])
    assert pinned["referrals_destination_by_status: r0, c3"] == "1..1"
    assert pinned["referrals_destination_by_status: r0, c5"] == "1..1"
    fixed = now([crossed], k=5)
    assert audit([fixed]).ok


def test_percentages_from_exact_counts_narrowed_hidden_cells_and_are_now_from_published() -> None:
    """3, 3 and 52 of 58: shown [c], [c], 50 of 60. The exact 90% (52 / 58) says the total is
    at most 52 / 0.895, so the two hidden cells add up to at most 6 - but 50 / 60 is 83%."""
    table = one_way("survivors_sex", [3, 3, 52], group="cases_open")
    old = before_the_audit([table])
    sheet = old.sheets[0]
    exact_percents = replace(sheet, percents=("[c]", "[c]", "90", "100"))
    leaky = replace(old, sheets=(exact_percents,), percent_basis="exact counts")
    assert audit([old]).ok  # the counts alone were safe
    assert intervals([leaky]) == {
        "survivors_sex: survivors_sex_0": "1..5",
        "survivors_sex: survivors_sex_1": "1..5",
    }
    ret = Return(period=Q1, tables=(table,), excluded_for_consent=0)
    shown = publish(ret, Level.PUBLICATION, 10, 5).table("survivors_sex")
    assert [row[1] for row in shown.cells] == [SUPPRESSED, SUPPRESSED, "83"]  # 50 / 60
    # Read as exact-count percentages, today's figures still hold every cell as wide.
    today = replace(
        old, sheets=(replace(sheet, percents=("[c]", "[c]", "83", "100")),), percent_basis="x"
    )
    assert audit([today]).ok


def test_the_same_period_at_k_5_and_k_10_pins_cells_each_hides_alone() -> None:
    table = one_way("survivors_ethnicity", [7, 40, 3, 60, 6], group="cases_open")
    at_5, at_10 = before_the_audit([table], k=5), before_the_audit([table], k=10)
    assert audit([at_5]).ok and audit([at_10]).ok
    together = audit([at_5, at_10])
    narrowed = {f.where(): f.interval() for f in together.failing if f.release == 1}
    assert narrowed["survivors_ethnicity: survivors_ethnicity_0"] == "5..7"
    # The register refuses a second k for a period (tests/services/test_release_register.py);
    # and a release at k = 10 made knowing the k = 5 one cannot undo what that one showed:
    later = now([table], k=10, earlier=[at_5])
    assert not audit([at_5, later]).ok


def test_a_year_and_its_quarters_narrow_no_withheld_cell_of_the_year() -> None:
    """The year's flow table is the sum of its quarters': 8 = 2 + 3 + 0 + 3 was [c] in the
    year, and the quarters' own cells put it at 4 to 14."""
    quarters = [[2, 8, 0], [3, 20, 0], [0, 0, 0], [3, 5, 12]]
    year = [sum(q[i] for q in quarters) for i in range(3)]
    released = [
        before_the_audit([one_way("demand_by_source", q, group="cases_received")], quarter(2026, n))
        for n, q in enumerate(quarters, start=1)
    ]
    table = one_way("demand_by_source", year, group="cases_received")
    old = before_the_audit([table], financial_year(2026))
    assert audit([old]).ok and all(audit([q]).ok for q in released)
    assert intervals([*released, old])["demand_by_source: demand_by_source_0"] == "4..14"
    fixed = now([table], financial_year(2026), earlier=released)
    result = audit([*released, fixed])
    assert result.ok, result.failing
    assert intervals([*released, fixed])["demand_by_source: demand_by_source_0"] == "3..44"


def test_the_rule_itself() -> None:
    assert protected(1, 9, 10) and protected(1, None, 10)
    assert not protected(2, 40, 10)  # a count of 2 to 9 would have lost the value 1
    assert protected(2, 40, 10, floor=2)  # unless the zeros alone say it is at least 2
    assert protected(10, 18, 10) and not protected(11, 14, 10)
    assert protected(10, 12, 10)  # all that a shown 10 says: no more than publishing it
    assert not protected(11, 12, 10) and not protected(16, 19, 10)
    assert not protected(1, 8, 10)
