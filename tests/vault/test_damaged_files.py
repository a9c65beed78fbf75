"""Damaged or missing vault files: a specific, plain error, and nothing on disk changes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from survivorapp.vault import vault as vault_ops
from survivorapp.vault.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    KeySlotsDamaged,
    KeySlotsMissing,
    KeySlotsUnsupported,
    VaultError,
)
from tests.conftest import TemplateVault
from tests.support.files import snapshot
from tests.support.vault_layer import new_vault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

LIBRARY_JARGON = ("file is not a database", "malformed", "sqlite", "sqlcipher", "Traceback")


def _assert_plain(error: VaultError) -> None:
    message = error.user_message
    assert message and message == str(error)
    assert not any(j.lower() in message.lower() for j in LIBRARY_JARGON)


def _edit_json(path: Path, edit: Callable[[dict[str, object]], None]) -> None:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))


def _set_version(data: dict[str, object]) -> None:
    data["version"] = 99


def _drop_slots(data: dict[str, object]) -> None:
    data["slots"] = []


def _wrong_format(data: dict[str, object]) -> None:
    data["format"] = "something-else"


KEYSLOT_DAMAGE: dict[str, tuple[Callable[[Path], None], type[VaultError]]] = {
    "missing": (lambda p: p.unlink(), KeySlotsMissing),
    "empty": (lambda p: p.write_bytes(b""), KeySlotsDamaged),
    "truncated": (
        lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
        KeySlotsDamaged,
    ),
    "not json": (lambda p: p.write_bytes(b"\x00\xffnot json at all"), KeySlotsDamaged),
    "json list": (lambda p: p.write_text("[1, 2, 3]"), KeySlotsDamaged),
    "unknown version": (lambda p: _edit_json(p, _set_version), KeySlotsUnsupported),
    "no slots": (lambda p: _edit_json(p, _drop_slots), KeySlotsDamaged),
    "other format": (lambda p: _edit_json(p, _wrong_format), KeySlotsDamaged),
    "huge": (lambda p: p.write_bytes(b" " * (2 * 1024 * 1024)), KeySlotsDamaged),
}


@pytest.mark.parametrize("case", sorted(KEYSLOT_DAMAGE))
def test_damaged_keyslots_give_specific_error_and_change_nothing(
    vault_dir: Path, template_vault: TemplateVault, case: str
) -> None:
    damage, expected = KEYSLOT_DAMAGE[case]
    damage(vault_dir / "keyslots.json")
    before = snapshot(vault_dir)
    with pytest.raises(expected) as caught:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    _assert_plain(caught.value)
    with pytest.raises(expected):
        vault_ops.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    assert snapshot(vault_dir) == before
    if case == "unknown version":
        assert "99" in caught.value.user_message


def _truncate_to(size: int) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        with path.open("r+b") as handle:
            handle.truncate(size)

    return cut


def _half(path: Path) -> None:
    _truncate_to(path.stat().st_size // 2)(path)


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


DATABASE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated to nothing": _truncate_to(0),
    "truncated to 100 bytes": _truncate_to(100),
    "truncated to one page": _truncate_to(4096),
    "truncated to half": _half,
    "random bytes": _random,
    "plain sqlite file": lambda p: p.write_bytes(_plain_sqlite_bytes(p.parent)),
}


def _plain_sqlite_bytes(folder: Path) -> bytes:
    import sqlite3

    other = folder.parent / "plain.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE vault_meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.commit()
    conn.close()
    return other.read_bytes()


@pytest.fixture
def bigger_vault(vault_dir: Path) -> Path:
    """The template vault with a few pages of data, so truncation cuts real pages."""
    with (
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session,
        session.transaction() as conn,
    ):
        conn.execute("CREATE TABLE notes(body TEXT)")
        conn.executemany("INSERT INTO notes VALUES (?)", [("n" * 900,)] * 60)
    return vault_dir


@pytest.mark.parametrize("case", sorted(DATABASE_DAMAGE))
def test_damaged_database_gives_specific_error_and_changes_nothing(
    bigger_vault: Path, template_vault: TemplateVault, case: str
) -> None:
    DATABASE_DAMAGE[case](bigger_vault / "cases.db")
    before = snapshot(bigger_vault)
    with pytest.raises(DatabaseDamaged) as caught:
        vault_ops.unlock_with_recovery(bigger_vault, template_vault.recovery_key)
    _assert_plain(caught.value)
    assert snapshot(bigger_vault) == before
    # the lock was released: the same error again, not "in use"
    with pytest.raises(DatabaseDamaged):
        vault_ops.unlock(bigger_vault, ADMIN, ADMIN_PASSPHRASE)
    assert snapshot(bigger_vault) == before


def test_missing_database(vault_dir: Path) -> None:
    (vault_dir / "cases.db").unlink()
    before = snapshot(vault_dir)
    with pytest.raises(DatabaseMissing) as caught:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    _assert_plain(caught.value)
    assert snapshot(vault_dir) == before
    assert not (vault_dir / "cases.db").exists()


def test_database_of_another_vault_is_refused(vault_dir: Path, other_vault: Path) -> None:
    (vault_dir / "cases.db").write_bytes((other_vault / "cases.db").read_bytes())
    before = snapshot(vault_dir)
    with pytest.raises(DatabaseDamaged):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert snapshot(vault_dir) == before


@pytest.fixture(scope="module")
def other_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("other") / "vault"
    new_vault(folder)
    return folder
