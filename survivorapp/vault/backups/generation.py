"""The backup generation counter, and noticing an older database put back (a rollback).

Every backup raises ``vault_meta.backup_generation`` by one and records the new number in its
manifest. The highest generation this vault folder has reached is also written *outside* the
database, to ``backup-generation.json`` beside ``keyslots.json``. If someone puts back an old
``cases.db`` (from a copy, or an old backup copied over the live one), the database's number is
lower than the one beside it: the vault warns, writes an audit entry and ``check`` fails.

The file is not authenticated: it guards against an honest mistake (or a careless restore),
not an attacker with write access to the folder, who could delete it. Replacing the whole
folder with an old copy is not detected here; the newest backup's generation, kept in the
backup folder, catches that at restore time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from survivorapp.vault.atomic import atomic_write_bytes
from survivorapp.vault.connection import Connection, translated_errors

GENERATION_KEY = "backup_generation"
SEEN_NAME = "backup-generation.json"
SEEN_FORMAT = "survivorapp-backup-generation"
MAX_SEEN_BYTES = 4096


@dataclass(frozen=True)
class RollbackStatus:
    """The database's generation against the highest this folder has seen."""

    database: int
    seen: int | None

    @property
    def rolled_back(self) -> bool:
        return self.seen is not None and self.database < self.seen

    @property
    def message(self) -> str:
        if not self.rolled_back:
            return f"generation {self.database}, as expected"
        return (
            f"the database is at backup generation {self.database}, but this vault folder "
            f"has already reached generation {self.seen}: an older copy of cases.db may have "
            "been put back, and work recorded since then may be missing"
        )


def current(conn: Connection) -> int:
    """The database's generation (0 for a vault never backed up)."""
    with translated_errors():
        row = conn.execute(
            "SELECT value FROM vault_meta WHERE key = ?", (GENERATION_KEY,)
        ).fetchone()
    try:
        return max(0, int(row[0])) if row is not None else 0
    except ValueError:
        return 0


def set_generation(conn: Connection, value: int) -> None:
    """Store ``value`` (callers keep it monotonic); inside the caller's transaction."""
    with translated_errors():
        conn.execute(
            "INSERT INTO vault_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (GENERATION_KEY, str(value)),
        )


def bump(conn: Connection) -> int:
    """The next generation, stored; inside the caller's write transaction."""
    value = current(conn) + 1
    set_generation(conn, value)
    return value


def read_seen(folder: Path) -> int | None:
    """The highest generation written beside the key slots, or None (never, or unreadable)."""
    path = folder / SEEN_NAME
    try:
        if path.stat().st_size > MAX_SEEN_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("generation") if isinstance(data, dict) else None
    if data.get("format") != SEEN_FORMAT or not isinstance(value, int) or value < 0:
        return None
    return value


def write_seen(folder: Path, vault_id: str, generation: int) -> None:
    """Raise the recorded generation to ``generation`` (never lowers it)."""
    seen = read_seen(folder)
    if seen is not None and seen >= generation:
        return
    text = json.dumps(
        {"format": SEEN_FORMAT, "version": 1, "vault_id": vault_id, "generation": generation},
        indent=2,
    )
    atomic_write_bytes(folder / SEEN_NAME, (text + "\n").encode("utf-8"))


def status(conn: Connection, folder: Path) -> RollbackStatus:
    return RollbackStatus(database=current(conn), seen=read_seen(folder))
