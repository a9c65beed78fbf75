"""Soak scenario: sessions saved and backups taken in turn (rotation on), killed mid-stream.

The child saves two sessions, then backs up into a folder beside the vault (``backup_now``:
begin, snapshot, finish, rotation), and so on. After the kill: every session reported saved is
in the vault; every backup reported finished is still in the folder and verifies (with the
passphrase, against its own key slots, as ``survivorapp verify-backup`` does) unless a newer
finished backup replaced it through rotation; the vault's record of its last backup is at least
the newest reported one; no rollback is suspected at unlock; every backup the listing shows
verifies (an unfinished or half-deleted one must never look complete); and, every
:data:`RESTORE_EVERY` iterations, the newest backup restores into a new folder whose vault opens
with the passphrase, passes check and holds the counts its manifest promises.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from benchmarks.soak_kit import PASSPHRASE, USER, Report, Scenario, Verdict, access, side_folder
from benchmarks.soak_sessions import CASE_DAY
from benchmarks.soak_sessions import prepare as prepare_case
from survivorapp.domain.progress import silent
from survivorapp.domain.session import Session
from survivorapp.services.access import VaultSession
from survivorapp.services.backups import BackupService
from survivorapp.vault.backups import listing, status
from survivorapp.vault.backups.manifest import record_counts
from survivorapp.vault.backups.opening import Credentials
from survivorapp.vault.backups.restore import restore_files
from survivorapp.vault.backups.verify import verify_backup, with_credentials
from survivorapp.vault.errors import VaultError

SESSIONS_PER_BACKUP = 2
RESTORE_EVERY = 25
_verified = 0  # iterations verified in this (parent) process, for RESTORE_EVERY


def backups_folder(session: VaultSession) -> Path:
    return side_folder(session.vault.folder) / "backups"


def child(session: VaultSession, _scratch: Path, report: Report) -> None:
    folder = backups_folder(session)
    folder.mkdir(parents=True, exist_ok=True)
    reference = session.vault.connection.execute("SELECT reference FROM cases").fetchone()[0]
    service = BackupService(session.ctx)
    n = 0
    while True:
        for _ in range(SESSIONS_PER_BACKUP):
            n += 1
            saved = session.cases.log_session(
                Session(reference, CASE_DAY, 50, "phone", "emotional_support", note=f"b {n}")
            )
            report(f"s:{saved.id}")
        done = service.backup_now(folder, silent())
        report(f"b:{done.generation}:{done.folder.name}")


def _verifies(backup: Path) -> str | None:
    try:
        verify_backup(backup, with_credentials(Credentials(USER, PASSPHRASE), None), USER, silent())
    except VaultError as exc:
        return f"{backup.name} does not verify: {exc.user_message}"
    return None


def _restores(entry: listing.BackupEntry, scratch: Path) -> list[str]:
    """Restore ``entry`` into a new folder; it must open, pass check and hold its counts."""
    target = scratch / "restored"
    shutil.rmtree(target, ignore_errors=True)
    try:
        verified, _key = verify_backup(
            entry.folder, with_credentials(Credentials(USER, PASSPHRASE), None), USER, silent()
        )
        restore_files(verified, target)
        with access().unlock(target, USER, PASSPHRASE) as restored:
            report = restored.check()
            counts = record_counts(restored.vault.connection)
    except VaultError as exc:
        return [f"the newest backup {entry.folder.name} did not restore: {exc.user_message}"]
    finally:
        shutil.rmtree(target, ignore_errors=True)
    problems = [f"restored check: {i.name}: {i.detail}" for i in report.items if not i.ok]
    # the restore's own unlock may add bookkeeping (audit), never records
    if {k: v for k, v in counts.items() if k != "audit_log"} != {
        k: v for k, v in entry.manifest.counts.items() if k != "audit_log"
    }:
        problems.append(f"the restored {entry.folder.name} does not hold its manifest's counts")
    return problems


def verify(session: VaultSession, reported: Sequence[str]) -> Verdict:
    global _verified
    _verified += 1
    conn = session.vault.connection
    stored = {str(row[0]) for row in conn.execute("SELECT id FROM sessions")}
    lost = sum(t[2:] not in stored for t in reported if t.startswith("s:"))
    folder = backups_folder(session)
    entries = listing.list_backups(folder, session.vault.vault_id)
    listed = {e.folder.name for e in entries}
    newest = entries[0].manifest.generation if entries else 0
    problems: list[str] = []
    finished = [t.split(":", 2) for t in reported if t.startswith("b:")]
    for _b, number, name in finished:
        if name not in listed and int(number) >= newest:
            problems.append(f"finished backup {name} is gone and no newer one replaced it")
    last = status.last_ok(conn)
    if finished and (last is None or last.generation < max(int(f[1]) for f in finished)):
        lost += 1  # the vault forgot a backup it had recorded as finished
    if BackupService(session.ctx).rollback_status().rolled_back:
        problems.append("a rollback is suspected after a kill (the generations disagree)")
    problems += [p for e in entries if (p := _verifies(e.folder))]
    if entries and _verified % RESTORE_EVERY == 0:
        problems += _restores(entries[0], folder.parent)
    return Verdict(lost=lost, problems=tuple(problems))


SCENARIO = Scenario("backups", prepare_case, child, verify, max_delay=0.6)
