"""Taking a backup: a consistent snapshot of the live database, written so a failure leaves
nothing that looks complete.

The snapshot is copied by SQLite's online backup API over a second connection that holds one
read transaction for the whole copy. In WAL mode a reader never blocks the writer, so sessions
go on being saved on the vault's own connection meanwhile, and the snapshot is exactly the
database as it stood when the read began (a file copy of a live WAL database would not be).
Everything goes into a hidden ``.<name>.partial-*`` folder; only when every file is written,
fsynced and listed in the authenticated manifest is the folder renamed to its final name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from survivorapp.domain.progress import Progress
from survivorapp.vault import migrations
from survivorapp.vault.atomic import fsync_dir
from survivorapp.vault.backups.errors import (
    BackupDiskFull,
    BackupFolderMissing,
    BackupFolderNotWritable,
    BackupFolderRemoved,
)
from survivorapp.vault.backups.manifest import (
    MAC_PURPOSE,
    MANIFEST_NAME,
    Manifest,
    derive_key,
    file_entry,
    manifest_heads,
    record_counts,
)
from survivorapp.vault.connection import Connection, open_database, translate_database_error
from survivorapp.vault.errors import DiskFull, VaultNotWritable

DB_NAME = "cases.db"
SLOTS_NAME = "keyslots.json"
PREFIX = "survivorapp-backup-"
PARTIAL = ".partial-"
PAGES_PER_STEP = 4096
DEVICE_SECRET_NAME = "device-secret.sealed"  # noqa: S105 - a file name
DEVICE_SECRET_PURPOSE = "backup-device-secret"  # noqa: S105 - an HKDF label


@dataclass(frozen=True)
class SnapshotRequest:
    """Everything the snapshot needs, handed from the vault thread to the backup thread."""

    vault_folder: Path
    vault_id: str
    data_key: bytes
    created_by: str
    generation: int
    app_version: str
    created: datetime
    #: A bound vault's device secret, sealed into the backup under the data key (see below).
    device_secret: bytes | None = None


def backup_name(vault_id: str, created: datetime, generation: int) -> str:
    return f"{PREFIX}{vault_id[:8]}-{created.strftime('%Y%m%d-%H%M%S')}-g{generation}"


def keyed_connection(path: Path, data_key: bytes, *, uri_mode: str | None = None) -> Connection:
    """A bare keyed connection (no WAL switch): for a snapshot being written or checked."""
    target = f"file:{path}?mode={uri_mode}" if uri_mode else str(path)
    conn = sqlcipher3.connect(target, isolation_level=None, uri=uri_mode is not None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def seal_device_secret(data_key: bytes, vault_id: str, secret: bytes) -> bytes:
    """A bound vault's device secret under a key derived from the data key: whoever can read
    it could already read everything, so binding loses nothing, and a new computer restored
    with the recovery key gets the secret back, and with it every user's passphrase."""
    nonce = secrets.token_bytes(12)
    key = derive_key(data_key, vault_id, DEVICE_SECRET_PURPOSE)
    return nonce + AESGCM(key).encrypt(nonce, secret, vault_id.encode())


def open_device_secret(data_key: bytes, vault_id: str, sealed: bytes) -> bytes | None:
    key = derive_key(data_key, vault_id, DEVICE_SECRET_PURPOSE)
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], vault_id.encode())
    except (InvalidTag, ValueError):
        return None


def take_snapshot(request: SnapshotRequest, dest_root: Path, progress: Progress) -> Path:
    """Write one complete backup into ``dest_root``; return its folder."""
    if not dest_root.is_dir():
        raise BackupFolderMissing()
    name = backup_name(request.vault_id, request.created, request.generation)
    partial = dest_root / f".{name}{PARTIAL}{secrets.token_hex(4)}"
    try:
        with _translated(dest_root):
            partial.mkdir(mode=0o700)
            _write_backup(request, partial, progress)
            final = dest_root / name
            os.rename(partial, final)
            fsync_dir(dest_root)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(partial)
        raise
    return final


def _write_backup(request: SnapshotRequest, partial: Path, progress: Progress) -> None:
    progress.report("Copying the database", 0, 1)
    counts, heads, schema = _copy_database(request, partial / DB_NAME, progress)
    progress.report("Writing the manifest", 1, 1)
    slots = (request.vault_folder / SLOTS_NAME).read_bytes()
    _write_file(partial / SLOTS_NAME, slots)
    names = [DB_NAME, SLOTS_NAME]
    if request.device_secret is not None:
        sealed = seal_device_secret(request.data_key, request.vault_id, request.device_secret)
        _write_file(partial / DEVICE_SECRET_NAME, sealed)
        names.append(DEVICE_SECRET_NAME)
    manifest = Manifest(
        vault_id=request.vault_id,
        schema_version=schema,
        app_version=request.app_version,
        created=request.created.isoformat(timespec="seconds"),
        created_by=request.created_by,
        generation=request.generation,
        counts=counts,
        heads=heads,
        files={n: file_entry(partial / n) for n in names},
    )
    key = derive_key(request.data_key, request.vault_id, MAC_PURPOSE)
    _write_file(partial / MANIFEST_NAME, manifest.to_bytes(key))
    fsync_dir(partial)


def _copy_database(
    request: SnapshotRequest, target: Path, progress: Progress
) -> tuple[dict[str, int], dict[str, str], int]:
    """Copy the live database page by page inside one read transaction; read the counts and
    heads from the copy, so the manifest describes exactly what was copied."""
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    source = open_database(request.vault_folder / DB_NAME, request.data_key)
    try:
        dest = keyed_connection(target, request.data_key)
        try:
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM vault_meta").fetchone()

            def step(_status: int, remaining: int, total: int) -> None:
                progress.report("Copying the database", total - remaining, total)

            source.backup(dest, pages=PAGES_PER_STEP, progress=step)
            source.execute("COMMIT")
            dest.execute("PRAGMA journal_mode = DELETE").fetchall()
            counts, heads = record_counts(dest), manifest_heads(dest)
            schema = migrations.schema_version(dest)
        finally:
            dest.close()
    finally:
        source.close()
    _fsync_file(target)
    return counts, heads, schema


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _translated(dest_root: Path) -> Iterator[None]:
    """OS and SQLite failures while writing become sentences about the backup folder."""
    try:
        yield
    except sqlcipher3.Error as exc:
        translated = translate_database_error(exc)
        raise _about_folder(translated, dest_root) from None
    except OSError as exc:
        raise _about_folder(exc, dest_root) from None


def _about_folder(exc: BaseException, dest_root: Path) -> BaseException:
    if not dest_root.is_dir():
        return BackupFolderRemoved()
    if isinstance(exc, DiskFull) or getattr(exc, "errno", None) in (
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EFBIG,
    ):
        return BackupDiskFull()
    if isinstance(exc, VaultNotWritable) or getattr(exc, "errno", None) in (
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
    ):
        return BackupFolderNotWritable()
    if getattr(exc, "errno", None) == errno.ENOENT:
        return BackupFolderRemoved()
    return exc


def remove_stale_partials(dest_root: Path, older_than_s: float = 24 * 3600) -> int:
    """Unfinished backups left by a crash (hidden ``.partial-`` folders) older than a day."""
    removed = 0
    now = time.time()
    for entry in _entries(dest_root):
        if entry.name.startswith("." + PREFIX) and PARTIAL in entry.name:
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > older_than_s:
                    shutil.rmtree(entry)
                    removed += 1
    return removed


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
