"""A year's anonymised return, disclosure control included (DESIGN.md section 7: <= 5 s, 400 MB).

Uses the same vault as the UI benchmark: N synthetic cases (100,000; ``--quick`` 5,000;
``SURVIVORAPP_BENCH_CASES`` overrides), generated or reused from ``SURVIVORAPP_BENCH_UI_VAULT``.
The return is built in a child process, so that its peak memory is its own and not whatever
an earlier benchmark in this process reached: the child unlocks the vault, then times
``build_return`` (every table's queries and assembly) plus ``publish`` at publication level,
the first time (cold page cache) and then again, and reports its peak resident memory.

The year is 2025-26 (April 2025 to March 2026): the last whole financial year of the
synthetic data, whose dates run up to 30 September 2026.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bench_ui import CASES, CASES_ENV, PASSPHRASE, QUICK_CASES, USER, _NoKeyring
from benchmarks.common import Context, Row

NAME = "returns"
YEAR = "2025-26"
REPEATS = 3


def _child(folder: Path, label: str, repeats: int) -> dict[str, object]:
    """Runs in the child process: unlock, then build and publish ``repeats`` times."""
    from survivorapp.domain.vocabularies import load_vocabularies
    from survivorapp.reporting.build import build_return
    from survivorapp.reporting.disclosure import publish
    from survivorapp.reporting.model import Level
    from survivorapp.reporting.periods import parse_period
    from survivorapp.services.access import VaultAccess
    from survivorapp.vault.returns.queries import ReturnQueries

    period = parse_period(label)
    vocabularies = load_vocabularies()
    times: list[float] = []
    builds: list[float] = []
    cpu: list[float] = []
    with VaultAccess(_NoKeyring()).unlock(folder, USER, PASSPHRASE) as session:
        queries = ReturnQueries(session.vault.connection)
        for _ in range(repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            ret = build_return(queries, period, vocabularies)
            built = time.perf_counter()
            published = publish(ret, Level.PUBLICATION)
            times.append(time.perf_counter() - start)
            builds.append(built - start)
            cpu.append(time.process_time() - cpu_start)
    counted = ret.table("survivors_sex").total  # every case counted, one row each
    before, audit_seconds = _audit_figures(ret, published)
    return {
        "withheld_before": before,
        "audit_seconds": audit_seconds,
        "times": times,
        "builds": builds,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "tables": len(ret.tables),
        "counted": counted,
        "excluded": ret.excluded_for_consent,
        "suppressed": published.primary_suppressed + published.secondary_suppressed,
        "withheld_after": sum(
            t.primary_suppressed + t.secondary_suppressed
            for t in published.tables
            if t.kind == "count"
        ),
    }


def _audit_figures(ret: object, published: object) -> tuple[int, float]:
    """Count cells the line rules alone withheld, and time the disclosure audit on its own."""
    from survivorapp.reporting.audit import audit
    from survivorapp.reporting.disclosure import PublishedReturn
    from survivorapp.reporting.grids import PRIMARY, SECONDARY
    from survivorapp.reporting.model import CountTable, Return
    from survivorapp.reporting.suppression import suppress

    assert isinstance(ret, Return) and isinstance(published, PublishedReturn)
    assert published.protection is not None
    grids = suppress([t for t in ret.tables if isinstance(t, CountTable)], 10)
    before = sum(g.count(PRIMARY) + g.count(SECONDARY) for g in grids)
    start = time.perf_counter()
    audit([published.protection.release])
    return before, time.perf_counter() - start


def _peak_mb() -> float:
    """Peak resident memory of this process (Linux VmHWM; ru_maxrss elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(ctx: Context) -> list[Row]:
    from benchmarks.bench_ui import _prepare_vault
    from survivorapp.services.access import VaultAccess

    cases = int(os.environ.get(CASES_ENV) or (QUICK_CASES if ctx.quick else CASES))
    repeats = 1 if ctx.quick else REPEATS
    with ctx.scratch(NAME) as scratch:
        folder, origin = _prepare_vault(VaultAccess(_NoKeyring()), scratch, cases)
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_returns", str(folder), YEAR, str(repeats)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    times = [float(t) for t in found["times"]]
    builds = [float(t) for t in found["builds"]]
    warm = times[1:] or times
    return [
        Row("vault", f"{cases:,} cases", "", "", origin),
        Row(
            f"year's return {YEAR}, first run",
            times[0],
            "s",
            "<= 5 s",
            f"{found['tables']} tables, {found['counted']:,} cases counted, "
            f"{found['excluded']:,} excluded for consent",
        ),
        Row(
            "year's return, again (median)",
            statistics.median(warm),
            "s",
            "<= 5 s",
            f"of which building {statistics.median(builds[1:] or builds):.2f} s; "
            f"{found['suppressed']} cells suppressed at publication level",
        ),
        Row(
            "CPU time of one return (median)",
            statistics.median(float(t) for t in found["cpu"]),
            "s",
            "",
            "what it costs on a machine not shared with other work",
        ),
        Row("peak memory (child process)", float(found["peak_mb"]), "MB", "<= 400 MB"),
        Row(
            "disclosure audit of that return alone",
            float(found["audit_seconds"]),
            "s",
            "",
            f"count cells withheld: {found['withheld_before']} by the line rules alone, "
            f"{found['withheld_after']} with the audit",
        ),
    ]


if __name__ == "__main__":
    result = _child(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
    print(json.dumps(result))
