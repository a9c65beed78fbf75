"""Synthetic data: generating N cases into a new vault, and the vault's size afterwards.

Rows:
- ``populate`` of N cases (default 100,000, the issue's budget is under 2 minutes on the
  2-core reference machine; ``--quick`` uses 5,000, and ``SURVIVORAPP_BENCH_CASES`` overrides
  both), timed from the call to its return: demo staff accounts (one Argon2id derivation
  each at the floor cost), generation, the bulk load in one transaction, the search index,
  the commit and the WAL checkpoint.
- The same generation without a vault, to show how the time splits between Python and SQL.
- Cases, sessions and rows per second, and the vault's size on disk (cases.db plus its WAL
  and shared-memory files, which the checkpoint leaves empty).
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.common import Context, Row, time_once
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.services.access import VaultAccess
from survivorapp.services.synthetic import populate as synthetic

NAME = "synthetic"
CASES = 100_000
QUICK_CASES = 5_000
SEED = 2016
USER = "manager"
PASSPHRASE = "benchmark passphrase, not a secret"
CASES_ENV = "SURVIVORAPP_BENCH_CASES"


class _NoKeyring:
    """A secret store that is never a system store: the benchmark must not touch the keyring."""

    is_system_store = False
    description = "benchmark: no keyring"

    def get(self, vault_id: str) -> bytes | None:
        return None

    def put(self, vault_id: str, secret: bytes) -> None:
        raise RuntimeError("the benchmark does not bind vaults to a device")

    def delete(self, vault_id: str) -> None:
        return None


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.name.startswith("cases.db"))


def run(ctx: Context) -> list[Row]:
    cases = int(os.environ.get(CASES_ENV) or (QUICK_CASES if ctx.quick else CASES))
    with ctx.scratch(NAME) as scratch:
        folder = scratch / "vault"
        access = VaultAccess(_NoKeyring())
        session = access.create(folder, USER, PASSPHRASE, kdf_target_seconds=0).session
        summaries: list[synthetic.SyntheticSummary] = []
        with session:
            seconds = time_once(
                lambda: summaries.append(synthetic.populate(session, cases=cases, seed=SEED))
            )
        summary = summaries[0]
        size = _size(folder)
    team = synthetic.team_from(synthetic.DEMO_STAFF, USER)
    generator = synthetic.Generator(
        seed=SEED, anchor=summary.anchor, team=team, vocabularies=load_vocabularies()
    )
    generate_only = time_once(lambda: sum(1 for _ in generator.batches(cases)))
    rows = (
        summary.survivors
        + summary.cases
        + summary.incidents
        + summary.sessions
        + summary.consents
        + summary.tasks
        + summary.safe_contacts
    )
    budget = "< 120 s" if cases == CASES else ""
    return [
        Row(f"populate {cases:,} cases", seconds, "s", budget, "staff, generate, load, index"),
        Row("  of which generation alone", generate_only, "s", "", "no vault, no row encoding"),
        Row("cases per second", cases / seconds, "/s"),
        Row("sessions per second", summary.sessions / seconds, "/s", "", f"{summary.sessions:,}"),
        Row("rows per second", rows / seconds, "/s", "", f"{rows:,} records of 7 kinds"),
        Row("vault size on disk", size / 1e6, "MB", "", "cases.db + -wal + -shm"),
        Row("bytes per case", size / max(cases, 1), "B"),
    ]
