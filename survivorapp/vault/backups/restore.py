"""Putting a verified backup's files into a new vault folder.

A restore never writes over anything: the target must not exist yet (or be an empty folder).
The files are copied into a hidden ``.<name>.restoring-*`` folder beside the target, fsynced,
and the folder is renamed into place only when complete, so a restore stopped half-way (a kill,
a full disk) leaves nothing that looks like a vault. Opening the restored vault afterwards (which
migrates an older schema, copying the old file aside first) is the caller's next step.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from survivorapp.paths import ensure_private_dir
from survivorapp.vault.atomic import fsync_dir, translate_os_error
from survivorapp.vault.backups.errors import RestoreTargetNotEmpty
from survivorapp.vault.backups.snapshot import DB_NAME, SLOTS_NAME
from survivorapp.vault.backups.verify import VerifiedBackup

COPY_CHUNK = 8 * 1024 * 1024


def check_target(target: Path) -> None:
    """A restore goes into a new or empty folder only."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RestoreTargetNotEmpty()


def restore_files(backup: VerifiedBackup, target: Path) -> None:
    """Copy the backup's database and key slots into ``target`` (new), all or nothing."""
    check_target(target)
    try:
        ensure_private_dir(target.parent)
        staging = target.parent / f".{target.name}.restoring-{secrets.token_hex(4)}"
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise translate_os_error(exc) from None
    try:
        for name in (DB_NAME, SLOTS_NAME):
            _copy_private(backup.folder / name, staging / name)
        fsync_dir(staging)
        if target.exists():
            target.rmdir()
        os.rename(staging, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise translate_os_error(exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    try:
        with source.open("rb") as handle:
            while chunk := handle.read(COPY_CHUNK):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
