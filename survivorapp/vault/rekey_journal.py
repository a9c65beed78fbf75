"""The one commit point of a data-key rotation, and finishing or undoing an interrupted one.

A rotation writes the new database and the new key slots under temporary names first
(``cases.db.rekey``, ``keyslots.json.rekey``), makes both durable, and only then writes the
marker ``rekey.commit`` atomically. Writing that marker is the commit: before it exists, the
vault *is* the old pair (``cases.db`` + ``keyslots.json``, untouched) and leftovers are deleted;
once it exists, the vault *is* the new pair, and the renames are carried forward, by the
rotation itself or by whoever opens the vault next. Every step is idempotent, so a kill at any
point, including during this recovery, leaves the old vault or the new one, never neither and
never a mismatched pair that is used. Format: docs/vault-format.md, section 18.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from survivorapp.vault.atomic import atomic_write_bytes, fsync_dir, translate_os_error
from survivorapp.vault.errors import VaultError, VaultInUse
from survivorapp.vault.lockfile import VaultLock

DB_NAME = "cases.db"
SLOTS_NAME = "keyslots.json"
NEW_DB = "cases.db.rekey"
NEW_SLOTS = "keyslots.json.rekey"
MARKER = "rekey.commit"
MARKER_FORMAT = "survivorapp-rekey"
MARKER_VERSION = 1
MAX_MARKER_BYTES = 64 * 1024
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

Step = Callable[[str], None]
"""Told the name of each step as it starts (progress in the app; kill points in tests)."""


class RekeyUnfinishable(VaultError):
    user_message = (
        "A change of the vault's data key was interrupted and its files do not match what it "
        "wrote down, so it cannot be finished safely. Nothing was changed; restore the vault "
        "folder from a backup, or ask for help."
    )


def _ignore(_step: str) -> None:
    pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pending(folder: Path) -> bool:
    """True when an interrupted rotation left anything behind (committed or not)."""
    names = (MARKER, NEW_DB, NEW_SLOTS)
    return any((folder / name).exists() for name in names) or any(
        any(folder.glob(f".{name}.*.tmp")) for name in (NEW_SLOTS, MARKER)
    )


def write_marker(folder: Path, vault_id: str) -> None:
    """The commit point. Both new files must already be complete and durable."""
    body = {
        "format": MARKER_FORMAT,
        "version": MARKER_VERSION,
        "vault_id": vault_id,
        "database": NEW_DB,
        "database_bytes": (folder / NEW_DB).stat().st_size,
        "keyslots": NEW_SLOTS,
        "keyslots_sha256": file_sha256(folder / NEW_SLOTS),
    }
    atomic_write_bytes(folder / MARKER, (json.dumps(body, indent=2) + "\n").encode())


def _read_marker(folder: Path) -> dict[str, object]:
    path = folder / MARKER
    try:
        if path.stat().st_size > MAX_MARKER_BYTES:
            raise RekeyUnfinishable()
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, UnicodeDecodeError):
        raise RekeyUnfinishable() from None
    if (
        not isinstance(data, dict)
        or data.get("format") != MARKER_FORMAT
        or data.get("version") != MARKER_VERSION
        or data.get("database") != NEW_DB
        or data.get("keyslots") != NEW_SLOTS
    ):
        raise RekeyUnfinishable()
    return data


def roll_forward(folder: Path, step: Step = _ignore) -> None:
    """Carry a committed rotation through: new slots, new database, then drop the marker.

    Runs only while the vault's lock is held and its database is closed.
    """
    marker = _read_marker(folder)
    new_slots, new_db = folder / NEW_SLOTS, folder / NEW_DB
    try:
        if new_slots.exists():
            if file_sha256(new_slots) != marker.get("keyslots_sha256"):
                raise RekeyUnfinishable()
            step("swap key slots")
            os.replace(new_slots, folder / SLOTS_NAME)
            fsync_dir(folder)
        if new_db.exists():
            if new_db.stat().st_size != marker.get("database_bytes"):
                raise RekeyUnfinishable()
            step("swap database")
            # The old database's WAL and index belong to the old file: the new one must
            # never replay them. Nothing was written to the old database after the export.
            for suffix in SQLITE_SIDE_FILES:
                (folder / (DB_NAME + suffix)).unlink(missing_ok=True)
            os.replace(new_db, folder / DB_NAME)
            fsync_dir(folder)
        step("remove old-key copies")
        _remove_old_key_copies(folder)
        step("finish")
        (folder / MARKER).unlink(missing_ok=True)
        fsync_dir(folder)
    except OSError as exc:
        raise translate_os_error(exc) from None


def _remove_old_key_copies(folder: Path) -> None:
    """Migration copies (``cases.db.before-vN``) are encrypted under the old data key, and
    ``keyslots.json.before-vN`` holds only old slots: only someone holding an old key slot
    could still use them, so they go."""
    for copy in [*folder.glob(f"{DB_NAME}.before-v*"), *folder.glob(f"{SLOTS_NAME}.before-v*")]:
        copy.unlink(missing_ok=True)
    fsync_dir(folder)


def roll_back(folder: Path, step: Step = _ignore) -> None:
    """Delete what an uncommitted rotation wrote; the old pair was never touched."""
    step("discard")
    try:
        for name in (NEW_SLOTS, NEW_DB, *(NEW_DB + s for s in SQLITE_SIDE_FILES)):
            (folder / name).unlink(missing_ok=True)
        for leftover in folder.glob(f".{NEW_SLOTS}.*.tmp"):
            leftover.unlink(missing_ok=True)
        for leftover in folder.glob(f".{MARKER}.*.tmp"):
            leftover.unlink(missing_ok=True)
        fsync_dir(folder)
    except OSError as exc:
        raise translate_os_error(exc) from None


def settle(folder: Path, step: Step = _ignore) -> None:
    """Finish (if committed) or undo (if not) whatever rotation was interrupted here.

    The caller holds the vault's lock and has no connection to its database open.
    """
    if (folder / MARKER).exists():
        roll_forward(folder, step)
    roll_back(folder, step)


def recover(folder: Path, step: Step = _ignore) -> None:
    """Before opening a vault: settle an interrupted rotation, if there is one.

    Takes the vault's lock for the moment it needs; if another program holds it, that program
    has the vault open (and settled it when it opened it, or is rotating right now), so this
    leaves everything as it is and the caller's own attempt to lock reports the vault in use.
    """
    if not folder.is_dir() or not pending(folder):
        return
    lock = VaultLock(folder)
    try:
        lock.acquire()
    except VaultInUse:
        return
    try:
        settle(folder, step)
    finally:
        with contextlib.suppress(Exception):
            lock.release()
