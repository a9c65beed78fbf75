"""Real child processes that hold or write a vault, for lock and crash tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Unlocks the vault given as argv[1] and, with argv[2] == "write", commits one transaction per
# line it prints (a row plus a counter row, both in the same transaction). With "hold" it prints
# "ready" and waits to be killed.
WRITER = """
import sys, time
from pathlib import Path
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

folder, mode = Path(sys.argv[1]), sys.argv[2]
store = KeyringSecretStore(MemoryKeyring())
vault = vault_ops.unlock(folder, ADMIN, ADMIN_PASSPHRASE, secret_store=store)
with vault.transaction() as conn:
    conn.execute("CREATE TABLE IF NOT EXISTS rows(n INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS progress(id INTEGER PRIMARY KEY CHECK (id = 1), n)")
start = vault.connection.execute("SELECT coalesce(max(n), 0) FROM rows").fetchone()[0]
print("ready", start, flush=True)
if mode == "hold":
    time.sleep(600)
n = start
while True:
    n += 1
    with vault.transaction() as conn:
        conn.execute("INSERT INTO rows(n, body) VALUES (?, ?)", (n, f"row {n} " + "z" * 500))
        conn.execute("INSERT OR REPLACE INTO progress(id, n) VALUES (1, ?)", (n,))
    print(n, flush=True)
"""


def start_vault_process(folder: Path, mode: str, tmp_path: Path) -> subprocess.Popen[str]:
    script = tmp_path / "vault_process.py"
    script.write_text(WRITER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen(
        [sys.executable, str(script), str(folder), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )


def wait_ready(proc: subprocess.Popen[str]) -> int:
    """Wait for the child's ``ready N`` line; return N (rows already in the vault)."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"child did not start: {line!r} {err[-2000:]}")
    return int(line.split()[1])
