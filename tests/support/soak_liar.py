"""A soak scenario that lies: it reports sessions it never saved (tests/vault/test_soak.py).

The soak must count every one of them as a lost commit, or it could not find a real one.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks import soak_sessions
from benchmarks.soak_kit import Report, Scenario
from survivorapp.services.access import VaultSession


def child(_session: VaultSession, _scratch: Path, report: Report) -> None:
    n = 0
    while True:
        n += 1
        report(f"never-saved-{n}")
        time.sleep(0.002)


SCENARIO = Scenario(
    "liar", soak_sessions.prepare, child, soak_sessions.verify, max_delay=0.1, min_delay=0.05
)
