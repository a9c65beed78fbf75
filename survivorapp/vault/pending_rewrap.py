"""A new data key left for a user who was not there when it was rotated.

A rotation knows only the acting person's passphrase. Every other active user's slot keeps what
it had (their passphrase-wrapped copy of the *previous* data key, their wrapped secret and public
keys) and gains a **pending re-wrap**: the new data key sealed with HPKE (RFC 9180, base mode,
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) to their X25519 public key. At their
next unlock their passphrase opens the previous key and their secret, their X25519 key opens the
new one, the database is opened with it, and only then is their slot rewritten around the new
key (same id, salt and wrapping key; a fresh nonce) and the pending entry dropped.

The public key is public, so the HPKE ``info`` also carries an HMAC of the slot's identity under
the previous data key: only someone who held that key can make a re-wrap that opens. Two
rotations before a user's next unlock leave two entries, opened in turn (each under the key the
one before it yields). Format: docs/vault-format.md, section 18.4.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke

from survivorapp.vault import keyslots, slot_commitments
from survivorapp.vault.connection import Connection, transaction
from survivorapp.vault.errors import SlotDamaged
from survivorapp.vault.slot_format import MAX_PENDING, Slot
from survivorapp.vault.slot_opening import SlotOpening
from survivorapp.vault.user_keys import UserKeys

INFO_FORMAT = "survivorapp-pending-rewrap"
CHECK_LABEL = "survivorapp/v1/pending-rewrap"


def _suite() -> hpke.Suite:
    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def hpke_info(vault_id: str, slot: Slot, previous_key: bytes) -> bytes:
    """What the sealed key is bound to: this vault, this slot, and the key before it."""
    if slot.public_keys is None:
        raise SlotDamaged()
    check = hmac.new(
        previous_key, f"{CHECK_LABEL}|{vault_id}|{slot.id}".encode(), hashlib.sha256
    ).hexdigest()
    body = {
        "format": INFO_FORMAT,
        "vault_id": vault_id,
        "id": slot.id,
        "user": slot.user,
        "exchange_public": base64.b64encode(slot.public_keys.exchange).decode("ascii"),
        "previous_key_check": check,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def carry_over(slot: Slot, new_key: bytes, current_key: bytes, vault_id: str) -> Slot | None:
    """``slot`` with ``new_key`` pending for its user, or None when it cannot be done (a slot
    written before key slot format 2 has no public key; or too many rotations are waiting)."""
    if slot.kind != "passphrase" or slot.public_keys is None or len(slot.pending) >= MAX_PENDING:
        return None
    info = hpke_info(vault_id, slot, current_key)
    sealed = _suite().encrypt(new_key, slot.public_keys.exchange_key(), info=info)
    return replace(slot, pending=(*slot.pending, sealed))


def open_chain(slot: Slot, vault_id: str, wrapped_key: bytes, keys: UserKeys) -> bytes:
    """The newest data key: ``wrapped_key`` (what the passphrase opened) if nothing is
    pending, else each pending entry opened in turn. A re-wrap that does not open is damage."""
    key = wrapped_key
    for sealed in slot.pending:
        try:
            key = _suite().decrypt(sealed, keys.exchange_key, info=hpke_info(vault_id, slot, key))
        except (InvalidTag, ValueError):
            raise SlotDamaged() from None
        if len(key) != keyslots.DATA_KEY_LENGTH:
            raise SlotDamaged()
    return key


def write_back(
    conn: Connection,
    path: Path,
    vault_id: str,
    opened: SlotOpening,
    data_key: bytes,
    keys: UserKeys,
) -> None:
    """After the new key opened the database: wrap it into the slot under the user's own key
    and drop what was pending, with the slot's commitment moved on in the same transaction.
    Runs under the vault lock; a slot changed meanwhile is left as it is."""
    slot = opened.slot
    if not slot.pending:
        return
    current = keyslots.load(path)
    if not any(s == slot for s in current.slots):
        return
    fresh = keyslots.seal(replace(slot, pending=()), vault_id, opened.wrapping, data_key, keys)
    with transaction(conn):
        slot_commitments.replace_one(conn, slot.to_json(), fresh.to_json())
        keyslots.save(path, current.with_slot(fresh))
