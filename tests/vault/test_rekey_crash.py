"""A rotation killed with SIGKILL at any point leaves the old vault or the new one, never neither.

A real child process rotates the data key and kills itself as a chosen step begins; the next
unlock must open a healthy vault that is exactly the old one (before the commit point) or
exactly the new one (after it), with no rotation files left behind. The same for a second
process killed while finishing an interrupted rotation.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess
from survivorapp.services.errors import RecoveryKeyNotRecognised
from survivorapp.vault import rekey_journal
from tests.support.processes import REPO_ROOT
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

STEPS_BEFORE_COMMIT = 5
"""prepare, copy, record, write slots, commit: a kill as any of these begins keeps the old vault."""
ALL_STEPS = 9


def run_child(folder: Path, mode: str, kill_at: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "tests.support.rekey_child", str(folder), mode, str(kill_at)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )


def prepared(vault_dir: Path, access: VaultAccess) -> bytes:
    """A vault with a colleague and a migration copy; returns its key slot file's bytes."""
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("bea", "bea's own passphrase")
    (vault_dir / "cases.db.before-v10").write_bytes((vault_dir / "cases.db").read_bytes())
    return (vault_dir / "keyslots.json").read_bytes()


def state_after(vault_dir: Path, access: VaultAccess, old_slots: bytes, old_recovery: str) -> str:
    """'old' or 'new'; fails if the vault does not open healthy as exactly one of them."""
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        report = session.check()
        assert report.ok, [(i.name, i.detail) for i in report.items if not i.ok]
        actions = [e.action for e in session.audit.recent(50)]
        users = session.users()
    assert not rekey_journal.pending(vault_dir)
    leftovers = {p.name for p in vault_dir.iterdir()} - {
        "cases.db",
        "keyslots.json",
        "vault.lock",
        "cases.db.before-v10",
        "audit-checkpoint.json",
    }
    assert not leftovers, leftovers
    if (vault_dir / "keyslots.json").read_bytes() == old_slots:
        assert "rekey" not in actions
        assert (vault_dir / "cases.db.before-v10").exists()
        assert users == [ADMIN, "bea"]
        access.unlock_with_recovery(vault_dir, old_recovery).lock()
        return "old"
    assert "rekey" in actions
    assert not (vault_dir / "cases.db.before-v10").exists()
    with pytest.raises(RecoveryKeyNotRecognised):
        access.unlock_with_recovery(vault_dir, old_recovery)
    return "new"


@pytest.mark.parametrize("kill_at", range(1, ALL_STEPS + 1))
def test_a_rotation_killed_at_any_step_leaves_the_old_or_the_new_vault(
    vault_dir: Path, access: VaultAccess, template_vault: object, kill_at: int
) -> None:
    old_slots = prepared(vault_dir, access)
    child = run_child(vault_dir, "rotate", kill_at)
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    assert child.stdout.count("step") == kill_at
    expected = "old" if kill_at <= STEPS_BEFORE_COMMIT else "new"
    assert state_after(vault_dir, access, old_slots, template_vault.recovery_key) == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("kill_at", [1, 2])
def test_finishing_an_interrupted_rotation_can_itself_be_killed(
    vault_dir: Path, access: VaultAccess, template_vault: object, kill_at: int
) -> None:
    old_slots = prepared(vault_dir, access)
    first = run_child(vault_dir, "rotate", STEPS_BEFORE_COMMIT + 1)  # committed, nothing swapped
    assert first.returncode == -signal.SIGKILL
    assert (vault_dir / rekey_journal.MARKER).exists()
    second = run_child(vault_dir, "settle", kill_at)
    assert second.returncode == -signal.SIGKILL, second.stderr[-2000:]
    assert state_after(vault_dir, access, old_slots, template_vault.recovery_key) == "new"  # type: ignore[attr-defined]


def test_kills_at_random_moments_leave_the_old_or_the_new_vault(
    vault_dir: Path, access: VaultAccess, template_vault: object
) -> None:
    """Between the step boundaries too: the kill lands wherever the child happens to be."""
    rng = random.Random(1707)
    old_slots = prepared(vault_dir, access)
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    seen = set()
    for _round in range(3):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.support.rekey_child", str(vault_dir), "rotate", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO_ROOT,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the rotation has begun
        assert first.startswith("step 1"), first + child.stderr.read() if child.stderr else ""
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        state = state_after(vault_dir, access, old_slots, template_vault.recovery_key)  # type: ignore[attr-defined]
        seen.add(state)
        if state == "new":
            return  # a finished rotation: the next round would start from another old vault
    assert seen == {"old"}
