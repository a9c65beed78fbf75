"""Key material for returns: the organisation's Ed25519 signing key and a commissioner's keys.

* An organisation signs every return with an Ed25519 key made when its vault is created and
  kept inside the vault (the vault stores the bytes from :func:`private_key_bytes`; nothing
  here touches the vault). Its public key, as a PEM file, is what commissioners trust.
* A commissioner has an X25519 key pair for HPKE: organisations seal exact returns to the
  public key; only the private key opens them. The commissioner also gets an Ed25519 pair to
  sign merged returns, so readers of area-wide tables can check where they came from.

A key's *fingerprint* is the first 16 hex digits of the SHA-256 of its raw public bytes: short
enough to read aloud, and the organisation's identity in a merge.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.domain.safe_input import UnsafeFile, read_regular

COMMISSIONER_PRIVATE = "commissioner.key.pem"
COMMISSIONER_PUBLIC = "commissioner.pub.pem"
SIGNING_PRIVATE = "signing.key.pem"
SIGNING_PUBLIC = "signing.pub.pem"
MAX_KEY_FILE_BYTES = 64 * 1024


class KeyFileError(UserFacingError, ValueError):
    """A key file is missing, unreadable or holds the wrong kind of key."""

    exit_code = EXIT_USAGE


def fingerprint(public_key: ed25519.Ed25519PublicKey | x25519.X25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# --- organisation signing key (stored by the vault) -----------------------------------------------


def generate_signing_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def private_key_bytes(key: ed25519.Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes the vault keeps (encrypted, like every other column)."""
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def signing_key_from_bytes(raw: bytes) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(raw)


def public_key_pem(public_key: ed25519.Ed25519PublicKey | x25519.X25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def private_key_pem(key: ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_signing_public_key(source: Path | bytes) -> ed25519.Ed25519PublicKey:
    """An organisation's (or a commissioner's signing) public key from a PEM file."""
    key = _load_public(source)
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise KeyFileError(f"{_name(source)} is not an Ed25519 public key.")
    return key


def load_signing_private_key(source: Path | bytes) -> ed25519.Ed25519PrivateKey:
    key = _load_private(source)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise KeyFileError(f"{_name(source)} is not an Ed25519 private key.")
    return key


# --- commissioner keys ----------------------------------------------------------------------------


def load_commissioner_public_key(source: Path | bytes) -> x25519.X25519PublicKey:
    key = _load_public(source)
    if not isinstance(key, x25519.X25519PublicKey):
        raise KeyFileError(f"{_name(source)} is not a commissioner's (X25519) public key.")
    return key


def load_commissioner_private_key(source: Path | bytes) -> x25519.X25519PrivateKey:
    key = _load_private(source)
    if not isinstance(key, x25519.X25519PrivateKey):
        raise KeyFileError(f"{_name(source)} is not a commissioner's (X25519) private key.")
    return key


@dataclass(frozen=True)
class CommissionerKeyFiles:
    private_key: Path
    public_key: Path
    signing_private_key: Path
    signing_public_key: Path
    fingerprint: str
    signing_fingerprint: str


def generate_commissioner_keys(out_dir: Path) -> CommissionerKeyFiles:
    """Write a new commissioner key set into ``out_dir`` (new, or empty); private keys 0600."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise KeyFileError(f"{out_dir} is not an empty folder; choose a new one for the keys.")
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    sealing = x25519.X25519PrivateKey.generate()
    signing = ed25519.Ed25519PrivateKey.generate()
    files = CommissionerKeyFiles(
        private_key=out_dir / COMMISSIONER_PRIVATE,
        public_key=out_dir / COMMISSIONER_PUBLIC,
        signing_private_key=out_dir / SIGNING_PRIVATE,
        signing_public_key=out_dir / SIGNING_PUBLIC,
        fingerprint=fingerprint(sealing.public_key()),
        signing_fingerprint=fingerprint(signing.public_key()),
    )
    write_private(files.private_key, private_key_pem(sealing))
    write_private(files.signing_private_key, private_key_pem(signing))
    files.public_key.write_bytes(public_key_pem(sealing.public_key()))
    files.signing_public_key.write_bytes(public_key_pem(signing.public_key()))
    return files


def write_private(path: Path, data: bytes) -> None:
    """Create a file readable by its owner only, from the first byte (never chmod after)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


# --- helpers --------------------------------------------------------------------------------------


def _read(source: Path | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    try:  # a regular file only, and small: a key file is a few hundred bytes
        return read_regular(source, MAX_KEY_FILE_BYTES)
    except UnsafeFile as exc:
        raise KeyFileError(f"Cannot use the key file {source}: {exc.user_message}") from None
    except OSError as exc:
        raise KeyFileError(f"Cannot read the key file {source}: {exc.strerror}.") from None


def _name(source: Path | bytes) -> str:
    return "The key" if isinstance(source, bytes) else str(source)


def _load_private(source: Path | bytes) -> object:
    data = _read(source)
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"{_name(source)} is not an unencrypted PEM private key.") from exc


def _load_public(source: Path | bytes) -> object:
    data = _read(source)
    try:
        return serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"{_name(source)} is not a PEM public key.") from exc
