"""The anonymised return's machinery: disclosure control, writing a return, merging 50.

Rows:
- Disclosure control (``publish`` at publication level) on a synthetic exact return of 60
  tables shaped like a year's return for a 100,000-case organisation (one-way tables of 5 to
  33 categories, two-way tables up to 20 x 5, waiting-time distributions), with counts skewed
  so that many cells are small and secondary suppression has real work to do. Median of
  repeats, and the peak Python memory it allocates (tracemalloc).
- Writing the whole publication-level folder (CSVs, XLSX, HTML and PDF with charts, manifest,
  signature), the first time in the process (matplotlib's import included) and again.
- Merging 50 sealed returns from 50 organisations: the sealed returns and keys are made
  first, untimed; the timed part verifies, decrypts, checks, sums, applies disclosure control
  and writes the merged folder.
- The process's peak resident memory after all of the above (``getrusage``), against the
  return's 400 MB budget.

The exact return is synthetic and built here, not from a vault: the vault's aggregate queries
are measured with the table builders.
"""

from __future__ import annotations

import random
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

from benchmarks.common import Context, Row, median, time_once, time_repeated
from survivorapp.reporting.disclosure import publish
from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import generate_signing_key, public_key_pem
from survivorapp.reporting.merge import load_trusted_keys, merge
from survivorapp.reporting.model import (
    CountTable,
    Distribution,
    Level,
    Period,
    Return,
    StatTable,
    Table,
)

NAME = "reporting"
SEED = 2026
TABLES = 60
RETURNS = 50
PERIOD = Period("2026-27", date(2026, 4, 1), date(2027, 3, 31))
CHARTED = {0: "demand_by_source", 1: "justice_furthest_stage"}  # so the charts are drawn


def _skewed(rng: random.Random, population: int, n: int) -> list[int]:
    """Split ``population`` over ``n`` categories, a few large and a long tail of small ones."""
    weights = [rng.paretovariate(1.2) for _ in range(n)]
    scale = population / sum(weights)
    return [int(w * scale) for w in weights]


def synthetic_return(seed: int = SEED, scale: float = 1.0) -> Return:
    """Always the same tables and categories (so returns can be merged); counts vary by seed."""
    shape = random.Random(SEED)
    rng = random.Random(seed)
    tables: list[Table] = []
    for n in range(TABLES):
        kind = n % 6
        # Whole-caseload tables, and smaller populations (court cases, referrals onward).
        population = int(shape.choice([150, 600, 3_000, 20_000]) * scale)
        if kind in (0, 1, 2):
            rows = shape.choice([5, 7, 12, 19, 33])
            counts = _skewed(rng, population, rows)
            name = CHARTED.get(n, f"one_way_{n}")
            tables.append(_table(name, [[c] for c in counts], additive=kind != 2))
        elif kind in (3, 4):
            rows, cols = shape.choice([(5, 3), (7, 4), (12, 5), (20, 4)])
            cells = _skewed(rng, population, rows * cols)
            body = [cells[r * cols : (r + 1) * cols] for r in range(rows)]
            tables.append(_table(f"two_way_{n}", body, additive=True))
        else:
            distributions = tuple(
                Distribution.of(
                    int(rng.expovariate(1 / 40))
                    for _ in range(int(rng.choice([3, 40, 2_000]) * scale) + 1)
                )
                for _ in range(shape.choice([2, 4, 6]))
            )
            tables.append(
                StatTable(
                    id="waits" if n == 5 else f"waits_{n}",
                    title=f"Waits {n}",
                    section="Waiting",
                    rows=tuple(f"w{i}" for i in range(len(distributions))),
                    row_labels=tuple(f"Wait {i}" for i in range(len(distributions))),
                    distributions=distributions,
                )
            )
    return Return(period=PERIOD, tables=tuple(tables), excluded_for_consent=rng.randint(0, 400))


def _table(table_id: str, body: list[list[int]], *, additive: bool) -> CountTable:
    n_cols = len(body[0])
    total = sum(map(sum, body)) + (0 if additive else 17)
    return CountTable(
        id=table_id,
        title=table_id.replace("_", " "),
        section="Synthetic",
        row_dimension="d",
        rows=tuple(f"r{i}" for i in range(len(body))),
        row_labels=tuple(f"Category {i}" for i in range(len(body))),
        counts=tuple(tuple(row) for row in body),
        total=total,
        total_group="cases",
        columns=("count",) if n_cols == 1 else tuple(f"c{j}" for j in range(n_cols)),
        column_labels=("Count",) if n_cols == 1 else tuple(f"C{j}" for j in range(n_cols)),
        additive=additive,
    )


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(ctx: Context) -> list[Row]:
    ret = synthetic_return()
    repeats = 3 if ctx.quick else 10
    control = time_repeated(lambda: publish(ret, Level.PUBLICATION), repeats, warmup=1)
    tracemalloc.start()
    published = publish(ret, Level.PUBLICATION)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    cells = sum(len(t.cells) * len(t.column_codes) for t in published.tables)
    withheld = f"{published.primary_suppressed} + {published.secondary_suppressed} withheld"

    org = generate_signing_key()
    with ctx.scratch(NAME) as scratch:
        first = time_once(lambda: write_return(ret, Level.PUBLICATION, scratch / "a", org))
        again = time_once(lambda: write_return(ret, Level.PUBLICATION, scratch / "b", org))
        merge_seconds = _merge_fifty(scratch, ctx.quick)
    return [
        Row(
            f"disclosure control, {TABLES} tables",
            median(control),
            "s",
            "< 5 s",
            f"{cells:,} cells; {withheld}",
        ),
        Row("  its peak Python allocation", traced_peak / 1e6, "MB", "", "tracemalloc"),
        Row("write a publication return, first", first, "s", "", "incl. matplotlib import"),
        Row("write a publication return, again", again, "s", "", "CSV, XLSX, HTML, PDF, sign"),
        Row(
            f"merge {RETURNS if not ctx.quick else 10} sealed returns",
            merge_seconds,
            "s",
            "< 5 s" if not ctx.quick else "",
            "verify, decrypt, sum, control, write",
        ),
        Row("peak resident memory (process)", _peak_rss_mb(), "MB", "< 400 MB", "getrusage"),
    ]


def _merge_fifty(scratch: Path, quick: bool) -> float:
    from cryptography.hazmat.primitives.asymmetric import x25519

    commissioner = x25519.X25519PrivateKey.generate()
    trust = scratch / "trust"
    trust.mkdir()
    folders = []
    for n in range(10 if quick else RETURNS):
        org = generate_signing_key()
        (trust / f"org{n}.pem").write_bytes(public_key_pem(org.public_key()))
        folder = scratch / f"sealed{n}"
        write_return(
            synthetic_return(seed=SEED + n, scale=0.05),
            Level.SEALED,
            folder,
            org,
            commissioner_public_key=commissioner.public_key(),
        )
        folders.append(folder)
    started = time.perf_counter()
    merge(folders, commissioner, load_trusted_keys(trust), scratch / "merged")
    return time.perf_counter() - started
