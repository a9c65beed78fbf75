"""``keyslots.json``: the data key, wrapped once per user and once under the recovery key.

Modelled on LUKS key slots. Each slot's wrapped key is AES-256-GCM ciphertext whose associated
data is the slot's own description (vault id, slot id, kind, user, KDF parameters, salt,
binding), so editing any of those, or moving a slot to another vault, fails authentication.
Each slot also carries a plain checksum: it is no defence against an attacker (GCM is), but lets
us tell accidental damage to one slot apart from a wrong passphrase. Format: docs/vault-format.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

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

FORMAT_NAME = "survivorapp-keyslots"
FORMAT_VERSION = 1
DATA_KEY_LENGTH = 32
NONCE_LENGTH = 12
MAX_FILE_BYTES = 1024 * 1024
SlotKind = Literal["passphrase", "recovery"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def user_key(name: str) -> str:
    """How user names are compared: case- and surrounding-space-insensitive."""
    return name.strip().casefold()


@dataclass(frozen=True)
class Slot:
    """One wrapped copy of the data key."""

    id: str
    kind: SlotKind
    user: str | None
    created: str
    nonce: bytes
    wrapped_key: bytes
    kdf_params: kdf.KdfParams | None = None
    salt: bytes | None = None
    device_bound: bool = False

    def header(self, vault_id: str) -> dict[str, Any]:
        """What the GCM tag authenticates (everything but the ciphertext itself)."""
        return {
            "format": FORMAT_NAME,
            "vault_id": vault_id,
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "kdf": self.kdf_params.to_json() if self.kdf_params else None,
            "salt": _b64(self.salt) if self.salt is not None else None,
            "device_bound": self.device_bound,
        }

    def associated_data(self, vault_id: str) -> bytes:
        return json.dumps(self.header(vault_id), sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "created": self.created,
            "kdf": self.kdf_params.to_json() if self.kdf_params else None,
            "salt": _b64(self.salt) if self.salt is not None else None,
            "device_bound": self.device_bound,
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
        }
        body["checksum"] = _checksum(body)
        return body

    @classmethod
    def from_json(cls, data: object) -> Slot:
        """Parse one slot; raise :class:`SlotDamaged` if it was altered or damaged."""
        if not isinstance(data, dict):
            raise ValueError("slot is not an object")
        stored = data.get("checksum")
        body = {k: v for k, v in data.items() if k != "checksum"}
        try:
            kind = data["kind"]
            if kind not in ("passphrase", "recovery"):
                raise ValueError("unknown slot kind")
            user = data.get("user")
            if kind == "passphrase" and not (isinstance(user, str) and user.strip()):
                raise ValueError("passphrase slot without user")
            slot = cls(
                id=str(data["id"]),
                kind=kind,
                user=user,
                created=str(data.get("created", "")),
                nonce=_unb64(data["nonce"]),
                wrapped_key=_unb64(data["wrapped_key"]),
                kdf_params=kdf.KdfParams.from_json(data["kdf"]) if kind == "passphrase" else None,
                salt=_unb64(data["salt"]) if kind == "passphrase" else None,
                device_bound=bool(data.get("device_bound", False)),
            )
        except (KeyError, ValueError, TypeError, binascii.Error) as exc:
            raise SlotDamaged() from exc
        if stored != _checksum(body) or len(slot.nonce) != NONCE_LENGTH:
            raise SlotDamaged()
        return slot


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()[:16]


@dataclass
class KeySlotFile:
    """The parsed ``keyslots.json``. Damaged slots are kept as raw JSON so a rewrite keeps them."""

    vault_id: str
    created: str
    device_bound: bool
    slots: list[Slot] = field(default_factory=list)
    damaged: list[dict[str, Any]] = field(default_factory=list)

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
    if data.get("version") != FORMAT_VERSION:
        raise KeySlotsUnsupported(data.get("version"))
    vault_id, slots = data.get("vault_id"), data.get("slots")
    if not isinstance(vault_id, str) or not vault_id or not isinstance(slots, list):
        raise KeySlotsDamaged()
    parsed = KeySlotFile(
        vault_id=vault_id,
        created=str(data.get("created", "")),
        device_bound=bool(data.get("device_bound", False)),
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


def save(path: Path, slots: KeySlotFile) -> None:
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


def seal(slot: Slot, vault_id: str, wrapping_key: bytes, data_key: bytes) -> Slot:
    nonce = secrets.token_bytes(NONCE_LENGTH)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, data_key, slot.associated_data(vault_id))
    return replace(slot, nonce=nonce, wrapped_key=ciphertext)


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
) -> Slot:
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
    return seal(slot, vault_id, wrapping, data_key)


def new_recovery_slot(recovery_raw: bytes, vault_id: str, data_key: bytes) -> Slot:
    slot = Slot(
        id="recovery",
        kind="recovery",
        user=None,
        created=now_iso(),
        nonce=b"",
        wrapped_key=b"",
    )
    return seal(slot, vault_id, recovery_wrapping_key(recovery_raw, vault_id), data_key)


def first_slot_file(
    vault_id: str,
    data_key: bytes,
    admin_user: str,
    passphrase: str,
    params: kdf.KdfParams,
    device_secret: bytes | None,
    recovery_raw: bytes,
) -> KeySlotFile:
    """A new vault's key file: the first administrator's slot and the recovery slot."""
    bound = device_secret is not None
    slot_file = KeySlotFile(vault_id=vault_id, created=now_iso(), device_bound=bound)
    slot_file = slot_file.with_slot(
        new_passphrase_slot(admin_user, passphrase, vault_id, data_key, params, device_secret)
    )
    return slot_file.with_slot(new_recovery_slot(recovery_raw, vault_id, data_key))
