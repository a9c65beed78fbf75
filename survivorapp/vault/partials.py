"""Half-written exports never outlive the program that was writing them.

An export is built in a hidden staging folder (``.NAME.partial-XXXXXXXX``) beside its target
and renamed into place at the end. On a failure the folder is removed at once; a program
killed half-way (kill -9, power cut) cannot do that, so each staging folder is noted first in a
small journal in the app's own data folder, and the next start of the app removes every
staging folder whose writer is gone (:func:`sweep`).

A journal entry is held under an OS lock for as long as its writer runs; the OS drops the lock
when the process dies, however it dies. So :func:`sweep` never removes the staging folder of an
export still running in another window or command, and a reused process id cannot fool it.
The journal holds folder paths only, never case data, and is owner-only like everything else.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from survivorapp.paths import data_dir, ensure_private_dir

JOURNAL_DIR = "partial-exports"
MARK = ".partial-"
_STAGING_NAME = re.compile(r"\..+\.partial-[0-9a-f]{16}")
_MAX_ENTRY_BYTES = 8192


def journal_dir() -> Path:
    return data_dir() / JOURNAL_DIR


def staging_name(target: Path) -> str:
    return f".{target.name}{MARK}{secrets.token_hex(8)}"


@contextlib.contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A new owner-only staging folder beside ``target``, journalled before it exists and
    removed on leaving unless it was renamed away (to ``target``) first."""
    staging = target.parent / staging_name(target)
    with _journal_entry(staging):
        try:
            staging.mkdir(mode=0o700)
            make_private(staging)
            yield staging
        finally:
            _remove(staging)


def make_private(path: Path) -> None:
    """Owner-only modes for ``path`` and everything under it: 0700 folders, 0600 files.

    Set explicitly, so they do not depend on the umask; symbolic links are left alone (the app
    never makes any, and following one could change a file elsewhere).
    """
    if os.name != "posix":
        return
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        os.chmod(path, 0o700)
        for child in path.iterdir():
            make_private(child)
    else:
        os.chmod(path, 0o600)


def sweep() -> int:
    """Remove the staging folders of exports whose writer is gone; return how many.

    Called at every start. Never raises: a folder that cannot be removed now is tried again
    at the next start.
    """
    folder = journal_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for entry in sorted(folder.glob("*.json")):
        with contextlib.suppress(OSError):
            removed += _sweep_entry(entry)
    return removed


def _sweep_entry(entry: Path) -> int:
    fd = os.open(entry, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "r+b") as handle:
        if not _try_lock(handle):
            return 0  # its writer is still running
        staging = _staging_of(handle.read(_MAX_ENTRY_BYTES))
        existed = staging is not None and os.path.lexists(staging)
        if staging is not None:
            _remove(staging)
        entry.unlink()
    return int(existed)


def _staging_of(raw: bytes) -> Path | None:
    """The staging folder an entry names, if it is one this module could have made."""
    try:
        value = json.loads(raw.decode("utf-8")).get("staging")
    except (ValueError, AttributeError):
        return None
    if not isinstance(value, str) or not os.path.isabs(value):
        return None
    path = Path(value)
    return path if _STAGING_NAME.fullmatch(path.name) else None


@contextlib.contextmanager
def _journal_entry(staging: Path) -> Iterator[None]:
    folder = ensure_private_dir(journal_dir())
    entry = folder / f"{secrets.token_hex(8)}.json"
    fd = os.open(entry, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "r+b") as handle:
        try:
            if not _try_lock(handle):  # pragma: no cover - a brand-new file nobody else has
                raise OSError("could not lock a new journal entry")
            handle.write(json.dumps({"staging": str(staging.absolute())}).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
            yield
        finally:
            with contextlib.suppress(OSError):
                entry.unlink()


def _remove(path: Path) -> None:
    if os.path.islink(path) or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True
