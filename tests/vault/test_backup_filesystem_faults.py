"""A backup folder on a drive that is full or read-only: real tmpfs mounts in a user namespace
(tests run as root, where chmod stops nothing). Each says so in one sentence, discards the
unfinished copy, and leaves the earlier backup and the live vault as they were."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.namespace import run_in_namespace

SCRIPT = """
import hashlib, json, os
from survivorapp.domain.progress import silent
from survivorapp.services.access import VaultAccess
from survivorapp.services.backups import Rotation
from survivorapp.services.restore import Credentials, RestoreService
from survivorapp.vault.errors import VaultError
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import make_vault, ADMIN, ADMIN_PASSPHRASE

mnt, work, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
vault = work / "vault"
make_vault(vault, access)
with access.unlock(vault, ADMIN, ADMIN_PASSPHRASE) as session:
    with session.vault.transaction() as conn:
        conn.execute("CREATE TABLE padding(b BLOB)")
        conn.executemany("INSERT INTO padding VALUES (?)", [(os.urandom(2000),)] * 300)

def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "vault.lock"}

mount_tmpfs(mnt, "1600k")
result = {}
with access.unlock(vault, ADMIN, ADMIN_PASSPHRASE) as session:
    first = session.backups.backup_now(mnt, silent(), Rotation(enabled=False))
    result["first_size"] = first.size
    earlier = digest(mnt)
    if mode == "ro":
        remount(mnt, "ro")
    try:
        session.backups.backup_now(mnt, silent(), Rotation(enabled=False))
        result["second"] = "ok"
    except VaultError as exc:
        result["second"] = type(exc).__name__
        result["message"] = exc.user_message
    result["earlier_intact"] = digest(mnt) == earlier
    result["entries"] = sorted(os.listdir(mnt))
    result["warning"] = session.backups.status(mnt).warning
    result["vault_ok"] = session.check().ok
RestoreService(access).verify(first.folder, Credentials(ADMIN, ADMIN_PASSPHRASE), silent())
result["earlier_verifies"] = True
print(json.dumps(result))
"""


def _run(tmp_path: Path, mode: str) -> dict[str, object]:
    work = tmp_path / "work"
    work.mkdir()
    proc = run_in_namespace(SCRIPT, tmp_path, str(tmp_path / "mnt"), str(work), mode)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_a_full_backup_drive_discards_the_copy_and_keeps_the_earlier_backup(
    tmp_path: Path,
) -> None:
    result = _run(tmp_path, "full")
    assert result["second"] == "BackupDiskFull", result
    assert "full" in str(result["message"]) and "not changed" in str(result["message"])
    assert result["earlier_intact"] is True
    assert len(result["entries"]) == 1, result["entries"]  # type: ignore[arg-type]
    assert "failed" in str(result["warning"])
    assert result["vault_ok"] is True and result["earlier_verifies"] is True


def test_a_read_only_backup_drive_is_said_plainly(tmp_path: Path) -> None:
    result = _run(tmp_path, "ro")
    assert result["second"] == "BackupFolderNotWritable", result
    assert "read-only" in str(result["message"])
    assert result["earlier_intact"] is True
    assert len(result["entries"]) == 1, result["entries"]  # type: ignore[arg-type]
    assert result["vault_ok"] is True and result["earlier_verifies"] is True
