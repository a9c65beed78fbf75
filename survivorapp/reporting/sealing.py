"""Sealing an exact return to one commissioner with HPKE (RFC 9180), and opening it.

The construction is the standard one from ``cryptography``: HPKE base mode with
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305, in one shot; ``return.sealed``
is exactly ``enc || ciphertext`` as that API returns it. Nothing here is home-made.

The HPKE ``info`` binds the ciphertext to its context (format, schema version, period and the
sealing organisation's key), so a sealed file moved under another manifest does not open.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import x25519

from survivorapp.domain.errors import EXIT_PROBLEMS, UserFacingError
from survivorapp.reporting.model import Period, Return
from survivorapp.reporting.serialise import canonical_json, return_from_json, return_to_json

SEALED_FILE = "return.sealed"
SUITE_NAME = "HPKE base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305"
INFO_FORMAT = "survivorapp-sealed-return"


class SealError(UserFacingError):
    """Sealing or opening failed; the message names the cause without any return content."""

    exit_code = EXIT_PROBLEMS


def _suite() -> hpke.Suite:
    try:
        return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
    except UnsupportedAlgorithm as exc:  # an OpenSSL build without these primitives
        raise SealError("This computer's cryptography library cannot do HPKE.") from exc


def hpke_info(schema_version: int, period: Period, organisation_key: str) -> bytes:
    return canonical_json(
        {
            "format": INFO_FORMAT,
            "schema_version": schema_version,
            "period": period.label,
            "organisation_key": organisation_key,
        }
    )


def seal(ret: Return, commissioner_key: x25519.X25519PublicKey, organisation_key: str) -> bytes:
    """The exact return, encrypted so that only the commissioner's private key opens it."""
    info = hpke_info(ret.schema_version, ret.period, organisation_key)
    return _suite().encrypt(return_to_json(ret), commissioner_key, info=info)


def unseal(
    sealed: bytes,
    commissioner_key: x25519.X25519PrivateKey,
    *,
    schema_version: int,
    period: Period,
    organisation_key: str,
) -> Return:
    """Open a sealed return; SealError when the key is wrong or anything was altered."""
    info = hpke_info(schema_version, period, organisation_key)
    try:
        plaintext = _suite().decrypt(sealed, commissioner_key, info=info)
    except (InvalidTag, ValueError) as exc:
        raise SealError(
            "It does not open with this commissioner key: it was sealed for a different "
            "key, or it was altered."
        ) from exc
    ret = return_from_json(plaintext)
    if ret.period != period or ret.schema_version != schema_version:
        raise SealError("What is inside does not match its manifest's period or schema version.")
    return ret
