"""One key slot of ``keyslots.json``: its fields, their checks, its JSON and its checksum.

Split from :mod:`survivorapp.vault.keyslots` (the file, and wrapping keys into slots) so each
stays small. Every documented field check is made here, before any key derivation runs, so a
hostile or damaged slot is refused early and named as damaged. Format: docs/vault-format.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from survivorapp.vault import kdf
from survivorapp.vault.errors import SlotDamaged
from survivorapp.vault.user_keys import PUBLIC_KEY_LENGTH, SECRET_LENGTH, PublicKeys

FORMAT_NAME = "survivorapp-keyslots"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
DATA_KEY_LENGTH = 32
NONCE_LENGTH = 12
WRAPPED_LENGTH = 48  # 32-byte key + 16-byte GCM tag
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
    public_keys: PublicKeys | None = None  # None only in a slot written before version 2
    secret_nonce: bytes | None = None  # user slots: the wrapped per-user secret
    wrapped_secret: bytes | None = None
    pending: tuple[bytes, ...] = ()  # data keys a rotation left for this user (pending_rewrap)

    def header(self, vault_id: str) -> dict[str, Any]:
        """What the GCM tag authenticates (everything but the ciphertext itself)."""
        header: dict[str, Any] = {
            "format": FORMAT_NAME,
            "vault_id": vault_id,
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "kdf": self.kdf_params.to_json() if self.kdf_params else None,
            "salt": _b64(self.salt) if self.salt is not None else None,
            "device_bound": self.device_bound,
        }
        if self.public_keys is not None:
            header["signing_public"] = _b64(self.public_keys.signing)
            header["exchange_public"] = _b64(self.public_keys.exchange)
        return header

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
        if self.public_keys is not None:
            body["signing_public"] = _b64(self.public_keys.signing)
            body["exchange_public"] = _b64(self.public_keys.exchange)
            body["secret_nonce"] = _opt_b64(self.secret_nonce)
            body["wrapped_secret"] = _opt_b64(self.wrapped_secret)
        if self.pending:
            body["pending_rewrap"] = [_b64(sealed) for sealed in self.pending]
        body["checksum"] = checksum(body)
        return body

    def secret_associated_data(self, vault_id: str) -> bytes:
        """What the wrapped per-user secret's GCM tag authenticates (differs from the AD of
        the data key by its ``purpose``, so neither ciphertext can stand in for the other)."""
        keys = self.public_keys
        header = {
            "format": FORMAT_NAME,
            "purpose": "user-secret",
            "vault_id": vault_id,
            "id": self.id,
            "user": self.user,
            "signing_public": _b64(keys.signing) if keys else None,
            "exchange_public": _b64(keys.exchange) if keys else None,
        }
        return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, data: object) -> Slot:
        """Parse one slot; raise :class:`SlotDamaged` if it was altered or damaged."""
        if not isinstance(data, dict):
            raise SlotDamaged()
        body = {k: v for k, v in data.items() if k != "checksum"}
        try:
            slot = _parse_slot(data)
        except (KeyError, ValueError, TypeError, binascii.Error) as exc:
            raise SlotDamaged() from exc
        if data.get("checksum") != checksum(body):
            raise SlotDamaged()
        return slot


def _exact(text: object, length: int) -> bytes:
    """Base64 that must decode to exactly ``length`` bytes (the documented field sizes)."""
    raw = _unb64(text)
    if len(raw) != length:
        raise ValueError("field has the wrong length")
    return raw


def _opt_b64(data: bytes | None) -> str | None:
    return None if data is None else _b64(data)


def _parse_slot(data: dict[str, Any]) -> Slot:
    """Every documented field check: kinds, types, exact lengths, KDF bounds."""
    kind, user, bound = data["kind"], data.get("user"), data.get("device_bound", False)
    if kind not in ("passphrase", "recovery"):
        raise ValueError("unknown slot kind")
    if not isinstance(bound, bool) or not isinstance(data["id"], str):
        raise ValueError("device_bound must be true or false, id a string")
    passphrase = kind == "passphrase"
    if passphrase and not (isinstance(user, str) and user.strip()):
        raise ValueError("passphrase slot without user")
    if not passphrase and (user is not None or bound or data.get("kdf") or data.get("salt")):
        raise ValueError("a recovery slot has no user, binding, KDF or salt")
    return Slot(
        id=data["id"],
        kind=kind,
        user=user,
        created=str(data.get("created", "")),
        nonce=_exact(data["nonce"], NONCE_LENGTH),
        wrapped_key=_exact(data["wrapped_key"], WRAPPED_LENGTH),
        kdf_params=kdf.KdfParams.from_json(data["kdf"]) if passphrase else None,
        salt=_exact(data["salt"], kdf.SALT_LENGTH) if passphrase else None,
        device_bound=bound,
        **_key_fields(data, passphrase),
    )


def _key_fields(data: dict[str, Any], passphrase: bool) -> dict[str, Any]:
    """The public keys and wrapped secret (absent only from a slot written before version 2)."""
    if "signing_public" not in data:
        if "pending_rewrap" in data:
            raise ValueError("a pending re-wrap needs the user's public keys")
        return {}
    keys = PublicKeys(
        _exact(data["signing_public"], PUBLIC_KEY_LENGTH),
        _exact(data["exchange_public"], PUBLIC_KEY_LENGTH),
    )
    if not passphrase:
        if any(
            data.get(k) is not None for k in ("secret_nonce", "wrapped_secret", "pending_rewrap")
        ):
            raise ValueError("the recovery slot wraps no secret")
        return {"public_keys": keys}
    return {
        "public_keys": keys,
        "secret_nonce": _exact(data["secret_nonce"], NONCE_LENGTH),
        "wrapped_secret": _exact(data["wrapped_secret"], SECRET_LENGTH + 16),
        "pending": _pending(data.get("pending_rewrap", [])),
    }


PENDING_LENGTH = 80  # HPKE: 32-byte encapsulated key + 32-byte data key + 16-byte tag
MAX_PENDING = 16


def _pending(entries: object) -> tuple[bytes, ...]:
    """A rotation's pending re-wraps: a short list of exactly-sized base64 values."""
    if not isinstance(entries, list) or len(entries) > MAX_PENDING:
        raise ValueError("pending_rewrap must be a list of at most 16 entries")
    return tuple(_exact(entry, PENDING_LENGTH) for entry in entries)


def checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()[:16]
