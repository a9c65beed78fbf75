"""The append-only, hash-chained, signed audit log.

Each entry's MAC is an HMAC-SHA256, under a key derived from the data key, of the previous
entry's MAC and the entry's own fields. Editing, removing or reordering an entry breaks the
chain at that point; removing entries from the end is caught by the chain head kept in
``vault_meta`` and updated in the same transaction. Entries name fields, never their values.

Everyone who can unlock holds the data key, so the MAC alone cannot say who wrote an entry:
each entry is also signed with the acting person's own Ed25519 key (``vault.user_keys``), and
verification checks it against the public key registered for that person in the log itself
(``audit_keys``). Someone holding only the data key can no longer write an entry "by" someone
else. What they can still do, and the checkpoints that catch it, are in docs/threat-model.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from survivorapp.vault.audit_keys import KEY_ENTITY, REGISTER_ACTION, SignatureCheck, signed_message
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.user_keys import PublicKeys, UserKeys

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
CHAIN_KEY = "audit_chain_key"  # set when the data key is rotated (see chain_key)
Signer = Callable[[], UserKeys]


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
    # principal -> key id of the latest key the log registered for them (when intact)
    current_keys: dict[str, str] = field(default_factory=dict)


def entry_body(entry: AuditEntry, signer: str | None) -> str:
    """The text the MAC and the signature cover: the entry's fields, and the signer's key id
    (absent from entries written before entries were signed)."""
    items: list[object] = [
        entry.seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_ref,
        entry.case_ref,
        list(entry.fields),
    ]
    if signer is not None:
        items.append(signer)
    return json.dumps(items, separators=(",", ":"), ensure_ascii=False)


def _mac(key: bytes, prev: str, body: str) -> str:
    return hmac.new(key, (prev + body).encode(), hashlib.sha256).hexdigest()


def chain_key(conn: Connection, derived: bytes) -> bytes:
    """The chain's MAC key: ``derived`` (from the data key), unless ``vault_meta`` holds one.

    Signatures cover the previous entry's MAC, so the chain can never be re-MACed under a new
    key without breaking everyone's signatures: a data-key rotation must first store the old
    derived key here (64 hex digits), and the chain keeps it from then on.
    """
    with translated_errors():
        row = conn.execute("SELECT value FROM vault_meta WHERE key = ?", (CHAIN_KEY,)).fetchone()
    return derived if row is None else bytes.fromhex(str(row[0]))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class AuditLog:
    """Append and verify. ``append`` must run inside the caller's write transaction."""

    def __init__(
        self, conn: Connection, key: bytes, vault_id: str, signer: Signer | None = None
    ) -> None:
        """``signer`` gives the keys of the person acting; None for a log only verified."""
        self._conn = conn
        self._key = key
        self._vault_id = vault_id
        self._signer = signer

    @property
    def connection(self) -> Connection:
        return self._conn

    @property
    def vault_id(self) -> str:
        return self._vault_id

    def signing_keys(self) -> UserKeys:
        """The keys of the person acting now (they sign every entry and checkpoint)."""
        if self._signer is None:
            raise RuntimeError("this audit log was opened to verify only")
        return self._signer()

    def head(self) -> tuple[int, str]:
        """The number of entries and the last entry's MAC, as the chain head records them."""
        with translated_errors():
            return self._head()

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
            keys = self.signing_keys()
            signer = keys.public.key_id
            body = entry_body(entry, signer)
            mac = _mac(self._key, prev, body)
            signature = keys.sign(signed_message(self._vault_id, prev, body))
            self._conn.execute(
                "INSERT INTO audit_log(seq, at, actor, action, entity, entity_ref, case_ref, "
                "fields, prev_mac, mac, signer, signature) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    signer,
                    base64.b64encode(signature).decode("ascii"),
                ),
            )
            self._conn.execute(
                "INSERT INTO vault_meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (HEAD_KEY, f"{entry.seq}:{mac}"),
            )
        return entry.seq

    def verify(self) -> ChainReport:
        """Walk the whole chain; name the first entry that does not fit (its MAC, its place,
        or its signature and signer)."""
        prev, expected_seq, count = GENESIS, 1, 0
        with translated_errors():
            signatures = SignatureCheck(self._conn, self._vault_id)
            columns = {str(r[1]) for r in self._conn.execute("PRAGMA table_info(audit_log)")}
            signed = "signer, signature" if "signer" in columns else "NULL, NULL"  # schema < 11
            cursor = self._conn.execute(
                "SELECT seq, at, actor, action, entity, entity_ref, case_ref, fields, prev_mac, "
                f"mac, {signed} FROM audit_log ORDER BY seq"
            )
            for row in cursor:
                entry = _entry(row)
                count += 1
                if entry.seq != expected_seq:
                    return ChainReport(
                        False, count, expected_seq, f"entry {expected_seq} is missing"
                    )
                signer = None if row[10] is None else str(row[10])
                body = entry_body(entry, signer)
                if row[8] != prev or not hmac.compare_digest(
                    str(row[9]), _mac(self._key, prev, body)
                ):
                    return ChainReport(
                        False, count, entry.seq, f"entry {entry.seq} was altered or moved"
                    )
                problem = signatures.problem(entry, prev, body, signer, row[11])
                if problem:
                    return ChainReport(False, count, entry.seq, problem)
                prev, expected_seq = str(row[9]), expected_seq + 1
            head_seq, head_mac = self._head()
        if head_seq != expected_seq - 1 or head_mac != prev:
            return ChainReport(
                False,
                count,
                expected_seq,
                f"entries after {expected_seq - 1} were removed (the log should end at "
                f"entry {head_seq})",
            )
        return ChainReport(True, count, current_keys=signatures.current_keys)

    def entry_count(self) -> int:
        with translated_errors():
            return int(self._conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])

    def mac_at(self, seq: int) -> str | None:
        """The stored MAC of entry ``seq`` (a checkpoint names the head by it)."""
        if seq == 0:
            return GENESIS
        with translated_errors():
            row = self._conn.execute("SELECT mac FROM audit_log WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else str(row[0])

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


def is_registered(conn: Connection, public: PublicKeys) -> bool:
    with translated_errors():
        row = conn.execute("SELECT 1 FROM audit_keys WHERE key_id = ?", (public.key_id,)).fetchone()
    return row is not None


def register_key(log: AuditLog, actor: str, principal: str, public: PublicKeys) -> None:
    """Bring ``principal``'s public key into the log (inside the caller's transaction)."""
    if is_registered(log.connection, public):
        return
    seq = log.append(actor, REGISTER_ACTION, KEY_ENTITY, f"{principal}/{public.key_id}")
    with translated_errors():
        log.connection.execute(
            "INSERT INTO audit_keys(key_id, principal, signing_public, exchange_public, "
            "registered_seq) VALUES (?, ?, ?, ?, ?)",
            (
                public.key_id,
                principal,
                base64.b64encode(public.signing).decode("ascii"),
                base64.b64encode(public.exchange).decode("ascii"),
                seq,
            ),
        )
