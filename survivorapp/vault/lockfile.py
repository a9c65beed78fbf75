"""One running program per vault.

Two programs writing the same vault would not corrupt SQLite, but they would race on drafts,
key slots and the audit chain, and a person would not know which window holds their work. An
advisory OS lock on ``vault.lock`` is released by the OS when the process dies, so a crash never
leaves a vault stuck.
"""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path
from typing import IO

from survivorapp.vault.atomic import translate_os_error
from survivorapp.vault.errors import VaultInUse

LOCK_NAME = "vault.lock"


class VaultLock:
    """Hold the vault's lock until :meth:`release`."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            handle = os.fdopen(fd, "r+", encoding="utf-8")
        except OSError as exc:
            raise translate_os_error(exc) from None
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read(200).strip() or None
            handle.close()
            raise VaultInUse(holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {platform.node()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                _unlock(self._handle)
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
