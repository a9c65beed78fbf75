"""Kill -9 soak: ``python -m benchmarks.soak`` (``make soak``); not part of ``make test``.

Each iteration starts a child process that unlocks a small vault and commits in a loop (saving
sessions, importing files, ...), telling the parent after each commit has returned; the parent
kills it with SIGKILL at a random moment, reopens the vault, runs the same check as
``survivorapp check`` (every encrypted page, the database structure, key slots, schema, audit
chain) and asks the scenario whether every commit the child reported as durable is there. The
table counts iterations, failures (a check that failed, a vault that would not open, a child
that died on its own, a half-applied import...) and lost commits, which must all be 0 but the
first.

A scenario is a module ``benchmarks/soak_<name>.py`` exposing ``SCENARIO``, a
:class:`benchmarks.soak_kit.Scenario` (``prepare`` a fresh vault, the ``child``'s loop, and
``verify``), added to :data:`SCENARIOS` with one line (sessions, imports, backups, rekey); a
scenario's files beside its vault go in :func:`benchmarks.soak_kit.side_folder`, and
``--scenario NAME`` runs one alone. Iterations go round the chosen scenarios in turn. Children
are forked from a server process that has already imported the app; vaults use the floor KDF
cost (as the tests do), each (passphrase, salt) is stretched once per soak, and vaults are
replaced every ``--recycle`` iterations, so an iteration costs about half a second.
POSIX only (SIGKILL, fork server).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.soak_kit import Soak, table

# name -> module exposing SCENARIO; the order here is the order of the table.
SCENARIOS: dict[str, str] = {
    "sessions": "benchmarks.soak_sessions",
    "imports": "benchmarks.soak_imports",
    "backups": "benchmarks.soak_backups",
    "rekey": "benchmarks.soak_rekey",
}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--iterations", type=int, default=1000, help="kills in all (1000)")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=sorted(SCENARIOS),
        metavar="NAME",
        help=f"run only this scenario (repeatable): {', '.join(SCENARIOS)}",
    )
    parser.add_argument("--seed", type=int, default=17, help="random seed for the kill times")
    parser.add_argument("--recycle", type=int, default=50, help="fresh vault every N iterations")
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (system temp)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    names = [n for n in SCENARIOS if not args.scenario or n in args.scenario]
    root = Path(tempfile.mkdtemp(prefix="survivorapp-soak-", dir=args.dir))
    os.environ["SURVIVORAPP_HOME"] = str(root / "home")  # logs and journals stay in here
    started = time.perf_counter()
    try:
        modules = {name: SCENARIOS[name] for name in names}
        soak = Soak(root, modules, random.Random(args.seed), max(args.recycle, 1))
        for i in range(args.iterations):
            soak.iterate(names[i % len(names)])
            if (i + 1) % 100 == 0:
                print(f"... {i + 1} iterations, {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nkill -9 soak, seed {args.seed}: {time.perf_counter() - started:.0f} s in all\n")
    print(table(soak.tallies))
    notes = [n for t in soak.tallies.values() for n in t.notes]
    for name, tally in soak.tallies.items():
        for note in tally.notes[:20]:
            print(f"  {name}, {note}")
    return 1 if notes or any(t.lost or t.failures for t in soak.tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
