"""``manifest.json``: what a backup holds, authenticated with a key derived from the data key.

The manifest lists every file with its size and SHA-256, the vault it came from, the schema
version, when and by whom it was taken, the backup generation, the number of rows of every
record type and the "heads" (the audit chain's head, and other chains' heads as they arrive),
so a changed, truncated or swapped backup is caught before anyone relies on it. Its MAC is
HMAC-SHA256 over the canonical JSON of every other field, under
HKDF(data key, info = "survivorapp/v1/backup-manifest|<vault_id>").
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from survivorapp.vault.audit import HEAD_KEY as AUDIT_HEAD_KEY
from survivorapp.vault.connection import Connection, translated_errors

MANIFEST_NAME = "manifest.json"
FORMAT_NAME = "survivorapp-backup"
FORMAT_VERSION = 1
MAC_PURPOSE = "backup-manifest"
MAX_MANIFEST_BYTES = 1024 * 1024
HASH_CHUNK = 4 * 1024 * 1024


def derive_key(data_key: bytes, vault_id: str, purpose: str) -> bytes:
    """The same construction as ``UnlockedVault.derive_subkey``, for a backup's data key."""
    info = f"survivorapp/v1/{purpose}|{vault_id}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(data_key)


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    vault_id: str
    schema_version: int
    app_version: str
    created: str
    created_by: str
    generation: int
    counts: dict[str, int] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    files: dict[str, FileEntry] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "schema_version": self.schema_version,
            "app_version": self.app_version,
            "created": self.created,
            "created_by": self.created_by,
            "generation": self.generation,
            "counts": dict(sorted(self.counts.items())),
            "heads": dict(sorted(self.heads.items())),
            "files": {
                name: {"size": f.size, "sha256": f.sha256} for name, f in sorted(self.files.items())
            },
        }

    def mac(self, key: bytes) -> str:
        return hmac.new(key, canonical(self.body()), hashlib.sha256).hexdigest()

    def to_bytes(self, key: bytes) -> bytes:
        data = self.body()
        data["mac"] = self.mac(key)
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def authentic(self, key: bytes, mac: str) -> bool:
        return hmac.compare_digest(self.mac(key), mac)


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class ManifestUnreadable(ValueError):
    """The manifest is not a backup manifest this code can read (the text says why)."""


class ManifestTooNew(ValueError):
    """A later format version: a newer survivorapp wrote it."""


def parse(raw: bytes) -> tuple[Manifest, str]:
    """The manifest and its MAC (not yet checked: that needs the data key)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ManifestUnreadable("manifest.json is not readable JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ManifestUnreadable("manifest.json is not a survivorapp backup manifest")
    version = data.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise ManifestTooNew()
    if version != FORMAT_VERSION:
        raise ManifestUnreadable(f"manifest.json has an unknown format version ({version!r})")
    try:
        files = {
            str(name): FileEntry(_int(entry["size"]), _hex(entry["sha256"]))
            for name, entry in data["files"].items()
        }
        manifest = Manifest(
            vault_id=_text(data["vault_id"]),
            schema_version=_int(data["schema_version"]),
            app_version=_text(data["app_version"]),
            created=_text(data["created"]),
            created_by=_text(data["created_by"]),
            generation=_int(data["generation"]),
            counts={str(k): _int(v) for k, v in data["counts"].items()},
            heads={str(k): _text(v) for k, v in data["heads"].items()},
            files=files,
        )
        mac = _hex(data["mac"])
    except (KeyError, TypeError, AttributeError, ValueError):
        raise ManifestUnreadable("manifest.json is missing fields or has wrong values") from None
    return manifest, mac


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _hex(value: object) -> str:
    text = _text(value)
    if not text or any(c not in "0123456789abcdef" for c in text):
        raise ValueError("not lowercase hex")
    return text


def file_entry(path: Path) -> FileEntry:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileEntry(size, digest.hexdigest())


# --- what the manifest says about the database ------------------------------------------------


def manifest_heads(conn: Connection) -> dict[str, str]:
    """Every chain head a backup records, read from the snapshot itself.

    The one place to add another head (the release register's, the signed audit checkpoint):
    verify compares this function's answer for the restored snapshot with the manifest's, so a
    head added here is checked everywhere at once.
    """
    heads: dict[str, str] = {}
    with translated_errors():
        row = conn.execute(
            "SELECT value FROM vault_meta WHERE key = ?", (AUDIT_HEAD_KEY,)
        ).fetchone()
    heads["audit_chain"] = str(row[0]) if row is not None else "0:" + "0" * 64
    return heads


def record_counts(conn: Connection) -> dict[str, int]:
    """Rows per table, for every ordinary table (full-text indexes and their shadow tables
    left out: they are rebuilt from the tables they index)."""
    with translated_errors():
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        virtual = [str(n) for n, sql in rows if str(sql or "").upper().startswith("CREATE VIRTUAL")]
        counts: dict[str, int] = {}
        for name, _sql in rows:
            name = str(name)
            if name.startswith("sqlite_") or any(
                name == v or name.startswith(v + "_") for v in virtual
            ):
                continue
            quoted = '"' + name.replace('"', '""') + '"'
            counts[name] = int(conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
    return counts
