"""The manifest: what a return folder holds, how it was made, and a checksum of every file.

The signature (``reporting.signing``) covers the manifest's *canonical* bytes (sorted keys, no
whitespace, UTF-8), so the readable, indented ``manifest.json`` on disk can be checked no
matter how it was spaced, while any change of content breaks it. Every other file in the
folder is listed with its SHA-256, so the one signature covers them all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from survivorapp import __version__
from survivorapp.domain.safe_input import open_regular
from survivorapp.reporting.disclosure import PublishedReturn
from survivorapp.reporting.model import Level, Period
from survivorapp.reporting.serialise import (
    MalformedReturn,
    canonical_json,
    period_from_dict,
    period_to_dict,
    strict_loads,
)

MANIFEST_FILE = "manifest.json"
SIGNATURE_FILE = "manifest.sig"
FORMAT = "survivorapp-return"
MANIFEST_VERSION = 1


MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_RETURN_FILE_BYTES = 1024**3
"""No file of a return comes near 1 GB; a bigger one is not read at all."""


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read in chunks; a regular file only (``UnsafeFile`` otherwise)."""
    digest = hashlib.sha256()
    with open_regular(path, MAX_RETURN_FILE_BYTES) as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    data: Mapping[str, Any]

    def canonical_bytes(self) -> bytes:
        return canonical_json(self.data)

    def readable_bytes(self) -> bytes:
        text = json.dumps(self.data, sort_keys=True, indent=2, ensure_ascii=False)
        return (text + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        data = strict_loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise MalformedReturn("This is not a survivorapp return manifest.")
        if data.get("manifest_version") != MANIFEST_VERSION:
            raise MalformedReturn("This manifest's version is not one this version can read.")
        if not isinstance(data.get("files"), dict):
            raise MalformedReturn("The manifest does not list its files.")
        return cls(data)

    @property
    def level(self) -> Level:
        return Level(str(self.data["level"]))

    @property
    def period(self) -> Period:
        return period_from_dict(self.data.get("period"))

    @property
    def schema_version(self) -> int:
        value = self.data.get("schema_version")
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedReturn("The manifest's schema version is not a whole number.")
        return value

    @property
    def files(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.data["files"].items()}

    @property
    def organisation(self) -> str | None:
        value = self.data.get("organisation_key")
        return str(value) if value is not None else None

    @property
    def sealed_for(self) -> str | None:
        sealed = self.data.get("sealed")
        return str(sealed.get("commissioner_key")) if isinstance(sealed, dict) else None


def build_manifest(
    *,
    level: Level,
    period: Period,
    schema_version: int,
    k: int,
    base: int,
    files: Mapping[str, str],
    organisation_key: str | None,
    published: PublishedReturn | None = None,
    table_files: Mapping[str, str] | None = None,
    sealed: Mapping[str, str] | None = None,
    organisations: Sequence[str] = (),
    organisations_withheld: bool = False,
    contributing_returns: int | None = None,
    created: datetime | None = None,
) -> Manifest:
    """Everything a reader needs to know what this folder is, and to check it is intact."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "manifest_version": MANIFEST_VERSION,
        "schema_version": schema_version,
        "software_version": __version__,
        "created": (created or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "period": period_to_dict(period),
        "level": level.value,
        "disclosure_control": "10-5 rule" if level is Level.PUBLICATION else "none: exact counts",
        "k": k,
        "rounding_base": base if level is Level.PUBLICATION else 1,
        "organisation_key": organisation_key,
        "files": dict(sorted(files.items())),
    }
    if published is not None:
        data["marking"] = published.marking
        data["excluded_for_consent"] = published.excluded_for_consent
        data["suppressed_cells"] = {
            "primary": published.primary_suppressed,
            "secondary": published.secondary_suppressed,
        }
        names = table_files or {}
        data["tables"] = [
            {
                "id": table.id,
                "title": table.title,
                "file": names.get(table.id, ""),
                "sha256": files.get(names.get(table.id, ""), ""),
                "primary_suppressed": table.primary_suppressed,
                "secondary_suppressed": table.secondary_suppressed,
            }
            for table in published.tables
        ]
    if sealed is not None:
        data["sealed"] = dict(sealed)
    if contributing_returns is not None:
        data["merge"] = {
            "contributing_returns": contributing_returns,
            "organisations": [] if organisations_withheld else sorted(organisations),
            "organisations_withheld": organisations_withheld,
        }
    return Manifest(data)
