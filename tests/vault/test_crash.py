"""A process killed with SIGKILL mid-stream loses no committed write (process crash only)."""

from __future__ import annotations

import random
import signal
from pathlib import Path

from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from tests.support.processes import start_vault_process, wait_ready
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

ROUNDS = 4


def test_sigkill_during_committed_writes_loses_nothing(vault_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(20240917)
    committed = 0
    for _round in range(ROUNDS):
        writer = start_vault_process(vault_dir, "write", tmp_path)
        try:
            start = wait_ready(writer)
            assert start == committed
            assert writer.stdout is not None
            stop_after = rng.randint(5, 120)
            last = start
            for _ in range(stop_after):
                line = writer.stdout.readline()
                assert line, "writer stopped early"
                last = int(line)
        finally:
            writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate(timeout=10)
        # a line the writer printed before it died was committed as well
        printed = [int(x) for x in rest.split()]
        if printed:
            last = printed[-1]
        assert writer.returncode == -signal.SIGKILL

        with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
            conn = session.connection
            numbers = [r[0] for r in conn.execute("SELECT n FROM rows ORDER BY n")]
            progress = conn.execute("SELECT n FROM progress").fetchone()
            report = check_vault(session)
        assert report.ok, [i for i in report.items if not i.ok]
        # every printed (committed) row is there; at most the one in flight beyond it
        assert numbers[:last] == list(range(1, last + 1))
        assert len(numbers) in (last, last + 1)
        assert progress[0] == len(numbers)
        committed = len(numbers)
    assert committed > ROUNDS * 5
