"""``keyslots.json``: the data key, wrapped once per user and once under the recovery key.

Modelled on LUKS key slots. Each slot's wrapped key is AES-256-GCM ciphertext whose associated
data is the slot's own description (vault id, slot id, kind, user, KDF parameters, salt,
binding), so editing any of those, or moving a slot to another vault, fails authentication.
Each slot also carries a plain checksum: it is no defence against an attacker (GCM is), but lets
us tell accidental damage to one slot apart from a wrong passphrase. Since format version 2 a
user slot also wraps that user's own secret (see :mod:`survivorapp.vault.user_keys`), and every
slot carries the public keys derived from it. Format: docs/vault-format.md.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from survivorapp.domain.safe_input import UnsafeFile, loads_strict, read_regular
from survivorapp.vault import kdf
from survivorapp.vault.atomic import atomic_write_bytes
from survivorapp.vault.errors import (
    KeySlotsDamaged,
    KeySlotsMissing,
    KeySlotsUnsupported,
    SlotDamaged,
)
from survivorapp.vault.slot_format import (
    DATA_KEY_LENGTH,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    NONCE_LENGTH,
    READABLE_VERSIONS,
    Slot,
    SlotKind,
    now_iso,
    user_key,
)
from survivorapp.vault.slot_format import checksum as _checksum  # noqa: F401 (tests)
from survivorapp.vault.user_keys import PublicKeys, UserKeys

__all__ = [
    "DATA_KEY_LENGTH",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "KeySlotFile",
    "PublicKeys",
    "Slot",
    "SlotKind",
    "UserKeys",
    "load",
    "now_iso",
    "save",
    "user_key",
]


@dataclass
class KeySlotFile:
    """The parsed ``keyslots.json``. Damaged slots are kept as raw JSON so a rewrite keeps them."""

    vault_id: str
    created: str
    device_bound: bool
    slots: list[Slot] = field(default_factory=list)
    damaged: list[dict[str, Any]] = field(default_factory=list)
    version: int = FORMAT_VERSION  # as read; writing always writes FORMAT_VERSION

    def user_slot(self, user: str) -> Slot | None:
        wanted = user_key(user)
        return next(
            (s for s in self.slots if s.kind == "passphrase" and user_key(s.user or "") == wanted),
            None,
        )

    def damaged_user(self, user: str) -> bool:
        wanted = user_key(user)
        return any(
            isinstance(d.get("user"), str) and user_key(d["user"]) == wanted for d in self.damaged
        )

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def users(self) -> list[str]:
        return [s.user for s in self.slots if s.kind == "passphrase" and s.user]

    def with_slot(self, slot: Slot) -> KeySlotFile:
        """A copy with ``slot`` replacing any slot of the same user (or id) or added."""
        kept = [
            s
            for s in self.slots
            if s.id != slot.id
            and not (slot.user and s.user and user_key(s.user) == user_key(slot.user))
        ]
        damaged = [
            d
            for d in self.damaged
            if not (slot.user and user_key(str(d.get("user", ""))) == user_key(slot.user))
        ]
        return replace(self, slots=[*kept, slot], damaged=damaged)

    def without_user(self, user: str) -> KeySlotFile:
        wanted = user_key(user)
        return replace(
            self,
            slots=[s for s in self.slots if not (s.user and user_key(s.user) == wanted)],
            damaged=[d for d in self.damaged if user_key(str(d.get("user", ""))) != wanted],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "created": self.created,
            "device_bound": self.device_bound,
            "slots": [s.to_json() for s in self.slots] + list(self.damaged),
        }


def load(path: Path) -> KeySlotFile:
    """Read and validate ``keyslots.json``; every failure becomes a specific vault error."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES)  # no pipe, device or link; size capped
    except FileNotFoundError:
        raise KeySlotsMissing() from None
    except (OSError, UnsafeFile):
        raise KeySlotsDamaged() from None
    try:
        data = loads_strict(raw)  # strict UTF-8, no duplicate keys, bounded nesting
    except ValueError:
        raise KeySlotsDamaged() from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise KeySlotsDamaged()
    version = data.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise KeySlotsUnsupported(version)
    vault_id, slots = data.get("vault_id"), data.get("slots")
    bound = data.get("device_bound", False)
    if not isinstance(vault_id, str) or not vault_id or not isinstance(slots, list):
        raise KeySlotsDamaged()
    if not isinstance(bound, bool):
        raise KeySlotsDamaged()
    parsed = KeySlotFile(
        vault_id=vault_id,
        created=str(data.get("created", "")),
        device_bound=bound,
        version=int(version),
    )
    for entry in slots:
        if not isinstance(entry, dict):  # found by tests/fuzz: a bare value is not a slot
            raise KeySlotsDamaged()
        try:
            parsed.slots.append(Slot.from_json(entry))
        except SlotDamaged:
            if not isinstance(entry, dict):
                raise KeySlotsDamaged() from None
            parsed.damaged.append(entry)
    if not parsed.slots:
        raise KeySlotsDamaged()
    return parsed


def stored_slots(path: Path) -> list[Any]:
    """The slot objects exactly as stored (after :func:`load` accepted the file)."""
    load(path)
    slots = json.loads(path.read_bytes())["slots"]
    return list(slots)


def save(path: Path, slots: KeySlotFile) -> None:
    """Write atomically. Upgrading an older file format first keeps a copy of the old file
    (``keyslots.json.before-v2``), as migrations keep ``cases.db.before-vN``."""
    if slots.version < FORMAT_VERSION:
        backup = path.with_name(f"{path.name}.before-v{FORMAT_VERSION}")
        if path.exists() and not backup.exists():
            atomic_write_bytes(backup, path.read_bytes())
    text = json.dumps(slots.to_json(), indent=2, sort_keys=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


# --- wrapping -------------------------------------------------------------------------------


def _hkdf(ikm: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def passphrase_wrapping_key(
    passphrase: str, slot: Slot, vault_id: str, device_secret: bytes | None
) -> bytes:
    """Argon2id of the passphrase, mixed with the device secret (if bound) through HKDF."""
    if slot.kdf_params is None or slot.salt is None:
        raise SlotDamaged()
    try:
        stretched = kdf.derive(passphrase, slot.salt, slot.kdf_params)
    except ValueError:  # parameters the library refuses: the slot was edited
        raise SlotDamaged() from None
    info = f"survivorapp/v1/user-slot|{vault_id}|{slot.id}".encode()
    return _hkdf(stretched, device_secret if slot.device_bound else None, info)


def recovery_wrapping_key(recovery_raw: bytes, vault_id: str) -> bytes:
    """The recovery key has 160 random bits, so HKDF alone is enough (no stretching needed)."""
    return _hkdf(recovery_raw, None, f"survivorapp/v1/recovery|{vault_id}".encode())


def seal(
    slot: Slot, vault_id: str, wrapping_key: bytes, data_key: bytes, keys: UserKeys | None
) -> Slot:
    """Wrap the data key into ``slot``, with ``keys``' public halves (and, in a user slot,
    their secret, under the same wrapping key but its own associated data)."""
    if keys is not None:
        slot = replace(slot, public_keys=keys.public, secret_nonce=None, wrapped_secret=None)
        if slot.kind == "passphrase":
            secret_nonce = secrets.token_bytes(NONCE_LENGTH)
            wrapped = AESGCM(wrapping_key).encrypt(
                secret_nonce, keys.secret, slot.secret_associated_data(vault_id)
            )
            slot = replace(slot, secret_nonce=secret_nonce, wrapped_secret=wrapped)
    nonce = secrets.token_bytes(NONCE_LENGTH)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, data_key, slot.associated_data(vault_id))
    return replace(slot, nonce=nonce, wrapped_key=ciphertext)


def open_user_keys(slot: Slot, vault_id: str, wrapping_key: bytes) -> UserKeys | None:
    """The user's own keys from a slot that already opened (None: written before version 2).

    The data key's tag has already vouched for the slot's public keys, so a secret that does
    not open, or does not match them, means the slot is damaged.
    """
    if slot.public_keys is None:
        return None
    if slot.kind != "passphrase" or slot.secret_nonce is None or slot.wrapped_secret is None:
        raise SlotDamaged()
    try:
        secret = AESGCM(wrapping_key).decrypt(
            slot.secret_nonce, slot.wrapped_secret, slot.secret_associated_data(vault_id)
        )
        keys = UserKeys(secret)
    except (InvalidTag, ValueError):
        raise SlotDamaged() from None
    if keys.public != slot.public_keys:
        raise SlotDamaged()
    return keys


def open_slot(slot: Slot, vault_id: str, wrapping_key: bytes) -> bytes | None:
    """The data key, or None when the key is wrong or the slot was altered."""
    try:
        key = AESGCM(wrapping_key).decrypt(
            slot.nonce, slot.wrapped_key, slot.associated_data(vault_id)
        )
    except InvalidTag:
        return None
    return key if len(key) == DATA_KEY_LENGTH else None


def new_passphrase_slot(
    user: str,
    passphrase: str,
    vault_id: str,
    data_key: bytes,
    params: kdf.KdfParams,
    device_secret: bytes | None,
    keys: UserKeys | None = None,
) -> Slot:
    """A user slot holding the data key and ``keys`` (new material when None)."""
    slot = Slot(
        id=f"u-{secrets.token_hex(6)}",
        kind="passphrase",
        user=user.strip(),
        created=now_iso(),
        nonce=b"",
        wrapped_key=b"",
        kdf_params=params,
        salt=os.urandom(kdf.SALT_LENGTH),
        device_bound=device_secret is not None,
    )
    wrapping = passphrase_wrapping_key(passphrase, slot, vault_id, device_secret)
    return seal(slot, vault_id, wrapping, data_key, keys or UserKeys.generate())


def new_recovery_slot(recovery_raw: bytes, vault_id: str, data_key: bytes) -> Slot:
    slot = Slot(
        id="recovery",
        kind="recovery",
        user=None,
        created=now_iso(),
        nonce=b"",
        wrapped_key=b"",
    )
    wrapping = recovery_wrapping_key(recovery_raw, vault_id)
    return seal(slot, vault_id, wrapping, data_key, UserKeys.from_recovery(recovery_raw, vault_id))


def first_slot_file(
    vault_id: str,
    data_key: bytes,
    admin_user: str,
    passphrase: str,
    params: kdf.KdfParams,
    device_secret: bytes | None,
    recovery_raw: bytes,
    admin_keys: UserKeys | None = None,
) -> KeySlotFile:
    """A new vault's key file: the first administrator's slot and the recovery slot."""
    bound = device_secret is not None
    slot_file = KeySlotFile(vault_id=vault_id, created=now_iso(), device_bound=bound)
    slot_file = slot_file.with_slot(
        new_passphrase_slot(
            admin_user, passphrase, vault_id, data_key, params, device_secret, admin_keys
        )
    )
    return slot_file.with_slot(new_recovery_slot(recovery_raw, vault_id, data_key))


def upgrade_slot(
    path: Path, vault_id: str, slot: Slot, wrapping_key: bytes, data_key: bytes, keys: UserKeys
) -> Slot:
    """Give a slot written before version 2 its key material (at that user's next unlock, or
    the recovery slot's at the next recovery unlock). Same id, salt and wrapping key; a fresh
    nonce. Run under the vault lock, so no other program rewrites the file meanwhile."""
    current = load(path)
    upgraded = seal(slot, vault_id, wrapping_key, data_key, keys)
    if any(s == slot for s in current.slots):
        save(path, current.with_slot(upgraded))
    return upgraded
