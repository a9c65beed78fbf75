"""The backups in a folder, newest first, and which of them rotation keeps.

Listing reads manifests without the data key (names, times, generations, counts), so the app
can say "last backup 3 days ago" and warn about newer backups before a restore; anything that
matters is authenticated again when a backup is verified or restored.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from survivorapp.vault.backups.errors import BackupError
from survivorapp.vault.backups.manifest import Manifest
from survivorapp.vault.backups.snapshot import PARTIAL, PREFIX
from survivorapp.vault.backups.verify import read_manifest


@dataclass(frozen=True)
class BackupEntry:
    folder: Path
    manifest: Manifest

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.manifest.created)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.manifest.files.values())


def list_backups(folder: Path, vault_id: str | None = None) -> list[BackupEntry]:
    """Complete backups in ``folder`` (of one vault, if given), newest generation first.

    Unfinished (hidden ``.partial-``) folders and unreadable manifests are left out.
    """
    found: list[BackupEntry] = []
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    for child in children:
        if not child.name.startswith(PREFIX) or not child.is_dir():
            continue
        try:
            manifest, _mac = read_manifest(child)
        except BackupError:
            continue
        if vault_id is None or manifest.vault_id == vault_id:
            found.append(BackupEntry(child, manifest))
    found.sort(key=lambda e: (e.manifest.generation, e.manifest.created), reverse=True)
    return found


def to_keep(
    entries: list[BackupEntry], daily: int = 7, weekly: int = 4, monthly: int = 12
) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last ``daily`` days that have
    one, of the last ``weekly`` ISO weeks, and of the last ``monthly`` months. The newest
    backup is always kept."""
    keep: set[Path] = set()
    newest_first = sorted(entries, key=lambda e: e.created, reverse=True)
    if newest_first:
        keep.add(newest_first[0].folder)
    for limit, bucket in (
        (daily, lambda d: d.isoformat()),
        (weekly, lambda d: tuple(d.isocalendar())[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for entry in newest_first:
            key = bucket(entry.created.date())
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(entry.folder)
    return keep


def rotate(folder: Path, vault_id: str, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Delete this vault's backups that rotation does not keep; return what was deleted.

    Each goes out of the listing first (renamed to a hidden ``.partial-`` name, one atomic
    step): a deletion stopped half-way (a crash, a kill, a drive pulled) must never leave a
    folder whose manifest is still there but whose database is not, listed as a backup. A
    hidden leftover is removed by a later backup, like any unfinished one.
    """
    entries = list_backups(folder, vault_id)
    keep = to_keep(entries, daily, weekly, monthly)
    removed = []
    for entry in entries:
        if entry.folder not in keep:
            hidden = folder / f".{entry.folder.name}{PARTIAL}{secrets.token_hex(4)}"
            with contextlib.suppress(OSError):
                os.rename(entry.folder, hidden)
                removed.append(entry.folder)
                shutil.rmtree(hidden)
    return removed
