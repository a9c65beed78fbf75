"""Run the benchmarks and print one table: ``python -m benchmarks.run`` (``make bench``).

A new benchmark is a module ``benchmarks/bench_<name>.py`` with ``run(ctx) -> list[Row]``,
added to :data:`REGISTERED`. Modules are imported only when they run, so ``--only`` never pays
for another module's imports. A module that fails is reported and the others still run; the
exit status is then 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import Context, Row, format_table

# name -> module; the order here is the order of the table.
REGISTERED: dict[str, str] = {
    "vault": "benchmarks.bench_vault",
    "synthetic": "benchmarks.bench_synthetic",
    "ui": "benchmarks.bench_ui",
    "reporting": "benchmarks.bench_reporting",
    "returns": "benchmarks.bench_returns",
    "disclosure": "benchmarks.bench_disclosure",
    "backups": "benchmarks.bench_backups",
    "audit": "benchmarks.bench_audit",
    "rekey": "benchmarks.bench_rekey",
}


def _environment() -> str:
    import cryptography
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        cipher_version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite_version = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    return (
        f"python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} logical CPUs; SQLCipher {cipher_version} (SQLite {sqlite_version}); "
        f"cryptography {cryptography.__version__}"
    )


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(REGISTERED),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(REGISTERED)}",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where to put scratch vaults (default: the system temp folder); choose the drive "
        "real vaults live on, since commit times depend on it",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke test")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    ctx = Context(scratch_root=args.dir, quick=args.quick)
    names = [name for name in REGISTERED if not args.only or name in args.only]
    print(_environment())
    print(f"scratch folder: {args.dir or 'system temp'}\n")
    sections: list[tuple[str, Sequence[Row]]] = []
    failed: list[str] = []
    started = time.perf_counter()
    for name in names:
        try:
            module = importlib.import_module(REGISTERED[name])
            sections.append((name, module.run(ctx)))
        except Exception:
            failed.append(name)
            print(f"benchmark {name!r} failed:", file=sys.stderr)
            traceback.print_exc()
    print(format_table(sections))
    print(f"\n{len(sections)} benchmark(s) in {time.perf_counter() - started:.1f} s", end="")
    print(f"; failed: {', '.join(failed)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
