"""Verifying a backup without writing anything, naming the first problem found.

In order: the manifest reads and is a format this program knows; the folder holds exactly the
files it lists, each of the recorded size and SHA-256; the credentials open the backup's own
key slots; the manifest's MAC is valid under the data key; then, opened read-only and
immutable (so not even a journal is created), every page's HMAC and the database structure,
the vault id, the schema version, the row counts, the chain heads and the whole audit chain.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from survivorapp.domain.progress import Progress
from survivorapp.vault import keyslots, migrations
from survivorapp.vault.audit import AuditLog, chain_key
from survivorapp.vault.backups.errors import BackupDamaged, BackupTooNew, NotABackup
from survivorapp.vault.backups.manifest import (
    MAC_PURPOSE,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    Manifest,
    ManifestTooNew,
    ManifestUnreadable,
    derive_key,
    file_entry,
    manifest_heads,
    parse,
    record_counts,
)
from survivorapp.vault.backups.opening import Credentials, data_key_from_slots
from survivorapp.vault.backups.snapshot import DB_NAME, SLOTS_NAME, keyed_connection
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.errors import (
    KeySlotsDamaged,
    KeySlotsMissing,
    KeySlotsUnsupported,
    VaultError,
)
from survivorapp.vault.secret_store import SecretStore

AUDIT_PURPOSE = "audit-chain"
#: Files an operating system may drop into any folder it shows; never part of a backup.
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class VerifiedBackup:
    folder: Path
    manifest: Manifest
    opened_by: str


def backup_folder(path: Path) -> Path:
    """A backup folder given as itself or as its manifest file."""
    folder = path.parent if path.name == MANIFEST_NAME and path.is_file() else path
    if not (folder / MANIFEST_NAME).is_file():
        raise NotABackup()
    return folder


def read_manifest(folder: Path) -> tuple[Manifest, str]:
    """The manifest and its MAC, unauthenticated (listing backups needs no key)."""
    path = folder / MANIFEST_NAME
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise BackupDamaged("manifest.json is far larger than any manifest")
        raw = path.read_bytes()
    except OSError:
        raise NotABackup() from None
    try:
        manifest, mac = parse(raw)
    except ManifestTooNew:
        raise BackupTooNew() from None
    except ManifestUnreadable as exc:
        raise BackupDamaged(str(exc)) from None
    if manifest.schema_version > migrations.latest_version():
        raise BackupTooNew()
    return manifest, mac


KeyOpener = Callable[[Path], tuple[str, bytes]]
"""Given a backup's keyslots.json, its vault id and the data key (or a refusal)."""


def with_credentials(credentials: Credentials, store: SecretStore | None) -> KeyOpener:
    """Open the backup's own key slots with a passphrase or the recovery key."""

    def opener(slots_path: Path) -> tuple[str, bytes]:
        slot_file, data_key = data_key_from_slots(slots_path, credentials, store)
        return slot_file.vault_id, data_key

    return opener


def with_data_key(data_key: bytes) -> KeyOpener:
    """A running vault's own key (the restore drill); the manifest's MAC still has to match."""

    def opener(slots_path: Path) -> tuple[str, bytes]:
        return keyslots.load(slots_path).vault_id, data_key

    return opener


def verify_backup(
    path: Path, opener: KeyOpener, who: str, progress: Progress
) -> tuple[VerifiedBackup, bytes]:
    """Every check, or :class:`BackupDamaged` naming the first that failed; also the data key
    (a restore that follows needs it)."""
    folder = backup_folder(path)
    manifest, mac = read_manifest(folder)
    progress.report("Checking the files", 0, 4)
    _check_files(folder, manifest)
    progress.report("Checking the key slots and manifest", 1, 4)
    try:
        vault_id, data_key = opener(folder / SLOTS_NAME)
    except (KeySlotsDamaged, KeySlotsMissing, KeySlotsUnsupported):
        raise BackupDamaged("its copy of keyslots.json is damaged") from None
    if vault_id != manifest.vault_id:
        raise BackupDamaged("its key slots belong to a different vault than its manifest")
    if not manifest.authentic(derive_key(data_key, manifest.vault_id, MAC_PURPOSE), mac):
        raise BackupDamaged("manifest.json was edited after the backup was taken")
    progress.report("Reading every page of the database", 2, 4)
    _check_database(folder / DB_NAME, data_key, manifest, progress)
    progress.report("Done", 4, 4)
    return VerifiedBackup(folder, manifest, who), data_key


def _check_files(folder: Path, manifest: Manifest) -> None:
    present = {
        p.name for p in folder.iterdir() if p.name != MANIFEST_NAME and p.name not in IGNORED_NAMES
    }
    for name in sorted(set(manifest.files) - present):
        raise BackupDamaged(f"{name} is missing from the backup folder")
    for name in sorted(present - set(manifest.files)):
        raise BackupDamaged(f"it holds a file the manifest does not list ({name})")
    for name, expected in sorted(manifest.files.items()):
        path = folder / name
        size = path.stat().st_size
        if size != expected.size:
            change = "shorter (cut off)" if size < expected.size else "longer"
            raise BackupDamaged(f"{name} is {change} than when the backup was taken")
        if file_entry(path).sha256 != expected.sha256:
            raise BackupDamaged(f"the contents of {name} changed after the backup was taken")


def _check_database(path: Path, data_key: bytes, manifest: Manifest, progress: Progress) -> None:
    try:
        conn = keyed_connection(path, data_key, uri_mode="ro&immutable=1")
    except Exception:
        raise BackupDamaged("cases.db cannot be opened with its key") from None
    try:
        with translated_errors():
            _check_open_database(conn, data_key, manifest, progress)
    except VaultError as exc:
        if isinstance(exc, BackupDamaged):
            raise
        raise BackupDamaged("cases.db cannot be read with its key") from None
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def _check_open_database(
    conn: Connection, data_key: bytes, manifest: Manifest, progress: Progress
) -> None:
    bad_pages = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    if bad_pages:
        raise BackupDamaged(f"cases.db has {len(bad_pages)} damaged page(s)")
    structure = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if structure != ["ok"]:
        raise BackupDamaged("the structure of cases.db is damaged")
    progress.report("Checking counts and the audit log", 3, 4)
    row = conn.execute("SELECT value FROM vault_meta WHERE key = 'vault_id'").fetchone()
    if row is None or str(row[0]) != manifest.vault_id:
        raise BackupDamaged("cases.db belongs to a different vault than its manifest")
    if migrations.schema_version(conn) != manifest.schema_version:
        raise BackupDamaged("cases.db's schema version differs from the manifest's")
    counts = record_counts(conn)
    for name in sorted(set(counts) | set(manifest.counts)):
        if counts.get(name) != manifest.counts.get(name):
            raise BackupDamaged(f"the number of rows in {name} differs from the manifest's")
    if manifest_heads(conn) != manifest.heads:
        raise BackupDamaged("a chain head in cases.db differs from the manifest's")
    key = chain_key(conn, derive_key(data_key, manifest.vault_id, AUDIT_PURPOSE))
    chain = AuditLog(conn, key, manifest.vault_id).verify()
    if not chain.ok:
        raise BackupDamaged(f"its audit log does not verify ({chain.reason})")
