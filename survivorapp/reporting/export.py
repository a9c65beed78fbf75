"""Write a return folder for one level: the files, the manifest and its signature.

* internal and publication: one CSV per table, ``return.xlsx``, ``report.html``,
  ``report.pdf``, ``manifest.json`` and ``manifest.sig``.
* sealed: ``return.sealed`` (HPKE to the commissioner), ``manifest.json`` and
  ``manifest.sig`` only: exact counts never leave in plaintext.

Everything is written into a private staging folder beside ``out_dir`` and renamed into place
at the end, so a failure half-way leaves no partial return behind. ``out_dir`` must be new or
empty: a return is never written over another.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.reporting.disclosure import DEFAULT_BASE, DEFAULT_K, check_parameters, publish
from survivorapp.reporting.keys import fingerprint
from survivorapp.reporting.manifest import (
    MANIFEST_FILE,
    SIGNATURE_FILE,
    Manifest,
    build_manifest,
    sha256_file,
)
from survivorapp.reporting.model import Level, Return
from survivorapp.reporting.sealing import SEALED_FILE, SUITE_NAME, seal
from survivorapp.reporting.signing import signature_text


class OutputFolderError(UserFacingError, ValueError):
    """The chosen output folder cannot take a new return."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class MergeInfo:
    """What a merged return's manifest says about where its figures came from."""

    organisations: Sequence[str]
    withheld: bool
    contributing_returns: int


def write_return(
    ret: Return,
    level: Level,
    out_dir: Path,
    org_private_key: ed25519.Ed25519PrivateKey,
    k: int = DEFAULT_K,
    commissioner_public_key: x25519.X25519PublicKey | None = None,
    *,
    base: int = DEFAULT_BASE,
    audit_checkpoint: Mapping[str, Any] | None = None,
) -> Manifest:
    """Write and sign one organisation's return at ``level``; returns its manifest.

    ``audit_checkpoint`` (a signed checkpoint of the vault's audit log) goes into internal
    and sealed manifests, never into a publication, which may be made public."""
    return write_folder(
        ret,
        level,
        out_dir,
        org_private_key,
        k,
        base,
        commissioner_public_key,
        merge=None,
        audit_checkpoint=None if level is Level.PUBLICATION else audit_checkpoint,
    )


def write_folder(
    ret: Return,
    level: Level,
    out_dir: Path,
    signing_key: ed25519.Ed25519PrivateKey | None,
    k: int,
    base: int,
    commissioner_public_key: x25519.X25519PublicKey | None,
    *,
    merge: MergeInfo | None,
    audit_checkpoint: Mapping[str, Any] | None = None,
) -> Manifest:
    check_parameters(k, base)
    if level is Level.SEALED and commissioner_public_key is None:
        raise ValueError("A sealed return needs the commissioner's public key.")
    _check_out_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        signer = fingerprint(signing_key.public_key()) if signing_key else None
        if level is Level.SEALED:
            assert commissioner_public_key is not None
            manifest = _sealed(ret, staging, signer, k, base, commissioner_public_key)
        else:
            manifest = _readable(ret, level, staging, signer, k, base, merge)
        if audit_checkpoint is not None:  # signed with the rest of the manifest
            manifest = Manifest({**manifest.data, "audit_checkpoint": dict(audit_checkpoint)})
        (staging / MANIFEST_FILE).write_bytes(manifest.readable_bytes())
        if signing_key is not None:
            (staging / SIGNATURE_FILE).write_bytes(signature_text(manifest, signing_key))
        if out_dir.exists():
            out_dir.rmdir()  # empty, checked above
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise OutputFolderError(
            f"{out_dir} is not an empty folder; choose a new folder for the return."
        )


def _sealed(
    ret: Return,
    staging: Path,
    signer: str | None,
    k: int,
    base: int,
    commissioner_key: x25519.X25519PublicKey,
) -> Manifest:
    if signer is None:
        raise ValueError("A sealed return must be signed by its organisation.")
    path = staging / SEALED_FILE
    path.write_bytes(seal(ret, commissioner_key, signer))
    return build_manifest(
        level=Level.SEALED,
        period=ret.period,
        schema_version=ret.schema_version,
        k=k,
        base=base,
        files={SEALED_FILE: sha256_file(path)},
        organisation_key=signer,
        sealed={
            "file": SEALED_FILE,
            "commissioner_key": fingerprint(commissioner_key),
            "construction": SUITE_NAME,
        },
    )


def _readable(
    ret: Return,
    level: Level,
    staging: Path,
    signer: str | None,
    k: int,
    base: int,
    merge: MergeInfo | None,
) -> Manifest:
    from survivorapp.reporting.pdf import PDF_NAME, write_pdf
    from survivorapp.reporting.report import HTML_NAME, write_html
    from survivorapp.reporting.writers import write_csv
    from survivorapp.reporting.xlsx import WORKBOOK_NAME, write_xlsx

    published = publish(ret, level, k, base)
    table_files = {table.id: write_csv(table, staging).name for table in published.tables}
    write_xlsx(published, staging / WORKBOOK_NAME)
    write_html(published, staging / HTML_NAME)
    write_pdf(published, staging / PDF_NAME)
    files = {path.name: sha256_file(path) for path in sorted(staging.iterdir())}
    return build_manifest(
        level=level,
        period=ret.period,
        schema_version=ret.schema_version,
        k=k,
        base=base,
        files=files,
        organisation_key=signer,
        published=published,
        table_files=table_files,
        organisations=merge.organisations if merge else (),
        organisations_withheld=merge.withheld if merge else False,
        contributing_returns=merge.contributing_returns if merge else None,
    )
