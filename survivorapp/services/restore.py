"""Verifying and restoring backups, before any vault is unlocked (a new laptop, the command
line), and the restore drill that proves the newest backup restores.

A restore goes into a new folder only. Restoring a backup older than the newest one known for
its vault, or a backup of another vault than the one this computer knows, stops with
:class:`RestoreNeedsConfirmation`, saying what would be lost, until the person confirms.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from survivorapp.domain.progress import Progress
from survivorapp.paths import default_vault_dir
from survivorapp.services.access import VaultAccess
from survivorapp.vault import keyslots
from survivorapp.vault.backups import listing
from survivorapp.vault.backups.errors import RestoreNeedsConfirmation
from survivorapp.vault.backups.manifest import Manifest
from survivorapp.vault.backups.opening import Credentials
from survivorapp.vault.backups.restore import check_target, restore_files
from survivorapp.vault.backups.snapshot import DEVICE_SECRET_NAME, open_device_secret
from survivorapp.vault.backups.verify import (
    VerifiedBackup,
    backup_folder,
    read_manifest,
    verify_backup,
    with_credentials,
)
from survivorapp.vault.check import CheckReport
from survivorapp.vault.errors import VaultError

__all__ = ["Credentials", "RestoreResult", "RestoreService"]


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    manifest: Manifest
    check: CheckReport


def describe(manifest: Manifest) -> str:
    return (
        f"taken {manifest.created.replace('T', ' ')} by {manifest.created_by} "
        f"(generation {manifest.generation})"
    )


def count_changes(newer: Manifest, older: Manifest) -> str:
    """The record types whose numbers differ, as "cases 1203 -> 1200"."""
    changed = [
        f"{name} {newer.counts.get(name, 0)} -> {older.counts.get(name, 0)}"
        for name in sorted(set(newer.counts) | set(older.counts))
        if newer.counts.get(name, 0) != older.counts.get(name, 0) and name != "audit_log"
    ]
    return ", ".join(changed[:8]) or "no difference in the numbers of records"


class RestoreService:
    def __init__(self, access: VaultAccess) -> None:
        self.access = access

    def verify(self, path: Path, credentials: Credentials, progress: Progress) -> VerifiedBackup:
        """Every check of :func:`verify_backup`; writes nothing."""
        opener = with_credentials(credentials, self.access.secret_store)
        verified, _key = verify_backup(path, opener, credentials.who, progress)
        return verified

    def backups_in(self, folder: Path) -> list[Path]:
        """Every complete backup in a folder of backups, newest first (none: not such a
        folder)."""
        return [e.folder for e in listing.list_backups(folder)]

    def newest_in(self, folder: Path) -> Path | None:
        """A folder of backups given where one backup was meant: the newest in it."""
        entries = listing.list_backups(folder)
        return entries[0].folder if entries else None

    def confirmations_needed(self, path: Path) -> list[str]:
        """Why restoring ``path`` needs a person's explicit yes (older, or another vault)."""
        folder = backup_folder(path)
        manifest, _mac = read_manifest(folder)
        reasons = []
        newer = [
            e
            for e in listing.list_backups(folder.parent, manifest.vault_id)
            if e.manifest.generation > manifest.generation
        ]
        if newer:
            newest = newer[0].manifest
            reasons.append(
                f"A newer backup of this vault exists, {describe(newest)}. Restoring this "
                f"older one ({describe(manifest)}) would lose everything recorded between "
                f"them ({count_changes(newest, manifest)})."
            )
        known = self._known_vault_ids(folder)
        if known and manifest.vault_id not in known:
            reasons.append(
                f"This backup is of another vault (id {manifest.vault_id[:8]}...) than the "
                "vault this computer or this backup folder knows. Restoring it gives you that "
                "vault's records, not your own."
            )
        return reasons

    def _rebind_device(self, verified: VerifiedBackup, data_key: bytes) -> None:
        """A bound vault on a new computer: put its device secret (sealed in the backup) in
        this computer's keyring, so every user's passphrase opens it here too."""
        sealed_path = verified.folder / DEVICE_SECRET_NAME
        store, vault_id = self.access.secret_store, verified.manifest.vault_id
        if not sealed_path.is_file() or store.get(vault_id) is not None:
            return
        secret = open_device_secret(data_key, vault_id, sealed_path.read_bytes())
        if secret is not None and store.is_system_store:
            store.put(vault_id, secret)

    def _known_vault_ids(self, backup: Path) -> set[str]:
        """The vaults of the other backups beside ``backup``, and the vault at this computer's
        usual place."""
        known = {
            e.manifest.vault_id
            for e in listing.list_backups(backup.parent)
            if e.folder.resolve() != backup.resolve()
        }
        with contextlib.suppress(VaultError, OSError):
            known.add(keyslots.load(default_vault_dir() / "keyslots.json").vault_id)
        return known

    def restore(
        self,
        path: Path,
        target: Path,
        credentials: Credentials,
        progress: Progress,
        *,
        confirmed: bool = False,
    ) -> RestoreResult:
        """Verify, copy into the new ``target``, open (migrating an older schema), check."""
        check_target(target)
        reasons = self.confirmations_needed(path)
        if reasons and not confirmed:
            raise RestoreNeedsConfirmation(" ".join(reasons))
        opener = with_credentials(credentials, self.access.secret_store)
        verified, key = verify_backup(path, opener, credentials.who, progress)
        self._rebind_device(verified, key)
        newest = listing.list_backups(verified.folder.parent, verified.manifest.vault_id)
        floor = max([verified.manifest.generation] + [e.manifest.generation for e in newest])
        progress.report("Copying the backup into the new folder", 0, 1)
        restore_files(verified, target)
        progress.report("Opening and checking the restored vault", 1, 1)
        if credentials.recovery_key is not None:
            session = self.access.unlock_with_recovery(target, credentials.recovery_key)
        else:
            session = self.access.unlock(
                target, credentials.user or "", credentials.passphrase or ""
            )
        with session:
            session.backups.adopt_generation(floor)
            with session.ctx.write():
                session.ctx.record("restore", "vault", f"generation {verified.manifest.generation}")
            report = session.check()
        return RestoreResult(target, verified.manifest, report)
