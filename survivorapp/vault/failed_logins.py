"""Failed unlock attempts, remembered until the next successful unlock writes them to the audit log.

A failed attempt cannot write to the database (there is no key), so it is noted in a small
owner-only file beside it: the time and, if the user name matched a key slot, that slot's id.
Never the typed user name (people sometimes type a passphrase into it) and never the passphrase.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = "failed-unlocks.jsonl"
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class FailedUnlock:
    at: str
    slot_id: str | None


def note(folder: Path, slot_id: str | None) -> None:
    path = folder / FILE_NAME
    line = json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "slot": slot_id})
    with contextlib.suppress(OSError):
        if path.exists() and path.stat().st_size > MAX_BYTES:
            return
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)


def take(folder: Path) -> list[FailedUnlock]:
    """Read and remove the noted attempts (after a successful unlock)."""
    path = folder / FILE_NAME
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        try:
            data = json.loads(line)
            found.append(FailedUnlock(str(data["at"]), data.get("slot")))
        except (ValueError, KeyError, TypeError):
            continue
    with contextlib.suppress(OSError):
        path.unlink()
    return found
