"""Signing a return folder with the organisation's Ed25519 key, and checking one.

``manifest.sig`` holds the base64 Ed25519 signature of the manifest's canonical bytes; the
manifest lists every other file with its SHA-256. Verification checks both and names each
file that is missing, changed, or not covered by the signature, so a reader knows exactly
what to distrust.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from survivorapp.reporting.keys import fingerprint
from survivorapp.reporting.manifest import MANIFEST_FILE, SIGNATURE_FILE, Manifest, sha256_file
from survivorapp.reporting.serialise import MalformedReturn


@dataclass(frozen=True)
class VerifyReport:
    """What a check of one return folder found; ``ok`` only when nothing at all was wrong."""

    folder: Path
    problems: tuple[str, ...]
    changed_files: tuple[str, ...]
    manifest: Manifest | None

    @property
    def ok(self) -> bool:
        return not self.problems


def signature_text(manifest: Manifest, key: ed25519.Ed25519PrivateKey) -> bytes:
    return base64.b64encode(key.sign(manifest.canonical_bytes())) + b"\n"


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest, or MalformedReturn naming what is wrong with it."""
    path = folder / MANIFEST_FILE
    try:
        raw = path.read_bytes()
    except OSError:
        raise MalformedReturn(f"{MANIFEST_FILE} is missing from {folder}.") from None
    return Manifest.from_bytes(raw)


def safe_file_name(name: str) -> bool:
    """A manifest may only name plain files inside its own folder."""
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name


def verify_return(folder: Path, public_key: ed25519.Ed25519PublicKey) -> VerifyReport:
    """Check the signature against ``public_key`` and every listed file's checksum."""
    problems: list[str] = []
    changed: list[str] = []
    try:
        manifest = read_manifest(folder)
    except MalformedReturn as exc:
        return VerifyReport(folder, (str(exc),), (MANIFEST_FILE,), None)
    expected = fingerprint(public_key)
    if manifest.organisation is None:
        problems.append("The return is not signed (its manifest names no signing key).")
    elif manifest.organisation != expected:
        problems.append(
            f"The return was signed by key {manifest.organisation}, "
            f"not by the key given ({expected})."
        )
    elif not (folder / SIGNATURE_FILE).is_file():
        problems.append(f"{SIGNATURE_FILE} is missing, so nothing in the folder can be trusted.")
    elif not _signature_holds(folder, manifest, public_key):
        problems.append(
            f"The signature does not match: {MANIFEST_FILE} or {SIGNATURE_FILE} "
            "was changed after signing."
        )
        changed.append(MANIFEST_FILE)
    for name, digest in sorted(manifest.files.items()):
        if not safe_file_name(name):
            problems.append(f"The manifest lists {name!r}, which is not a file in this folder.")
            continue
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing.")
        elif sha256_file(path) != digest:
            problems.append(f"{name} was changed after the return was signed.")
            changed.append(name)
    listed = set(manifest.files) | {MANIFEST_FILE, SIGNATURE_FILE}
    for path in sorted(folder.iterdir()):
        if path.name not in listed:
            problems.append(f"{path.name} is not covered by the signature.")
            changed.append(path.name)
    return VerifyReport(folder, tuple(problems), tuple(changed), manifest)


def _signature_holds(folder: Path, manifest: Manifest, key: ed25519.Ed25519PublicKey) -> bool:
    try:
        signature = base64.b64decode((folder / SIGNATURE_FILE).read_bytes(), validate=False)
        key.verify(signature, manifest.canonical_bytes())
    except (OSError, binascii.Error, InvalidSignature):
        return False
    return True
