"""Each person's own key material: a 32-byte secret, wrapped in their key slot.

The data key is shared by everyone who can unlock, so nothing derived from it can say *who*
did something. Each user slot therefore also wraps a per-user secret, under the same
passphrase-derived key as the data key (different associated data). Two private keys are
derived from that secret: an Ed25519 signing key (the audit log names its author with it) and
an X25519 exchange key (a new data key can be wrapped for someone who is not present). Their
public halves are stored in the slot in the clear, so anyone can read them; the secret opens
only with that user's passphrase. The recovery key has its own pair, derived from the recovery
key itself, so a recovery session signs as "the recovery key". Format: docs/vault-format.md.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SECRET_LENGTH = 32
PUBLIC_KEY_LENGTH = 32
SIGNING_LABEL = b"survivorapp/v1/user-signing-key"
EXCHANGE_LABEL = b"survivorapp/v1/user-exchange-key"
KEY_ID_LABEL = b"survivorapp/v1/user-key-id|"


def _hkdf(ikm: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(ikm)


def recovery_secret(recovery_raw: bytes, vault_id: str) -> bytes:
    """The recovery key's stand-in for a per-user secret (it has 160 random bits)."""
    return _hkdf(recovery_raw, f"survivorapp/v1/recovery-user-secret|{vault_id}".encode())


@dataclass(frozen=True)
class PublicKeys:
    """The public halves stored in a slot: raw 32-byte Ed25519 and X25519 public keys."""

    signing: bytes
    exchange: bytes

    def __post_init__(self) -> None:
        if len(self.signing) != PUBLIC_KEY_LENGTH or len(self.exchange) != PUBLIC_KEY_LENGTH:
            raise ValueError("public keys are 32 bytes each")

    @property
    def key_id(self) -> str:
        """32 hex digits naming this pair (in audit entries and checkpoints)."""
        return hashlib.sha256(KEY_ID_LABEL + self.signing + self.exchange).hexdigest()[:32]

    def signing_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing)

    def exchange_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.exchange)


class UserKeys:
    """One person's unwrapped key material, held by the unlocked vault until it locks."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != SECRET_LENGTH:
            raise ValueError("a user secret is 32 bytes")
        self._secret = secret
        self.signing_key = Ed25519PrivateKey.from_private_bytes(_hkdf(secret, SIGNING_LABEL))
        self.exchange_key = X25519PrivateKey.from_private_bytes(_hkdf(secret, EXCHANGE_LABEL))
        self.public = PublicKeys(
            signing=self.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            exchange=self.exchange_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )

    @classmethod
    def generate(cls) -> UserKeys:
        """Material for a new user (or for a user whose passphrase was reset)."""
        return cls(secrets.token_bytes(SECRET_LENGTH))

    @classmethod
    def from_recovery(cls, recovery_raw: bytes, vault_id: str) -> UserKeys:
        return cls(recovery_secret(recovery_raw, vault_id))

    @property
    def secret(self) -> bytes:
        """The 32 bytes to wrap into a rewritten slot (a changed passphrase keeps the keys)."""
        return self._secret

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message)

    def __repr__(self) -> str:  # never print the secret
        return f"UserKeys(key_id={self.public.key_id})"
