"""What the live vault remembers about its own backups (in ``vault_meta``).

The last successful backup (when, which generation, which audit entry it covered) and the last
failure (when, and the sentence the person was shown), so Today can say "last backup 3 days
ago" or "the last backup failed" without touching the backup folder, which may be a USB stick
that is not plugged in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from survivorapp.vault.connection import Connection, translated_errors

LAST_OK_KEY = "backup_last_ok"
LAST_FAILED_KEY = "backup_last_failed"
#: Audit actions that are not changes to the records (unlocking, locking, backups themselves).
NOT_CHANGES = ("login", "lock", "failed_login", "backup", "backup_failed", "restore_drill")


@dataclass(frozen=True)
class BackupRecord:
    at: str
    generation: int
    change_seq: int
    name: str


@dataclass(frozen=True)
class FailureRecord:
    at: str
    reason: str


def _get(conn: Connection, key: str) -> dict[str, object] | None:
    with translated_errors():
        row = conn.execute("SELECT value FROM vault_meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(str(row[0]))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _put(conn: Connection, key: str, value: dict[str, object]) -> None:
    with translated_errors():
        conn.execute(
            "INSERT INTO vault_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, sort_keys=True)),
        )


def last_ok(conn: Connection) -> BackupRecord | None:
    data = _get(conn, LAST_OK_KEY)
    try:
        return (
            None
            if data is None
            else BackupRecord(
                str(data["at"]),
                int(str(data["generation"])),
                int(str(data["change_seq"])),
                str(data["name"]),
            )
        )
    except (KeyError, ValueError):
        return None


def last_failed(conn: Connection) -> FailureRecord | None:
    data = _get(conn, LAST_FAILED_KEY)
    if data is None or "at" not in data:
        return None
    return FailureRecord(str(data["at"]), str(data.get("reason", "")))


def record_ok(conn: Connection, record: BackupRecord) -> None:
    """Inside the caller's transaction; clears an earlier failure."""
    _put(conn, LAST_OK_KEY, record.__dict__)
    with translated_errors():
        conn.execute("DELETE FROM vault_meta WHERE key = ?", (LAST_FAILED_KEY,))


def record_failed(conn: Connection, failure: FailureRecord) -> None:
    _put(conn, LAST_FAILED_KEY, failure.__dict__)


def last_change_seq(conn: Connection) -> int:
    """The audit sequence number of the newest entry that changed something."""
    marks = ",".join("?" for _ in NOT_CHANGES)
    with translated_errors():
        row = conn.execute(
            f"SELECT seq FROM audit_log WHERE action NOT IN ({marks}) ORDER BY seq DESC LIMIT 1",
            NOT_CHANGES,
        ).fetchone()
    return 0 if row is None else int(row[0])
