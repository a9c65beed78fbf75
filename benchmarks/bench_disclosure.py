"""The disclosure audit: what the stronger protection costs in withheld cells, and its speed.

* A 3,000-case demo vault (made here, seed 2016, anchor 28 November 2026): for the financial
  year 2025-26 and its quarter 2025-Q3, the count cells withheld by the line rules alone and
  with the audit, and the time of publishing with the audit. (The 100,000-case figures are in
  the ``returns`` benchmark, from the same kind of vault.)
* 50 merged publication returns read together (``audit-return`` over a commissioner's folder
  of merges: ten financial years, each with its four quarters, a year being the sum of its
  quarters): the time of one audit over all of them (budget 30 s).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from benchmarks.common import Context, Row

NAME = "disclosure"
DEMO_CASES = 3_000
YEAR, QUARTER = "2025-26", "2025-Q3"
MERGED_YEARS = 10
PASSPHRASE = "benchmark passphrase, not a secret"


def _withheld(ret: object, earlier: tuple[object, ...] = ()) -> tuple[int, int, float]:
    from survivorapp.reporting.disclosure import publish
    from survivorapp.reporting.grids import PRIMARY, SECONDARY
    from survivorapp.reporting.model import CountTable, Level, Return
    from survivorapp.reporting.suppression import suppress

    assert isinstance(ret, Return)
    tables = [t for t in ret.tables if isinstance(t, CountTable)]
    before = sum(g.count(PRIMARY) + g.count(SECONDARY) for g in suppress(tables, 10))
    start = time.perf_counter()
    published = publish(ret, Level.PUBLICATION, 10, scope="bench")
    seconds = time.perf_counter() - start
    assert published.protection is not None and published.protection.audit.ok
    after = sum(
        t.primary_suppressed + t.secondary_suppressed for t in published.tables if t.kind == "count"
    )
    return before, after, seconds


def _demo_rows(ctx: Context) -> tuple[list[Row], dict[str, object]]:
    from benchmarks.bench_ui import _NoKeyring
    from survivorapp.domain.vocabularies import load_vocabularies
    from survivorapp.reporting.build import build_return
    from survivorapp.reporting.periods import parse_period
    from survivorapp.services.access import VaultAccess
    from survivorapp.services.synthetic.populate import populate
    from survivorapp.vault.returns.queries import ReturnQueries

    rows: list[Row] = []
    built: dict[str, object] = {}
    with ctx.scratch(NAME) as scratch:
        access = VaultAccess(_NoKeyring())
        created = access.create(scratch / "demo", "manager", PASSPHRASE, kdf_target_seconds=0)
        with created.session as session:
            populate(session, cases=DEMO_CASES, seed=2016, anchor=date(2026, 11, 28))
            queries = ReturnQueries(session.vault.connection)
            for label in (YEAR, QUARTER):
                ret = build_return(queries, parse_period(label), load_vocabularies())
                built[label] = ret
                before, after, seconds = _withheld(ret)
                rows.append(
                    Row(
                        f"{DEMO_CASES:,}-case demo, {label}: publish with audit",
                        seconds,
                        "s",
                        "",
                        f"count cells withheld: {before} by the line rules alone, "
                        f"{after} with the audit",
                    )
                )
    return rows, built


def _merged_releases(quarter_return: object, year_return: object) -> list[object]:
    """50 releases of one merge: ten years, each its four quarters and itself."""
    from survivorapp.reporting.disclosure import publish
    from survivorapp.reporting.merge import sum_returns
    from survivorapp.reporting.model import Level, Return
    from survivorapp.reporting.periods import financial_year, quarter
    from survivorapp.reporting.releases import merge_scope

    assert isinstance(quarter_return, Return) and isinstance(year_return, Return)
    scope, parts = merge_scope(["org-a", "org-b"]), ("org-a", "org-b")
    releases = []
    for year in range(2010, 2010 + MERGED_YEARS):
        quarters = [replace(quarter_return, period=quarter(year, n)) for n in range(1, 5)]
        whole = replace(sum_returns(quarters, parts), period=financial_year(year))
        done: list[object] = []
        for ret in [*quarters, whole]:
            merged = replace(ret, organisations=parts)
            published = publish(merged, Level.PUBLICATION, 10, earlier=done, scope=scope)  # type: ignore[arg-type]
            assert published.protection is not None
            done.append(published.protection.release)
        releases += done
    return releases


def run(ctx: Context) -> list[Row]:
    from survivorapp.reporting.audit import audit

    rows, built = _demo_rows(ctx)
    releases = _merged_releases(built[QUARTER], built[YEAR])
    start, cpu = time.perf_counter(), time.process_time()
    result = audit(releases)  # type: ignore[arg-type]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rows.append(
        Row(
            f"audit over {len(releases)} merged returns read together",
            seconds,
            "s",
            "<= 30 s",
            f"{len(result.findings):,} withheld cells bounded; "
            f"{'all protected' if result.ok else f'{len(result.failing)} not protected'}; "
            f"CPU {cpu:.1f} s",
        )
    )
    return rows
