"""No plaintext on disk: not case data, not the passphrase, not the recovery key, not the key."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from survivorapp.vault import migrations
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.migrations import Migration
from tests.conftest import TemplateVault
from tests.support.files import encodings_of, files_containing
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def _marker() -> str:
    return f"SURVIVOR-MARKER-{secrets.token_hex(8)}"


def _write_marked_rows(session_vault: object, marker: str) -> None:
    with session_vault.transaction() as conn:  # type: ignore[attr-defined]
        conn.execute(
            "CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT, raw BLOB)"
        )
        conn.execute("CREATE INDEX IF NOT EXISTS notes_body ON notes(body)")
        for i in range(50):
            conn.execute(
                "INSERT INTO notes(body, raw) VALUES (?, ?)",
                (f"{marker} row {i} " + "x" * 200, marker.encode("utf-16-le")),
            )


def _secrets_of(marker: str, recovery_key: str, data_key: bytes) -> list[bytes]:
    needles = encodings_of(marker) + encodings_of(ADMIN_PASSPHRASE)
    needles += encodings_of(recovery_key) + encodings_of(recovery_key.replace("-", ""))
    needles += [data_key, data_key.hex().encode(), data_key.hex().upper().encode()]
    return needles


def test_nothing_readable_while_open_with_wal_present(
    vault_dir: Path, template_vault: TemplateVault
) -> None:
    marker = _marker()
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        _write_marked_rows(session, marker)
        data_key = bytes(session._data_key)
        wal = vault_dir / "cases.db-wal"
        assert wal.exists() and wal.stat().st_size > 0, "the rows should still be in the WAL"
        assert (vault_dir / "cases.db-shm").exists()
        # rows really were written, and can be read back through the key
        count = session.connection.execute(
            "SELECT count(*) FROM notes WHERE body LIKE ?", (f"{marker}%",)
        ).fetchone()[0]
        assert count == 50
        assert (
            files_containing(vault_dir, _secrets_of(marker, template_vault.recovery_key, data_key))
            == []
        )
    assert (
        files_containing(vault_dir, _secrets_of(marker, template_vault.recovery_key, data_key))
        == []
    )


def test_nothing_readable_after_close_including_migration_copies(
    vault_dir: Path,
    template_vault: TemplateVault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = _marker()
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        _write_marked_rows(session, marker)
        data_key = bytes(session._data_key)
        session.add_user("bob", "bob has a long passphrase")
    real = migrations.all_migrations()
    extra = Migration(len(real) + 1, "m_test_extra", ("CREATE TABLE later(x TEXT)",))
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, extra])
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        _write_marked_rows(session, marker)
    copies = list(vault_dir.glob("cases.db.before-v*"))
    assert copies, "the migration should have copied the database aside"
    names = {p.name for p in vault_dir.iterdir()}
    assert {"cases.db", "keyslots.json", "vault.lock"} <= names
    needles = _secrets_of(marker, template_vault.recovery_key, data_key)
    needles += encodings_of("bob has a long passphrase")
    assert files_containing(vault_dir, needles) == []
    # and the marker is really in there, behind the key
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        rows = session.connection.execute(
            "SELECT count(*) FROM notes WHERE body LIKE ?", (f"{marker}%",)
        ).fetchone()
        assert rows[0] == 100


def test_scanner_would_find_a_marker(tmp_path: Path) -> None:
    """Guard against a scan that can never fail."""
    marker = _marker()
    (tmp_path / "f").write_bytes(b"prefix" + marker.encode("utf-16-le") + b"suffix")
    assert files_containing(tmp_path, encodings_of(marker))
