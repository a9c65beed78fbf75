"""Backing up the open vault, knowing how recent the last backup is, and the restore drill.

A backup is three steps, so the long middle one never holds up the vault's own thread (a
session saved during a backup is saved at once): :meth:`BackupService.begin` on the vault
thread raises the generation counter and hands over a :class:`SnapshotRequest`;
:func:`take_snapshot` copies the database on any other thread over its own connection; then
:meth:`BackupService.finish` (or :meth:`BackupService.failed`) records the outcome in the audit
log and in the vault. :meth:`BackupService.backup_now` runs the three in a row (the command
line).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from survivorapp import __version__
from survivorapp.domain.errors import EXIT_REFUSED, UserFacingError
from survivorapp.domain.progress import Progress
from survivorapp.domain.settings import ORGANISATION, from_stored
from survivorapp.services.context import ServiceContext
from survivorapp.services.permissions import Action, allowed
from survivorapp.vault.backups import generation, listing, status
from survivorapp.vault.backups.generation import RollbackStatus
from survivorapp.vault.backups.manifest import Manifest, record_counts
from survivorapp.vault.backups.restore import restore_files
from survivorapp.vault.backups.snapshot import (
    DB_NAME,
    SnapshotRequest,
    keyed_connection,
    remove_stale_partials,
)
from survivorapp.vault.backups.snapshot import take_snapshot as _take_snapshot
from survivorapp.vault.backups.verify import verify_backup, with_data_key
from survivorapp.vault.errors import VaultError
from survivorapp.vault.settings import SettingsRepository

BackupEntry = listing.BackupEntry
#: Tables that are the vault's own bookkeeping, not records a person would count.
BOOKKEEPING = frozenset({"vault_meta", "settings", "organisation_keys", "audit_log"})

__all__ = [
    "BackupDone",
    "BackupEntry",
    "BackupService",
    "BackupStatus",
    "Rotation",
    "SnapshotRequest",
    "take_snapshot",
]


@dataclass(frozen=True)
class Rotation:
    """How many backups to keep: the newest of each of so many days, weeks and months."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    #: False keeps every backup (a person managing the folder by hand; tests).
    enabled: bool = True


@dataclass(frozen=True)
class BackupDone:
    folder: Path
    generation: int
    created: str
    size: int
    counts: dict[str, int]
    removed: int


@dataclass(frozen=True)
class DrillResult:
    """A restore drill: the newest backup restored, checked and compared, then deleted."""

    backup: Path
    manifest: Manifest
    restored_counts: dict[str, int]
    ok: bool
    problem: str | None
    live_differences: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"The restore drill failed: {self.problem}"
        total = sum(v for k, v in self.restored_counts.items() if k not in BOOKKEEPING)
        when = taken_text(self.manifest.created)
        text = (
            f"The newest backup (taken {when}) was restored into a temporary folder, verified "
            f"and deleted again: {total:,} {'record' if total == 1 else 'records'}, the same "
            "numbers as when it was taken."
        )
        if self.live_differences:
            text += (
                " Changed in the live vault since then: " + ", ".join(self.live_differences) + "."
            )
        return text


def taken_text(created: str) -> str:
    """A manifest's time as a person reads it, in this computer's time zone."""
    try:
        return datetime.fromisoformat(created).astimezone().strftime("%d %b %Y at %H:%M")
    except ValueError:
        return created


class NoBackupYet(UserFacingError):
    user_message = "There is no backup of this vault in the backup folder yet: back up first."
    exit_code = EXIT_REFUSED


@dataclass(frozen=True)
class BackupStatus:
    """What Today and Admin say about backups (for admins and managers)."""

    last_at: datetime | None
    days_ago: int | None
    last_failure: str | None
    folder: Path | None
    folder_reachable: bool
    changed_since: bool
    rollback: str | None = None

    @property
    def warning(self) -> str | None:
        """One calm sentence when something needs doing, else None."""
        if self.rollback is not None:
            return f"Check this vault: {self.rollback}."
        if self.last_failure is not None:
            return f"The last backup failed: {self.last_failure}"
        if self.folder is None:
            return "No backup folder is set on this computer, so nothing is being backed up."
        if not self.folder_reachable:
            return (
                "The backup folder cannot be reached (is the drive connected?), so no backup "
                "can be taken."
            )
        if self.last_at is None:
            return "This vault has never been backed up. Back it up now (Admin, Backups)."
        return None

    @property
    def summary(self) -> str:
        if self.days_ago is None:
            return "No backup yet"
        if self.days_ago == 0:
            return "Last backup today"
        if self.days_ago == 1:
            return "Last backup yesterday"
        return f"Last backup {self.days_ago} days ago"


def take_snapshot(request: SnapshotRequest, folder: Path, progress: Progress) -> Path:
    """Step two, on any thread but the vault's: copy the database, write the backup."""
    remove_stale_partials(folder)
    return _take_snapshot(request, folder, progress)


def run_drill(backups: Path, vault_id: str, data_key: bytes, progress: Progress) -> DrillResult:
    """Restore the newest backup of ``vault_id`` into a temporary folder, verify it, count its
    records, delete it. Runs beside the vault thread (its own connections only)."""
    entries = listing.list_backups(backups, vault_id)
    if not entries:
        raise NoBackupYet()
    newest = entries[0]
    scratch = Path(tempfile.mkdtemp(prefix="survivorapp-drill-"))
    try:
        verified, key = verify_backup(newest.folder, with_data_key(data_key), "drill", progress)
        restore_files(verified, scratch / "vault")
        conn = keyed_connection(scratch / "vault" / DB_NAME, key)
        try:
            counts = record_counts(conn)
        finally:
            conn.close()
    except VaultError as exc:
        return DrillResult(newest.folder, newest.manifest, {}, False, exc.user_message)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ok = counts == newest.manifest.counts
    problem = None if ok else "the restored vault's counts differ from the manifest's"
    return DrillResult(newest.folder, newest.manifest, counts, ok, problem)


class BackupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def may_see_status(self) -> bool:
        actor = self.ctx.actor
        return allowed(actor, Action.MANAGE_SETTINGS) or allowed(actor, Action.VIEW_ALL_CASES)

    def begin(self, now: datetime | None = None) -> SnapshotRequest:
        """Step one, on the vault thread: the next generation, stored before the copy starts
        (so the copy carries it)."""
        with self.ctx.write() as conn:
            number = generation.bump(conn)
        return SnapshotRequest(
            vault_folder=self.ctx.vault.folder,
            vault_id=self.ctx.vault.vault_id,
            data_key=self.ctx.vault.key_for_backup(),
            created_by=self.ctx.actor.username,
            generation=number,
            app_version=__version__,
            created=(now or datetime.now(UTC)).replace(microsecond=0),
            device_secret=self.ctx.vault.device_secret_for_backup(),
        )

    def finish(
        self, request: SnapshotRequest, folder: Path, rotation: Rotation | None = None
    ) -> BackupDone:
        """Step three: note the backup, raise the generation seen beside the key slots, and
        delete the backups rotation no longer keeps."""
        entries = listing.list_backups(folder.parent, request.vault_id)
        made = next((e for e in entries if e.folder == folder), None)
        with self.ctx.write() as conn:
            seq = status.last_change_seq(conn)
            self.ctx.record("backup", "vault", f"generation {request.generation}")
            status.record_ok(
                conn,
                status.BackupRecord(
                    request.created.isoformat(), request.generation, seq, folder.name
                ),
            )
        generation.write_seen(self.ctx.vault.folder, request.vault_id, request.generation)
        rot = rotation or self.configured_rotation()
        removed = (
            listing.rotate(folder.parent, request.vault_id, rot.daily, rot.weekly, rot.monthly)
            if rot.enabled
            else []
        )
        return BackupDone(
            folder=folder,
            generation=request.generation,
            created=request.created.isoformat(),
            size=made.size if made else 0,
            counts=dict(made.manifest.counts) if made else {},
            removed=len(removed),
        )

    def configured_rotation(self) -> Rotation:
        """The organisation's rotation settings (Admin, Organisation settings)."""
        values = from_stored(ORGANISATION, SettingsRepository(self.ctx.conn).all())
        return Rotation(
            int(values["backup_keep_daily"]),
            int(values["backup_keep_weekly"]),
            int(values["backup_keep_monthly"]),
        )

    def failed(self, error: BaseException, now: datetime | None = None) -> None:
        """Remember a failed backup (Today warns until one succeeds)."""
        reason = (
            error.user_message
            if isinstance(error, UserFacingError)
            else "an unexpected error (see the log)."
        )
        at = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
        with self.ctx.write() as conn:
            self.ctx.record("backup_failed", "vault")
            status.record_failed(conn, status.FailureRecord(at, reason))

    def backup_now(
        self, folder: Path, progress: Progress, rotation: Rotation | None = None
    ) -> BackupDone:
        """All three steps in a row (the command line)."""
        request = self.begin()
        try:
            made = take_snapshot(request, folder, progress)
        except Exception as exc:
            self.failed(exc)
            raise
        return self.finish(request, made, rotation)

    # --- how recent -----------------------------------------------------------------------

    def status(self, folder: Path | None, today: date | None = None) -> BackupStatus:
        conn = self.ctx.conn
        ok, bad = status.last_ok(conn), status.last_failed(conn)
        last_at = datetime.fromisoformat(ok.at) if ok else None
        day = today or self.ctx.today()
        return BackupStatus(
            last_at=last_at,
            days_ago=None if last_at is None else max(0, (day - last_at.date()).days),
            last_failure=bad.reason if bad else None,
            folder=folder,
            folder_reachable=folder is not None and folder.is_dir(),
            changed_since=ok is None or status.last_change_seq(conn) > ok.change_seq,
            rollback=rolled.message if (rolled := self.rollback_status()).rolled_back else None,
        )

    def due(self, now: datetime | None = None, *, on_lock: bool = False) -> bool:
        """A backup is due on lock or quit when anything changed since the last one, and
        otherwise once a day."""
        conn = self.ctx.conn
        ok = status.last_ok(conn)
        if ok is None:
            return True
        if on_lock and status.last_change_seq(conn) > ok.change_seq:
            return True
        moment = now or datetime.now(UTC)
        return (moment - datetime.fromisoformat(ok.at)).total_seconds() >= 24 * 3600

    def backups_in(self, folder: Path) -> list[listing.BackupEntry]:
        return listing.list_backups(folder, self.ctx.vault.vault_id)

    # --- rollback ---------------------------------------------------------------------------

    def adopt_generation(self, floor: int) -> None:
        """After a restore: number the next backup after every backup known for this vault
        (an older backup restored on purpose must not reuse the newer ones' numbers)."""
        with self.ctx.write() as conn:
            if generation.current(conn) < floor:
                generation.set_generation(conn, floor)
        generation.write_seen(self.ctx.vault.folder, self.ctx.vault.vault_id, floor)

    def rollback_status(self) -> RollbackStatus:
        return generation.status(self.ctx.conn, self.ctx.vault.folder)

    def note_unlock(self) -> RollbackStatus:
        """At every unlock: an older database put back is audited (and the caller warns);
        otherwise the generation beside the key slots catches up with the database's."""
        found = self.rollback_status()
        if found.rolled_back:
            with self.ctx.write():
                self.ctx.record(
                    "rollback_suspected", "vault", f"generation {found.database} < {found.seen}"
                )
        elif found.database > (found.seen or 0):
            with contextlib.suppress(VaultError, OSError):  # a read-only folder still opens
                generation.write_seen(
                    self.ctx.vault.folder, self.ctx.vault.vault_id, found.database
                )
        return found

    # --- the restore drill ------------------------------------------------------------------

    def drill_inputs(self) -> tuple[str, bytes]:
        """What :func:`run_drill` needs from the open vault (on the vault thread)."""
        self.ctx.require(Action.MANAGE_SETTINGS)
        return self.ctx.vault.vault_id, self.ctx.vault.key_for_backup()

    def record_drill(self, result: DrillResult) -> DrillResult:
        """Compare with the live vault and write the result to the audit log."""
        live = record_counts(self.ctx.conn)
        differences = tuple(
            f"{name.replace('_', ' ')} {result.restored_counts.get(name, 0):,} then, "
            f"{live.get(name, 0):,} now"
            for name in sorted(set(live) | set(result.restored_counts))
            if name not in BOOKKEEPING and live.get(name, 0) != result.restored_counts.get(name, 0)
        )
        outcome = "ok" if result.ok else "failed"
        with self.ctx.write():
            self.ctx.record(
                "restore_drill", "vault", f"generation {result.manifest.generation}: {outcome}"
            )
        return DrillResult(
            result.backup,
            result.manifest,
            result.restored_counts,
            result.ok,
            result.problem,
            differences if result.ok else (),
        )
