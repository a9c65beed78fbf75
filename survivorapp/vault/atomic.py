"""Atomic, private writes for the few files kept outside SQLite.

A crash or a full disk must leave either the old file or the new one, never half of each:
write a temporary file in the same folder, fsync it, ``os.replace`` it over the target, then
fsync the folder so the rename itself is durable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from survivorapp.vault.errors import DiskFull, VaultNotWritable


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically; owner-only permissions."""
    folder = target.parent
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, target)
        tmp_name = None
        fsync_dir(folder)
    except OSError as exc:
        raise translate_os_error(exc) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def translate_os_error(exc: OSError) -> Exception:
    """Map the OS errors a person can fix to vault errors; keep others as they are."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull()
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return VaultNotWritable()
    return exc
