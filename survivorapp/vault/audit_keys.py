"""Whose key signs what: the public keys of the audit log, and checking entries against them.

A key enters ``audit_keys`` only together with a ``register_key`` entry in the log, signed like
every other entry, so the log itself says who brought each key in and when:

- an administrator adding a user, or resetting their passphrase, registers the user's new key
  (signed by the administrator: the entry names them);
- a person changing their own passphrase registers their new key with their old one;
- a person with no key yet (the first administrator, or anyone in a vault made before entries
  were signed) registers their own key with itself, once.

A key that registers *itself* for someone who already has a key is reported: that is what an
old or replaced key slot looks like. The rules, the message signed and the checks are in
docs/vault-format.md, section 18.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.user_keys import PublicKeys


class Entry(Protocol):
    """What the signature check reads of an entry (``audit.AuditEntry``)."""

    @property
    def seq(self) -> int: ...
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def entity_ref(self) -> str | None: ...


SIGNATURE_LABEL = b"survivorapp/v1/audit-entry|"
REGISTER_ACTION = "register_key"
KEY_ENTITY = "signing_key"
# Entries that report what happened while nobody was signed in: their actor is the unlock
# screen, and they are signed by whoever unlocks next (services/unlock_guard.py).
REPORTED_ACTIONS = frozenset({"failed_login", "failed_login_notes_rejected"})


def signed_message(vault_id: str, prev: str, body: str) -> bytes:
    """What an entry's signature covers: the label, the vault, the previous MAC and the body."""
    return SIGNATURE_LABEL + vault_id.encode() + b"|" + (prev + body).encode()


@dataclass(frozen=True)
class RegisteredKey:
    key_id: str
    principal: str
    public: PublicKeys
    registered_seq: int


def registered_keys(conn: Connection) -> dict[str, RegisteredKey]:
    """Every row of ``audit_keys`` whose public keys really hash to its key id (none in a
    database older than schema 11, such as an old backup being verified)."""
    with translated_errors():
        tables = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_keys'"
        ).fetchone()
        if tables is None:
            return {}
        rows = conn.execute(
            "SELECT key_id, principal, signing_public, exchange_public, registered_seq "
            "FROM audit_keys"
        ).fetchall()
    found = {}
    for key_id, principal, signing, exchange, seq in rows:
        try:
            public = PublicKeys(base64.b64decode(signing), base64.b64decode(exchange))
        except (ValueError, binascii.Error):
            continue
        if public.key_id == key_id:
            found[str(key_id)] = RegisteredKey(str(key_id), str(principal), public, int(seq))
    return found


class SignatureCheck:
    """Checks each entry's signature while the chain is walked in order."""

    def __init__(self, conn: Connection, vault_id: str) -> None:
        self._vault_id = vault_id
        self._rows = registered_keys(conn)
        self._keys: dict[str, str] = {}  # key id -> principal, as registered so far
        self._current: dict[str, str] = {}  # principal -> their latest key id
        self._signing_started = False
        self._verifiers: dict[str, Ed25519PublicKey] = {}

    @property
    def current_keys(self) -> dict[str, str]:
        """principal -> the key id registered for them last (after the whole walk)."""
        return dict(self._current)

    def problem(
        self, entry: Entry, prev: str, body: str, signer: str | None, signature: object
    ) -> str | None:
        """Why ``entry`` is not properly signed, or None when it is."""
        if signer is None:
            # Entries from before signing are covered by the MAC chain only; once one entry
            # is signed, every later one must be.
            return f"entry {entry.seq} is not signed" if self._signing_started else None
        self._signing_started = True
        if entry.action == REGISTER_ACTION and entry.entity == KEY_ENTITY:
            trouble = self._register(entry, signer)
            if trouble:
                return trouble
        principal = self._keys.get(signer)
        if principal is None:
            return f"entry {entry.seq} is signed with a key that was never registered"
        if principal != entry.actor and entry.action not in REPORTED_ACTIONS:
            return (
                f"entry {entry.seq} names {entry.actor!r} but is signed with the key of "
                f"{principal!r} (a forged entry)"
            )
        try:
            raw = base64.b64decode(str(signature), validate=True)
            key = self._verifiers.get(signer)
            if key is None:
                key = self._verifiers[signer] = self._rows[signer].public.signing_key()
            key.verify(raw, signed_message(self._vault_id, prev, body))
        except (InvalidSignature, ValueError, binascii.Error):
            return f"entry {entry.seq}'s signature does not match (forged or altered)"
        return None

    def _register(self, entry: Entry, signer: str) -> str | None:
        principal, _, key_id = (entry.entity_ref or "").rpartition("/")
        row = self._rows.get(key_id)
        if row is None or row.principal != principal or row.registered_seq != entry.seq:
            return f"entry {entry.seq} registers a key that is not on record"
        if signer == key_id and principal in self._current:
            return (
                f"entry {entry.seq}: a key for {principal!r} registered itself although "
                f"{principal!r} already had one (an old or replaced key slot was used)"
            )
        self._keys[key_id] = principal
        self._current[principal] = key_id
        return None


def slot_key_problems(
    current_keys: dict[str, str], slots: list[tuple[str, str, bool]]
) -> list[str]:
    """Each slot's public key against the latest key the log registered for its owner.

    ``slots`` is (principal, key id, is_recovery) for every slot that has keys. A user whose
    slot holds some other key than the log's latest for them is reported: an old slot put
    back, or a key registered for them by someone else while their own slot was left alone
    (the only way left to write entries in their name). The recovery slot's key is registered
    only when it is first used, so an unregistered recovery key is not reported.
    """
    found = []
    for principal, key_id, is_recovery in slots:
        latest = current_keys.get(principal)
        if latest is None and not is_recovery:
            found.append(f"the key in {principal!r}'s slot was never registered in the log")
        elif latest is not None and latest != key_id:
            who = "the recovery slot" if is_recovery else f"{principal!r}'s slot"
            found.append(
                f"{who} holds a different key from the latest the log registered for "
                f"{principal!r} (an old slot put back, or a key registered behind their back)"
            )
    return found
