"""A read-only drive and a full drive: real tmpfs mounts inside a user namespace.

Tests run as root in CI, where ``chmod`` does not stop anything, so each test runs a script as
root of its own user and mount namespace: it mounts a tmpfs, makes a vault there, and breaks the
filesystem for real. Skipped (with the reason) where unprivileged namespaces are not allowed.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.namespace import run_in_namespace

SETUP = """
import hashlib, json
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from survivorapp.vault.create import create_vault
from survivorapp.vault.errors import VaultError
from survivorapp.vault.kdf import KdfParams
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring

PASS = "correct horse battery staple"
STORE = KeyringSecretStore(MemoryKeyring())
mnt = Path(sys.argv[1])
result = {}

def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name != "vault.lock"}

def attempt(name, action):
    try:
        action()
        result[name] = "ok"
    except VaultError as exc:
        result[name] = type(exc).__name__
        result[name + "_message"] = exc.user_message
    except Exception as exc:
        result[name] = "RAW " + type(exc).__name__ + ": " + str(exc)
"""


READ_ONLY = """
mount_tmpfs(mnt, "8m")
folder = mnt / "vault"
created = create_vault(folder, "admin", PASS, secret_store=STORE, kdf_params=KdfParams())
with created.vault.transaction() as conn:
    conn.execute("CREATE TABLE notes(body TEXT)")
    conn.executemany("INSERT INTO notes VALUES (?)", [("note %d" % i,) for i in range(20)])
created.vault.lock()
before = digest(folder)
remount(mnt, "ro")

attempt("unlock", lambda: vault_ops.unlock(folder, "admin", PASS, secret_store=STORE))
attempt("recovery", lambda: vault_ops.unlock_with_recovery(folder, created.recovery_key,
                                                           secret_store=STORE))
result["intact"] = digest(folder) == before

remount(mnt, "rw")
with vault_ops.unlock(folder, "admin", PASS, secret_store=STORE) as vault:
    result["rows"] = vault.connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    result["healthy"] = check_vault(vault).ok
print(json.dumps(result))
"""


def test_read_only_vault_folder_is_reported_and_untouched(tmp_path: Path) -> None:
    proc = run_in_namespace(SETUP + READ_ONLY, tmp_path, str(tmp_path / "mnt"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["unlock"] == "VaultNotWritable", result
    assert result["recovery"] == "VaultNotWritable", result
    assert "cannot write" in result["unlock_message"]
    assert result["intact"] is True
    assert result["rows"] == 20 and result["healthy"] is True


DISK_FULL = """
mount_tmpfs(mnt, "1536k")
folder = mnt / "vault"
created = create_vault(folder, "admin", PASS, secret_store=STORE, kdf_params=KdfParams())
vault = created.vault
with vault.transaction() as conn:
    conn.execute("CREATE TABLE notes(n INTEGER PRIMARY KEY, body BLOB NOT NULL)")
committed = 0
for n in range(1, 10_000):
    try:
        with vault.transaction() as conn:
            conn.execute("INSERT INTO notes VALUES (?, ?)", (n, os.urandom(3000)))
    except VaultError as exc:
        result["full"] = type(exc).__name__
        result["full_message"] = exc.user_message
        break
    except Exception as exc:
        result["full"] = "RAW " + type(exc).__name__ + ": " + str(exc)
        break
    committed = n
result["committed"] = committed
result["in_transaction"] = vault.connection.in_transaction

slots_before = (folder / "keyslots.json").read_bytes()
attempt("add_user", lambda: vault.add_user("bob", "bob keeps his own secret"))
result["slots_intact"] = (folder / "keyslots.json").read_bytes() == slots_before
result["leftover_tmp"] = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
result["rows_while_full"] = vault.connection.execute("SELECT count(*) FROM notes").fetchone()[0]
vault.lock()

# reopen on the still-full drive: either it opens, or it says the drive is full
def reopen_full():
    with vault_ops.unlock(folder, "admin", PASS, secret_store=STORE) as again:
        result["rows_reopened_full"] = again.connection.execute(
            "SELECT count(*) FROM notes").fetchone()[0]
attempt("reopen_full", reopen_full)

remount(mnt, "size=16m")
with vault_ops.unlock(folder, "admin", PASS, secret_store=STORE) as again:
    numbers = [r[0] for r in again.connection.execute("SELECT n FROM notes ORDER BY n")]
    result["all_committed_present"] = numbers[:committed] == list(range(1, committed + 1))
    result["rows_after"] = len(numbers)
    report = check_vault(again)
    result["healthy"] = report.ok
    result["report"] = [(i.name, i.ok, i.detail) for i in report.items]
    again.add_user("bob", "bob keeps his own secret")
with vault_ops.unlock(folder, "bob", "bob keeps his own secret", secret_store=STORE):
    result["bob"] = "ok"
print(json.dumps(result))
"""


def test_disk_full_is_reported_and_loses_no_committed_write(tmp_path: Path) -> None:
    proc = run_in_namespace(SETUP + DISK_FULL, tmp_path, str(tmp_path / "mnt"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["full"] == "DiskFull", result
    assert "full" in result["full_message"]
    assert result["committed"] > 50, "the drive should hold some rows before it fills"
    assert result["in_transaction"] is False, "a failed commit must not leave a transaction open"
    assert result["add_user"] == "DiskFull", result
    assert result["slots_intact"] is True
    assert result["leftover_tmp"] == []
    assert result["rows_while_full"] == result["committed"]
    assert result["reopen_full"] in ("ok", "DiskFull"), result
    assert result["all_committed_present"] is True
    assert result["rows_after"] == result["committed"]
    assert result["healthy"] is True, result["report"]
    assert result["bob"] == "ok"
