"""The append-only, hash-chained audit log.

Each entry's MAC is an HMAC-SHA256, under a key derived from the data key, of the previous
entry's MAC and the entry's own fields. Editing, removing or reordering an entry breaks the
chain at that point; removing entries from the end is caught by the chain head kept in
``vault_meta`` and updated in the same transaction. Entries name fields, never their values.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from survivorapp.vault.connection import Connection, translated_errors

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_ref: str | None
    case_ref: str | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""


def _mac(key: bytes, prev: str, entry: AuditEntry) -> str:
    body = json.dumps(
        [
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_ref,
            entry.case_ref,
            list(entry.fields),
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hmac.new(key, (prev + body).encode(), hashlib.sha256).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class AuditLog:
    """Append and verify. ``append`` must run inside the caller's write transaction."""

    def __init__(self, conn: Connection, key: bytes) -> None:
        self._conn = conn
        self._key = key

    def _head(self) -> tuple[int, str]:
        row = self._conn.execute(
            "SELECT value FROM vault_meta WHERE key = ?", (HEAD_KEY,)
        ).fetchone()
        if row is None:
            return 0, GENESIS
        seq, mac = str(row[0]).split(":", 1)
        return int(seq), mac

    def append(
        self,
        actor: str,
        action: str,
        entity: str,
        entity_ref: str | None = None,
        case_ref: str | None = None,
        fields: Iterable[str] = (),
    ) -> int:
        with translated_errors():
            last_seq, prev = self._head()
            entry = AuditEntry(
                seq=last_seq + 1,
                at=_now(),
                actor=actor,
                action=action,
                entity=entity,
                entity_ref=entity_ref,
                case_ref=case_ref,
                fields=tuple(sorted(fields)),
            )
            mac = _mac(self._key, prev, entry)
            self._conn.execute(
                "INSERT INTO audit_log(seq, at, actor, action, entity, entity_ref, case_ref, "
                "fields, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.seq,
                    entry.at,
                    entry.actor,
                    entry.action,
                    entry.entity,
                    entry.entity_ref,
                    entry.case_ref,
                    json.dumps(list(entry.fields)),
                    prev,
                    mac,
                ),
            )
            self._conn.execute(
                "INSERT INTO vault_meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (HEAD_KEY, f"{entry.seq}:{mac}"),
            )
        return entry.seq

    def verify(self) -> ChainReport:
        """Walk the whole chain; name the first entry that does not fit."""
        prev, expected_seq, count = GENESIS, 1, 0
        with translated_errors():
            cursor = self._conn.execute(
                "SELECT seq, at, actor, action, entity, entity_ref, case_ref, fields, prev_mac, "
                "mac FROM audit_log ORDER BY seq"
            )
            for row in cursor:
                entry = _entry(row)
                count += 1
                if entry.seq != expected_seq:
                    return ChainReport(
                        False, count, expected_seq, f"entry {expected_seq} is missing"
                    )
                if row[8] != prev or not hmac.compare_digest(row[9], _mac(self._key, prev, entry)):
                    return ChainReport(
                        False, count, entry.seq, f"entry {entry.seq} was altered or moved"
                    )
                prev, expected_seq = row[9], expected_seq + 1
            head_seq, head_mac = self._head()
        if head_seq != expected_seq - 1 or head_mac != prev:
            return ChainReport(
                False,
                count,
                expected_seq,
                f"entries after {expected_seq - 1} were removed (the log should end at "
                f"entry {head_seq})",
            )
        return ChainReport(True, count)

    def for_case(self, case_ref: str, limit: int = 500) -> list[AuditEntry]:
        with translated_errors():
            rows = self._conn.execute(
                "SELECT seq, at, actor, action, entity, entity_ref, case_ref, fields "
                "FROM audit_log WHERE case_ref = ? ORDER BY seq DESC LIMIT ?",
                (case_ref, limit),
            ).fetchall()
        return [_entry(r) for r in rows]

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        with translated_errors():
            rows = self._conn.execute(
                "SELECT seq, at, actor, action, entity, entity_ref, case_ref, fields "
                "FROM audit_log ORDER BY seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [_entry(r) for r in rows]


def _entry(row: tuple[object, ...]) -> AuditEntry:
    fields = json.loads(str(row[7]))
    return AuditEntry(
        seq=int(row[0]),  # type: ignore[call-overload]
        at=str(row[1]),
        actor=str(row[2]),
        action=str(row[3]),
        entity=str(row[4]),
        entity_ref=None if row[5] is None else str(row[5]),
        case_ref=None if row[6] is None else str(row[6]),
        fields=tuple(str(f) for f in fields),
    )
