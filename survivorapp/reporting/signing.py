"""Signing a return folder with the organisation's Ed25519 key, and checking one.

``manifest.sig`` holds the base64 Ed25519 signature of the manifest's canonical bytes; the
manifest lists every other file with its SHA-256. Verification checks both and names each
file that is missing, changed, or not covered by the signature, so a reader knows exactly
what to distrust.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from survivorapp.domain.safe_input import UnsafeFile, is_regular, read_regular
from survivorapp.reporting.keys import fingerprint
from survivorapp.reporting.manifest import (
    MANIFEST_FILE,
    MAX_MANIFEST_BYTES,
    SIGNATURE_FILE,
    Manifest,
    sha256_file,
)
from survivorapp.reporting.serialise import MalformedReturn

MAX_SIGNATURE_BYTES = 4096


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
    try:  # a regular file only: a pipe must not hang, a link to a device must not fill memory
        raw = read_regular(path, MAX_MANIFEST_BYTES)
    except UnsafeFile as exc:
        raise MalformedReturn(exc.user_message) from None
    except OSError:
        raise MalformedReturn(f"{MANIFEST_FILE} is missing from {folder}.") from None
    return Manifest.from_bytes(raw)


def safe_file_name(name: str) -> bool:
    """A manifest may only name plain files inside its own folder."""
    plain = bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name
    return plain and "\x00" not in name and len(name.encode("utf-8", "replace")) <= 255


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
    elif not is_regular(folder / SIGNATURE_FILE):
        problems.append(f"{SIGNATURE_FILE} is missing, so nothing in the folder can be trusted.")
    elif not _signature_holds(folder, manifest, public_key):
        problems.append(
            f"The signature does not match: {MANIFEST_FILE} or {SIGNATURE_FILE} "
            "was changed after signing."
        )
        changed.append(MANIFEST_FILE)
    for name, digest in sorted(manifest.files.items()):
        if not safe_file_name(name):
            problems.append(
                f"The manifest lists {name[:60]!r}, which is not a file in this folder."
            )
            continue
        found = _file_problem(folder / name, digest)
        if found is not None:
            problems.append(found)
            if "missing" not in found:
                changed.append(name)
    problems.extend(table_problems(manifest))
    listed = set(manifest.files) | {MANIFEST_FILE, SIGNATURE_FILE}
    for path in sorted(folder.iterdir()):
        if path.name not in listed:
            problems.append(f"{path.name} is not covered by the signature.")
            changed.append(path.name)
    return VerifyReport(folder, tuple(problems), tuple(changed), manifest)


def _file_problem(path: Path, digest: str) -> str | None:
    """What is wrong with one listed file, or None when it is the file that was signed."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return f"{path.name} is missing."
    except OSError:  # e.g. a name too long for this file system
        return f"The manifest lists {path.name[:60]!r}, which can't be a file in this folder."
    if not stat.S_ISREG(info.st_mode):
        return f"{path.name} is a link, pipe or device, not an ordinary file: not read."
    try:
        same = sha256_file(path) == digest
    except (OSError, UnsafeFile):
        same = False
    return None if same else f"{path.name} was changed after the return was signed."


def table_problems(manifest: Manifest) -> list[str]:
    """The signed ``tables[]`` entries must agree with ``files[]``: each names a listed file by
    its own checksum, and no table is listed twice (else a reader could be shown one table's
    figures under another's title)."""
    tables = manifest.data.get("tables")
    if tables is None:
        return []
    if not isinstance(tables, list):
        return ["The manifest's table list is not a list."]
    problems: list[str] = []
    files = manifest.files
    seen_ids: set[str] = set()
    seen_files: set[str] = set()
    for number, entry in enumerate(tables, start=1):
        if not isinstance(entry, dict):
            problems.append(f"Table entry {number} in the manifest is not an object.")
            continue
        table_id, name, digest = entry.get("id"), entry.get("file"), entry.get("sha256")
        shown = table_id if isinstance(table_id, str) and len(table_id) <= 100 else f"#{number}"
        if not isinstance(table_id, str) or table_id in seen_ids:
            problems.append(f"Table {shown} has no id of its own in the manifest.")
        if not isinstance(name, str) or name not in files:
            problems.append(f"Table {shown} names a file the manifest does not list.")
        elif digest != files[name]:
            problems.append(f"Table {shown}'s checksum does not match its file's in the manifest.")
        elif name in seen_files:
            problems.append(f"Table {shown} names the same file as another table.")
        if isinstance(table_id, str):
            seen_ids.add(table_id)
        if isinstance(name, str):
            seen_files.add(name)
    return problems


def _signature_holds(folder: Path, manifest: Manifest, key: ed25519.Ed25519PublicKey) -> bool:
    try:
        raw = read_regular(folder / SIGNATURE_FILE, MAX_SIGNATURE_BYTES)
        signature = base64.b64decode(raw, validate=False)
        key.verify(signature, manifest.canonical_bytes())
    except (OSError, UnsafeFile, binascii.Error, InvalidSignature):
        return False
    return True
