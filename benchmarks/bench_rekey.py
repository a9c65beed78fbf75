"""Rotating the data key of a 100,000-case vault (``survivorapp rekey``).

The vault is the UI benchmark's (``bench_ui``): generated once, or copied from the cache named
by ``SURVIVORAPP_BENCH_UI_VAULT`` (the cached copy is never modified; the rotation runs on a
copy in a scratch folder). Measured: the whole rotation as the command line runs it (checking
the passphrase, exporting every page under the new key, the new slots, the commit and the
swap), then the first unlock of the rotated vault, and the database's size before and after
(the export leaves the old file's free pages behind).
"""

from __future__ import annotations

import os
import time

from benchmarks.bench_ui import (
    CASES,
    CASES_ENV,
    PASSPHRASE,
    QUICK_CASES,
    USER,
    _NoKeyring,
    _prepare_vault,
)
from benchmarks.common import Context, Row, time_once
from survivorapp.domain.progress import Progress, ProgressReport
from survivorapp.services.access import VaultAccess
from survivorapp.services.key_rotation import rotate_data_key

NAME = "rekey"


def run(ctx: Context) -> list[Row]:
    cases = int(os.environ.get(CASES_ENV) or (QUICK_CASES if ctx.quick else CASES))
    access = VaultAccess(_NoKeyring())  # type: ignore[arg-type]
    with ctx.scratch(NAME) as scratch:
        folder, note = _prepare_vault(access, scratch, cases)
        before = (folder / "cases.db").stat().st_size
        steps: dict[str, float] = {}
        last = [time.perf_counter(), ""]

        def heard(report: ProgressReport) -> None:
            now = time.perf_counter()
            if last[1]:
                steps[str(last[1])] = now - float(last[0])
            last[0], last[1] = now, report.step

        session = access.unlock(folder, USER, PASSPHRASE)
        start = time.perf_counter()
        rotate_data_key(session, PASSPHRASE, Progress(heard))
        total = time.perf_counter() - start
        steps[str(last[1])] = time.perf_counter() - float(last[0])
        session.lock()
        unlock = time_once(lambda: access.unlock(folder, USER, PASSPHRASE).lock())
        after = (folder / "cases.db").stat().st_size
    export = steps.get("copy the database under the new key", 0.0)
    return [
        Row(f"rekey, {cases:,} cases (whole rotation)", total, "s", "", note),
        Row("  of which: export under the new key", export, "s"),
        Row(
            "  of which: the acting user's new slot and the rest",
            total - export,
            "s",
            "",
            "passphrase checks and the new slot (Argon2id), slots, commit, swap",
        ),
        Row("first unlock after rekey", unlock, "s"),
        Row("cases.db before / after", f"{before / 2**20:.0f} / {after / 2**20:.0f}", "MiB"),
    ]
