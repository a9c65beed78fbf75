"""The database file is useless without the data key."""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from survivorapp.vault import vault as vault_ops
from survivorapp.vault.connection import open_database
from survivorapp.vault.errors import DatabaseDamaged
from tests.support.files import snapshot
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def test_plain_sqlite_cannot_read_the_database(vault_dir: Path) -> None:
    before = snapshot(vault_dir)
    conn = sqlite3.connect(f"file:{vault_dir / 'cases.db'}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        conn.close()
    assert snapshot(vault_dir) == before
    assert not (vault_dir / "cases.db").read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize(
    "pragma",
    [
        f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"",
        f"PRAGMA key = '{ADMIN_PASSPHRASE}'",
        "PRAGMA key = \"x'{}'\"".format("00" * 32),
        "",
    ],
    ids=["random raw key", "the passphrase as key", "all-zero raw key", "no key"],
)
def test_sqlcipher_with_a_wrong_key_cannot_read_it(vault_dir: Path, pragma: str) -> None:
    before = snapshot(vault_dir)
    conn = sqlcipher3.connect(str(vault_dir / "cases.db"))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if pragma:
            conn.execute(pragma)
        with pytest.raises(sqlcipher3.DatabaseError, match="not a database"):
            conn.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        conn.close()
    assert snapshot(vault_dir) == before


def test_open_database_with_wrong_key_is_a_plain_error(
    vault_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(vault_dir)
    with pytest.raises(DatabaseDamaged):
        open_database(vault_dir / "cases.db", secrets.token_bytes(32))
    assert snapshot(vault_dir) == before
    out, err = capfd.readouterr()
    assert err == "" and out == "", "SQLCipher's own log must be silenced"


def test_the_right_key_reads_it(vault_dir: Path) -> None:
    """The negative tests above mean something only if the right raw key does open it."""
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        key = bytes(session._data_key)
    conn = sqlcipher3.connect(str(vault_dir / "cases.db"))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
        assert "vault_meta" in names
    finally:
        conn.close()
