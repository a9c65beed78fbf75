"""Numbered migrations: copied aside first, applied in one transaction, version stored."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlcipher3

from survivorapp.vault import migrations
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from survivorapp.vault.errors import MigrationFailed, VaultTooNew
from survivorapp.vault.migrations import Migration
from tests.support.files import snapshot
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def _raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _data_key(folder: Path) -> bytes:
    with vault_ops.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        with session.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS notes(body TEXT)")
            conn.execute("INSERT INTO notes VALUES ('kept through the upgrade')")
        return bytes(session._data_key)


def _with_extra(monkeypatch: pytest.MonkeyPatch, *statements: str) -> int:
    real = migrations.all_migrations()
    extra = Migration(len(real) + 1, f"m{len(real) + 1:04d}_test", tuple(statements))
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, extra])
    return extra.version


def test_the_shipped_migrations_are_numbered_and_a_new_vault_is_current(vault_dir: Path) -> None:
    steps = migrations.all_migrations()
    assert [m.version for m in steps] == list(range(1, len(steps) + 1))
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert migrations.schema_version(session.connection) == migrations.latest_version()
    assert not list(vault_dir.glob("cases.db.before-*"))


def test_upgrade_copies_the_encrypted_file_aside_first(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = _data_key(vault_dir)
    old_version = migrations.latest_version()
    new_version = _with_extra(
        monkeypatch, "CREATE TABLE later(x TEXT)", "INSERT INTO later VALUES ('y')"
    )

    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        conn = session.connection
        assert migrations.schema_version(conn) == new_version
        assert conn.execute("SELECT x FROM later").fetchall() == [("y",)]
        assert check_vault(session).ok

    copy = vault_dir / f"cases.db.before-v{new_version}"
    assert copy.is_file()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    old = _raw(copy, key)
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert old.execute("SELECT body FROM notes").fetchall() == [("kept through the upgrade",)]
        assert "later" not in [r[0] for r in old.execute("SELECT name FROM sqlite_master")]
    finally:
        old.close()


def test_failed_migration_changes_nothing_and_keeps_the_copy(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = _data_key(vault_dir)
    old_version = migrations.latest_version()
    _with_extra(monkeypatch, "CREATE TABLE half_done(x)", "INSERT INTO no_such_table VALUES (1)")
    with pytest.raises(MigrationFailed) as caught:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert "Nothing was changed" in caught.value.user_message
    del caught
    conn = _raw(vault_dir / "cases.db", key)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
        assert "half_done" not in names
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 1
    finally:
        conn.close()
    assert (vault_dir / f"cases.db.before-v{old_version + 1}").is_file()


def test_vault_from_a_newer_program_is_refused_untouched(vault_dir: Path) -> None:
    key = _data_key(vault_dir)
    conn = _raw(vault_dir / "cases.db", key)
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 5}")
    conn.close()
    before = snapshot(vault_dir)
    with pytest.raises(VaultTooNew) as caught:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert "newer version" in caught.value.user_message
    assert snapshot(vault_dir) == before
    assert not list(vault_dir.glob("cases.db.before-*"))
