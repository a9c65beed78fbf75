"""Backups with real SQLCipher files: round trip, consistency under writes, who can open them,
the generation counter and rollback, rotation and the restore drill."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from survivorapp.domain.progress import Progress, ProgressReport, silent
from survivorapp.services.access import VaultAccess
from survivorapp.services.backups import run_drill
from survivorapp.services.restore import Credentials, RestoreService
from survivorapp.vault import keyslots, migrations
from survivorapp.vault.backups.errors import (
    BackupCredentialsNotRecognised,
    RestoreNeedsConfirmation,
    RestoreTargetNotEmpty,
)
from survivorapp.vault.backups.listing import BackupEntry, list_backups, to_keep
from survivorapp.vault.backups.manifest import Manifest
from survivorapp.vault.backups.snapshot import SnapshotRequest, take_snapshot
from tests.support.backups import back_up, digest_tree, filled, filled_template, open_admin
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

__all__ = ["filled", "filled_template"]  # fixtures used below
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vaults"
BOB_PASSPHRASE = "bob keeps a passphrase of his own"


def test_backup_restores_with_every_count_and_a_healthy_check(
    filled: Path, filled_template: tuple[Path, str], tmp_path: Path, access: VaultAccess
) -> None:
    done = back_up(access, filled, tmp_path / "backups")
    assert sorted(p.name for p in done.folder.iterdir()) == [
        "cases.db",
        "keyslots.json",
        "manifest.json",
    ]
    assert done.counts["cases"] == 6 and done.generation == 1
    result = RestoreService(access).restore(
        done.folder,
        tmp_path / "restored",
        Credentials(recovery_key=filled_template[1]),
        silent(),
    )
    assert result.check.ok, [(i.name, i.detail) for i in result.check.items if not i.ok]
    with open_admin(access, tmp_path / "restored") as session:
        assert len(session.cases.caseload_ids()) == 6
        actions = [e.action for e in session.audit.recent(10)]
    assert "restore" in actions


def test_a_passphrase_valid_when_taken_opens_the_backup_after_it_is_removed(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    with open_admin(access, filled) as session:
        session.add_user("bob", BOB_PASSPHRASE)
    done = back_up(access, filled, tmp_path / "backups")
    with open_admin(access, filled) as session:
        session.remove_user("bob")
    verified = RestoreService(access).verify(
        done.folder, Credentials("bob", BOB_PASSPHRASE), silent()
    )
    assert verified.manifest.generation == done.generation
    with pytest.raises(BackupCredentialsNotRecognised):
        RestoreService(access).verify(
            done.folder, Credentials("bob", "not his passphrase"), silent()
        )


def test_a_snapshot_taken_while_sessions_are_saved_is_consistent(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    """The copy runs on its own thread and connection; the vault's own connection keeps
    committing meanwhile, and the manifest (read from the copy) matches the copy exactly."""
    folder = tmp_path / "backups"
    folder.mkdir()
    reports: list[ProgressReport] = []
    with open_admin(access, filled) as session:
        request = session.backups.begin()
        conn = session.vault.connection
        with session.vault.transaction() as c:
            c.execute("CREATE TABLE scratch(n INTEGER PRIMARY KEY)")
        result: dict[str, Path] = {}
        worker = threading.Thread(
            target=lambda: result.setdefault(
                "made", take_snapshot(request, folder, Progress(reports.append))
            )
        )
        worker.start()
        written = 0
        while worker.is_alive() or written < 20:
            with session.vault.transaction():
                conn.execute("INSERT INTO scratch DEFAULT VALUES")
            written += 1
        worker.join()
        session.backups.finish(request, result["made"])
    assert reports and reports[-1].step == "Writing the manifest"
    verified = RestoreService(access).verify(
        result["made"], Credentials(ADMIN, ADMIN_PASSPHRASE), silent()
    )
    assert 0 <= verified.manifest.counts["scratch"] <= written


def test_putting_back_an_older_database_is_noticed_audited_and_fails_check(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    back_up(access, filled, tmp_path / "backups")
    old_db = (filled / "cases.db").read_bytes()
    back_up(access, filled, tmp_path / "backups")
    (filled / "cases.db").write_bytes(old_db)
    with open_admin(access, filled) as session:
        assert session.rollback_warning is not None
        assert "generation 1" in session.rollback_warning
        assert "rollback_suspected" in [e.action for e in session.audit.recent(5)]
        warning = session.backups.status(tmp_path / "backups").warning
        assert warning is not None and warning.startswith("Check this vault")
        report = session.check()
    failed = [i for i in report.items if not i.ok]
    # The audit checkpoint written at the last lock also sees the older database's shorter log.
    assert [i.name for i in failed] == ["backup generation", "checkpoint"]


def test_a_vault_without_rollback_opens_quietly(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    back_up(access, filled, tmp_path / "backups")
    with open_admin(access, filled) as session:
        assert session.rollback_warning is None
        assert session.check().ok


def test_restoring_an_older_backup_says_what_is_lost_and_needs_a_yes(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    older = back_up(access, filled, tmp_path / "backups")
    with open_admin(access, filled) as session, session.vault.transaction() as conn:
        conn.execute("DELETE FROM tasks WHERE rowid IN (SELECT rowid FROM tasks LIMIT 1)")
    newer = back_up(access, filled, tmp_path / "backups")
    service = RestoreService(access)
    creds = Credentials(ADMIN, ADMIN_PASSPHRASE)
    with pytest.raises(RestoreNeedsConfirmation) as caught:
        service.restore(older.folder, tmp_path / "r1", creds, silent())
    assert "would lose" in caught.value.user_message
    assert f"generation {newer.generation}" in caught.value.user_message
    assert not (tmp_path / "r1").exists()
    service.restore(older.folder, tmp_path / "r1", creds, silent(), confirmed=True)
    (tmp_path / "b2").mkdir()
    with open_admin(access, tmp_path / "r1") as session:  # numbered after every backup seen
        assert session.backups.rollback_status().seen == newer.generation
        assert session.backups.backup_now(tmp_path / "b2", silent()).generation > newer.generation


def test_restore_never_writes_into_a_folder_that_holds_anything(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    done = back_up(access, filled, tmp_path / "backups")
    with pytest.raises(RestoreTargetNotEmpty):
        RestoreService(access).restore(
            done.folder, filled, Credentials(ADMIN, ADMIN_PASSPHRASE), silent()
        )


def test_an_older_schemas_backup_is_migrated_on_restore(
    tmp_path: Path, access: VaultAccess
) -> None:
    vault = shutil.copytree(FIXTURES / "schema-v5", tmp_path / "old")
    passphrase = "fixture vault passphrase"
    slots = keyslots.load(vault / "keyslots.json")
    slot = slots.user_slot("admin")
    assert slot is not None
    key = keyslots.open_slot(
        slot,
        slots.vault_id,
        keyslots.passphrase_wrapping_key(passphrase, slot, slots.vault_id, None),
    )
    assert key is not None
    (tmp_path / "backups").mkdir()
    request = SnapshotRequest(vault, slots.vault_id, key, "admin", 0, "0.0.1", datetime.now(UTC))
    made = take_snapshot(request, tmp_path / "backups", silent())
    result = RestoreService(access).restore(
        made, tmp_path / "new", Credentials("admin", passphrase), silent()
    )
    assert result.manifest.schema_version == 5
    assert result.check.ok
    assert (tmp_path / "new" / "cases.db.before-v6").exists()
    with access.unlock(tmp_path / "new", "admin", passphrase) as session:
        assert migrations.schema_version(session.vault.connection) == migrations.latest_version()


def test_the_restore_drill_restores_compares_deletes_and_audits(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    back_up(access, filled, tmp_path / "backups")
    before = set(Path("/tmp").glob("survivorapp-drill-*"))
    with open_admin(access, filled) as session:
        vault_id, key = session.backups.drill_inputs()
        result = session.backups.record_drill(
            run_drill(tmp_path / "backups", vault_id, key, silent())
        )
        assert "restore_drill" in [e.action for e in session.audit.recent(3)]
    assert result.ok, result.problem
    assert "verified and deleted again" in result.summary
    assert set(Path("/tmp").glob("survivorapp-drill-*")) == before


def test_a_failed_backup_leaves_the_vault_and_earlier_backups_untouched(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    back_up(access, filled, tmp_path / "backups")
    earlier = digest_tree(tmp_path / "backups")
    with open_admin(access, filled) as session:
        status = session.backups.status(tmp_path / "backups")
        assert status.warning is None and status.summary == "Last backup today"
        with pytest.raises(Exception, match="cannot be found"):
            session.backups.backup_now(tmp_path / "no such folder", silent())
        status = session.backups.status(tmp_path / "backups")
        assert status.warning is not None and status.warning.startswith("The last backup failed")
    assert digest_tree(tmp_path / "backups") == earlier
    with open_admin(access, filled) as session:
        assert session.check().ok


def _entry(day: datetime) -> BackupEntry:
    manifest = Manifest("v" * 32, 10, "0.1.0", day.isoformat(), "admin", 1)
    return BackupEntry(Path(f"/b/{day:%Y%m%d%H}"), manifest)


def test_rotation_keeps_seven_daily_four_weekly_twelve_monthly() -> None:
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    entries = [_entry(start + timedelta(days=d, hours=h)) for d in range(400) for h in (0, 8)]
    keep = to_keep(entries)
    newest = max(entries, key=lambda e: e.created)
    assert newest.folder in keep
    days = sorted({e.created.date() for e in entries if e.folder in keep}, reverse=True)
    last = newest.created.date()
    assert days[:7] == [last - timedelta(days=n) for n in range(7)]
    assert len(keep) <= 7 + 4 + 12
    months = {(d.year, d.month) for d in days}
    assert len(months) == 12
    assert to_keep(entries, daily=1, weekly=0, monthly=0) == {newest.folder}


def test_listing_ignores_unfinished_backups(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    done = back_up(access, filled, tmp_path / "backups")
    partial = tmp_path / "backups" / f".{done.folder.name}.partial-abcd"
    shutil.copytree(done.folder, partial)
    assert [e.folder for e in list_backups(tmp_path / "backups")] == [done.folder]


def test_a_device_bound_vault_restored_on_a_new_computer_opens_with_passphrases(
    tmp_path: Path, access: VaultAccess
) -> None:
    """The backup carries the device secret sealed under the data key; a restore with the
    recovery key puts it in the new computer's keyring, so every passphrase works there."""
    from survivorapp.vault.secret_store import KeyringSecretStore
    from tests.support.keyring_backend import MemoryKeyring
    from tests.support.vaults import make_vault

    recovery = make_vault(tmp_path / "bound", access, device_binding=True)
    done = back_up(access, tmp_path / "bound", tmp_path / "backups")
    assert (done.folder / "device-secret.sealed").is_file()
    new_computer = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with pytest.raises(Exception, match="recovery key"):
        RestoreService(new_computer).verify(done.folder, ADMIN_CREDS_BOUND, silent())
    RestoreService(new_computer).restore(
        done.folder, tmp_path / "restored", Credentials(recovery_key=recovery), silent()
    )
    with new_computer.unlock(tmp_path / "restored", ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.check().ok


ADMIN_CREDS_BOUND = Credentials(ADMIN, ADMIN_PASSPHRASE)


def test_rotation_follows_the_organisations_settings(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    with open_admin(access, filled) as session:
        session.settings.set_many(
            {"backup_keep_daily": 1, "backup_keep_weekly": 0, "backup_keep_monthly": 0}
        )
        session.backups.backup_now(folder, silent())
        newest = session.backups.backup_now(folder, silent())
    assert newest.removed == 1
    assert [p.name for p in folder.iterdir()] == [newest.folder.name]


def test_each_backup_carries_a_signed_checkpoint_that_catches_a_cut_log_later(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    from survivorapp.services.context import AUDIT_KEY_PURPOSE
    from survivorapp.vault import audit_checkpoint
    from survivorapp.vault import vault as vault_ops
    from survivorapp.vault.audit import AuditLog

    done = back_up(access, filled, tmp_path / "backups")
    manifest = done.folder / "manifest.json"
    assert '"audit_checkpoint"' in manifest.read_text()
    with open_admin(access, filled) as session:
        assert session.check([manifest]).ok  # the live log agrees with the backup's witness
    # Someone holding the data key cuts the log's tail, fixes its head and deletes the
    # checkpoint beside the vault: the backup, kept elsewhere, still knows.
    with vault_ops.unlock(filled, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        log = AuditLog(
            raw.connection,
            raw.derive_subkey(AUDIT_KEY_PURPOSE),
            raw.vault_id,
            lambda: raw.user_keys,
        )
        keep = log.head()[0] - 5
        raw.connection.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
        raw.connection.execute(
            "UPDATE vault_meta SET value = ? WHERE key = 'audit_head'",
            (f"{keep}:{log.mac_at(keep)}",),
        )
    (filled / audit_checkpoint.FILE_NAME).unlink()
    with open_admin(access, filled) as session:
        failed = {i.name: i.detail for i in session.check([manifest]).items if not i.ok}
    # Later entries (this unlock's own) now sit where the cut ones were: either way it is caught.
    detail = failed["checkpoint manifest.json"]
    assert "the log was rewritten" in detail or "entries were removed from the end" in detail


def test_the_manifest_records_the_release_register_head(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    done = back_up(access, filled, tmp_path / "backups")
    heads = json.loads((done.folder / "manifest.json").read_text())["heads"]
    assert heads["release_register"] == "0" * 64  # nothing released yet
    assert set(heads) == {"audit_chain", "release_register"}


def test_a_rotation_stopped_while_deleting_never_leaves_a_backup_that_looks_complete(
    filled: Path, tmp_path: Path, access: VaultAccess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the backups soak (3 kills in 250): rotation deleted an old backup file by file
    in place, so a kill after some of its files went but before its manifest did left a listed
    "backup" that could not be verified or restored. The deletion stops here after the
    database, as a kill would."""
    from survivorapp.vault.backups import listing

    def stopped_half_way(path: Path) -> None:
        (Path(path) / "cases.db").unlink()
        raise OSError("stopped")

    folder = tmp_path / "backups"
    folder.mkdir()
    with open_admin(access, filled) as session:
        session.settings.set_many(
            {"backup_keep_daily": 1, "backup_keep_weekly": 0, "backup_keep_monthly": 0}
        )
        session.backups.backup_now(folder, silent())
        monkeypatch.setattr(listing.shutil, "rmtree", stopped_half_way)
        newest = session.backups.backup_now(folder, silent())
    assert [e.folder for e in list_backups(folder)] == [newest.folder]
