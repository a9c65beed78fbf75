"""Failed unlock attempts, remembered until the next successful unlock writes them to the audit log.

A failed attempt cannot write to the database (there is no key), so it is noted in a small
owner-only file beside it: the time and, if the user name matched a key slot, that slot's id.
Never the typed user name (people sometimes type a passphrase into it) and never the passphrase.

Anyone who can write to the vault folder can write to this file too, so it is read as hostile
(docs/vault-format.md, "Failed unlocks"): a regular file only, at most :data:`MAX_READ_BYTES`
read, each line checked strictly. Lines that fail are counted, never trusted and never a crash.
What the file says becomes a bounded *summary* in the audit log (one entry per user named,
plus one for malformed lines), recorded as reported by the unlock screen: nobody had unlocked
when it was written. The file is removed only after that summary is committed, so an unlock that
fails half-way loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from survivorapp.domain.safe_input import UnsafeFile, loads_strict, open_regular

FILE_NAME = "failed-unlocks.jsonl"
MAX_BYTES = 256 * 1024
"""``note`` stops adding lines once the file is this large."""
MAX_READ_BYTES = MAX_BYTES + 4096
"""At most this much is read back; anything beyond is counted as unread, not parsed."""
MAX_LINE_BYTES = 200
_SLOT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
UNKNOWN = ""
"""The slot key of attempts whose user name matched no key slot."""


@dataclass(frozen=True)
class FailedUnlock:
    at: str
    slot_id: str | None


@dataclass
class SlotSummary:
    """Failed attempts noted for one slot (or for user names that matched none)."""

    count: int = 0
    first: str = ""
    last: str = ""

    def add(self, at: str) -> None:
        self.count += 1
        self.first = min(self.first, at) if self.first else at
        self.last = max(self.last, at)


@dataclass
class NotesSummary:
    """What the notes file held: attempts per slot id, and lines that could not be trusted."""

    by_slot: dict[str, SlotSummary] = field(default_factory=dict)
    malformed: int = 0
    unread_bytes: int = 0

    @property
    def empty(self) -> bool:
        return not self.by_slot and not self.malformed and not self.unread_bytes

    def add(self, attempt: FailedUnlock) -> None:
        self.by_slot.setdefault(attempt.slot_id or UNKNOWN, SlotSummary()).add(attempt.at)


def note(folder: Path, slot_id: str | None) -> None:
    """Append one attempt (never following a link planted under the file's name)."""
    path = folder / FILE_NAME
    line = json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "slot": slot_id})
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    with contextlib.suppress(OSError):
        if path.exists() and path.stat().st_size > MAX_BYTES:
            return
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o600)
        try:
            if not _is_regular_fd(fd):
                return
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)


def _is_regular_fd(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def parse_line(raw: bytes) -> FailedUnlock | None:
    """One line's attempt, or None when the line is not exactly what ``note`` writes."""
    if len(raw) > MAX_LINE_BYTES:
        return None
    try:
        data = loads_strict(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != {"at", "slot"}:
        return None
    at, slot = data["at"], data["slot"]
    if slot is not None and not (isinstance(slot, str) and _SLOT_ID.fullmatch(slot)):
        return None
    if not isinstance(at, str) or _parse_time(at) is None:
        return None
    return FailedUnlock(at, slot)


def _parse_time(text: str) -> datetime | None:
    if len(text) > 40:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def read(folder: Path) -> NotesSummary:
    """Summarise the notes file without changing it (an empty summary when there is none)."""
    summary = NotesSummary()
    path = folder / FILE_NAME
    try:
        with open_regular(path, max_bytes=2**62) as handle:
            data = handle.read(MAX_READ_BYTES)
            rest = handle.read(1)
            if rest:
                summary.unread_bytes = os.fstat(handle.fileno()).st_size - len(data)
    except FileNotFoundError:
        return summary
    except (OSError, UnsafeFile):
        summary.malformed += 1  # a pipe, a device or a link: itself one untrustworthy "line"
        return summary
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif summary.unread_bytes and lines:
        lines.pop()  # cut off by the read limit: part of the unread remainder
    for raw in lines:
        attempt = parse_line(raw)
        if attempt is None:
            summary.malformed += 1
        else:
            summary.add(attempt)
    return summary


def clear(folder: Path) -> None:
    """Remove the notes file (after their summary is safely in the audit log)."""
    with contextlib.suppress(OSError):
        (folder / FILE_NAME).unlink()
