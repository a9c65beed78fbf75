"""Key files and the helpers the vault uses to keep an organisation's signing key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from survivorapp.reporting.keys import (
    KeyFileError,
    fingerprint,
    generate_commissioner_keys,
    generate_signing_key,
    load_commissioner_private_key,
    load_commissioner_public_key,
    load_signing_public_key,
    private_key_bytes,
    public_key_pem,
    signing_key_from_bytes,
)


def test_the_signing_key_survives_the_vaults_raw_bytes() -> None:
    key = generate_signing_key()
    raw = private_key_bytes(key)
    assert len(raw) == 32
    again = signing_key_from_bytes(raw)
    assert fingerprint(again.public_key()) == fingerprint(key.public_key())
    assert again.public_key().verify(again.sign(b"m"), b"m") is None


def test_a_fingerprint_is_sixteen_hex_digits_and_differs_per_key() -> None:
    a, b = generate_signing_key(), generate_signing_key()
    assert len(fingerprint(a.public_key())) == 16
    int(fingerprint(a.public_key()), 16)
    assert fingerprint(a.public_key()) != fingerprint(b.public_key())


def test_commissioner_keys_are_written_owner_only_and_load_back(tmp_path: Path) -> None:
    files = generate_commissioner_keys(tmp_path / "keys")
    for path in (files.private_key, files.signing_private_key):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    private = load_commissioner_private_key(files.private_key)
    public = load_commissioner_public_key(files.public_key)
    assert fingerprint(private.public_key()) == fingerprint(public) == files.fingerprint
    with pytest.raises(KeyFileError, match="empty folder"):
        generate_commissioner_keys(tmp_path / "keys")


def test_the_wrong_kind_of_key_is_refused_by_name(tmp_path: Path) -> None:
    sealing_public = tmp_path / "commissioner.pub.pem"
    sealing_public.write_bytes(public_key_pem(x25519.X25519PrivateKey.generate().public_key()))
    with pytest.raises(KeyFileError, match="not an Ed25519 public key"):
        load_signing_public_key(sealing_public)
    signing_public = tmp_path / "org.pem"
    signing_public.write_bytes(public_key_pem(generate_signing_key().public_key()))
    with pytest.raises(KeyFileError, match="X25519"):
        load_commissioner_public_key(signing_public)
    with pytest.raises(KeyFileError, match="Cannot read"):
        load_signing_public_key(tmp_path / "missing.pem")
