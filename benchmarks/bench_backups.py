"""Backups of the large vault: take one, verify it, restore it, and save sessions meanwhile.

Budgets (issue 14): a backup within 30 s and a verify within 30 s of the 100,000-case vault
(~480 MB), a restore within 60 s, and the app staying responsive: a session saved while a
backup runs is still a quick, durable commit. Uses the same vault as ``bench_ui`` (generated,
or copied from ``SURVIVORAPP_BENCH_UI_VAULT``: the cached copy is never written to).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from benchmarks.bench_ui import (
    CASES,
    CASES_ENV,
    PASSPHRASE,
    QUICK_CASES,
    USER,
    _new_case,
    _NoKeyring,
    _prepare_vault,
)
from benchmarks.common import Context, Row, median, ms, p95, time_once
from survivorapp.domain.progress import silent
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.backups import Rotation, take_snapshot
from survivorapp.services.restore import Credentials, RestoreService

NAME = "backups"
SAVES_BEFORE = 20


def _saver(session: VaultSession) -> Callable[[int], float]:
    from survivorapp.domain.session import Session

    reference = _new_case(session)
    first = date(2026, 1, 6)

    def save(i: int) -> float:
        return time_once(
            lambda: session.cases.log_session(
                Session(
                    case_reference=reference,
                    session_date=first + timedelta(days=i % 250),
                    duration_minutes=45,
                    mode="phone",
                    kind="emotional_support",
                    note=f"Check-in call during a backup ({i}).",
                )
            )
        )

    return save


def _backup_while_saving(session: VaultSession, folder: Path) -> tuple[float, list[float], Path]:
    """The snapshot on its own thread (as the app runs it), sessions saved on this one."""
    save = _saver(session)
    request = session.backups.begin()
    made: list[Path] = []
    started = time.perf_counter()
    worker = threading.Thread(target=lambda: made.append(take_snapshot(request, folder, silent())))
    worker.start()
    latencies: list[float] = []
    while worker.is_alive():
        latencies.append(save(len(latencies)))
        time.sleep(0.05)  # a person saves now and then, not in a tight loop
    worker.join()
    seconds = time.perf_counter() - started
    if not made:
        raise RuntimeError("the backup failed")
    session.backups.finish(request, made[0], Rotation(enabled=False))
    return seconds, latencies, made[0]


def run(ctx: Context) -> list[Row]:
    cases = int(os.environ.get(CASES_ENV) or (QUICK_CASES if ctx.quick else CASES))
    access = VaultAccess(_NoKeyring())
    service = RestoreService(access)
    creds = Credentials(USER, PASSPHRASE)
    with ctx.scratch(NAME) as scratch:
        folder, origin = _prepare_vault(access, scratch, cases)
        db_size = (folder / "cases.db").stat().st_size
        backups = scratch / "backups"
        backups.mkdir()
        with access.unlock(folder, USER, PASSPHRASE) as session:
            save = _saver(session)
            quiet = [save(i) for i in range(SAVES_BEFORE)]
            seconds, during, made = _backup_while_saving(session, backups)
        size = sum(p.stat().st_size for p in made.iterdir())
        verify = time_once(lambda: service.verify(made, creds, silent()))
        restore = time_once(lambda: service.restore(made, scratch / "restored", creds, silent()))
    return [
        Row("vault", f"{cases:,} cases", "", "", f"{origin}; cases.db {db_size / 1e6:.0f} MB"),
        Row("backup (snapshot, hashes, manifest)", seconds, "s", "<=30 s", f"{size / 1e6:.0f} MB"),
        Row("verify a backup", verify, "s", "<=30 s", "files, MAC, every page, counts, audit"),
        Row("restore a backup", restore, "s", "<=60 s", "verify, copy, open, full check"),
        Row(
            "save a session during a backup (p95)",
            ms(p95(during)) if during else "-",
            "ms",
            "<=50 ms p95",
            f"{len(during)} saves, median {ms(median(during)):.1f} ms, max "
            f"{ms(max(during)):.0f} ms; without a backup p95 {ms(p95(quiet)):.1f} ms",
        ),
    ]
