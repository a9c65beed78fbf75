"""Create, unlock, lock, users and passphrases, against real SQLCipher files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from survivorapp.vault import keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from survivorapp.vault.create import create_vault
from survivorapp.vault.errors import (
    CredentialsNotRecognised,
    InvalidPassphrase,
    LastUserRemains,
    NotAVault,
    UserNotFound,
    VaultAlreadyExists,
    VaultLocked,
)
from survivorapp.vault.kdf import KdfParams
from tests.conftest import TemplateVault
from tests.support.files import sha256
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

NEW_PASSPHRASE = "purple elephants dance slowly"
BOB_PASSPHRASE = "bob keeps his own secret"


def _slot_json(folder: Path, user: str | None) -> dict[str, object]:
    data = json.loads((folder / "keyslots.json").read_text())
    return next(s for s in data["slots"] if s["user"] == user)


def test_unlock_then_lock_drops_key_and_connection(vault_dir: Path) -> None:
    session = vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    vault = session
    assert session.user == ADMIN
    assert vault.connection.execute("SELECT value FROM vault_meta WHERE key='vault_id'").fetchone()
    session.lock()
    assert not session.is_open
    assert bytes(vault._data_key) == b"\x00" * len(vault._data_key)
    with pytest.raises(VaultLocked):
        _ = vault.connection
    with pytest.raises(VaultLocked):
        vault.derive_subkey("audit")
    assert not (vault_dir / "cases.db-wal").exists()


def test_user_names_are_case_and_space_insensitive(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, "  ADMIN ", ADMIN_PASSPHRASE) as session:
        assert session.user == ADMIN


def test_create_refuses_existing_vault_and_weak_passphrase(vault_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(VaultAlreadyExists):
        create_vault(vault_dir, ADMIN, ADMIN_PASSPHRASE, kdf_params=KdfParams())
    with pytest.raises(InvalidPassphrase):
        create_vault(tmp_path / "new", ADMIN, "short", kdf_params=KdfParams())
    assert not (tmp_path / "new" / "keyslots.json").exists()


def test_unlock_of_a_folder_that_is_not_a_vault(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotAVault):
        vault_ops.unlock(tmp_path / "empty", ADMIN, ADMIN_PASSPHRASE)
    with pytest.raises(NotAVault):
        vault_ops.unlock(tmp_path / "absent", ADMIN, ADMIN_PASSPHRASE)


def test_unknown_user_and_wrong_passphrase_are_indistinguishable(vault_dir: Path) -> None:
    with pytest.raises(CredentialsNotRecognised) as unknown:
        vault_ops.unlock(vault_dir, "mallory", ADMIN_PASSPHRASE)
    with pytest.raises(CredentialsNotRecognised) as wrong:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE + "!")
    assert type(unknown.value) is type(wrong.value)
    assert unknown.value.user_message == wrong.value.user_message
    assert str(unknown.value) == str(wrong.value)
    assert "mallory" not in str(unknown.value)


def test_change_passphrase_rewrites_one_slot_and_only_its_commitment(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("bob", BOB_PASSPHRASE)
    assert not (vault_dir / "cases.db-wal").exists()
    db_before = sha256(vault_dir / "cases.db")
    bob_before = _slot_json(vault_dir, "bob")
    recovery_before = _slot_json(vault_dir, None)
    admin_before = _slot_json(vault_dir, ADMIN)

    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        with pytest.raises(CredentialsNotRecognised):
            session.change_passphrase(ADMIN, "not the old one at all", NEW_PASSPHRASE)
        session.change_passphrase(ADMIN, ADMIN_PASSPHRASE, NEW_PASSPHRASE)
    assert not (vault_dir / "cases.db-wal").exists()

    assert sha256(vault_dir / "cases.db") != db_before  # the slot's new commitment, no more
    assert _slot_json(vault_dir, "bob") == bob_before
    assert _slot_json(vault_dir, None) == recovery_before
    admin_after = _slot_json(vault_dir, ADMIN)
    assert admin_after["wrapped_key"] != admin_before["wrapped_key"]
    assert admin_after["salt"] != admin_before["salt"]

    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    with vault_ops.unlock(vault_dir, ADMIN, NEW_PASSPHRASE) as session:
        assert session.is_open
        assert check_vault(session).ok, check_vault(session).items


def test_change_passphrase_refuses_a_weak_new_one(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        before = (vault_dir / "keyslots.json").read_bytes()
        with pytest.raises(InvalidPassphrase):
            session.change_passphrase(ADMIN, ADMIN_PASSPHRASE, "aaaaaaaaaaaa")
        assert (vault_dir / "keyslots.json").read_bytes() == before


def test_recovery_key_resets_a_forgotten_passphrase(
    vault_dir: Path, template_vault: TemplateVault
) -> None:
    vault_ops.reset_passphrase_with_recovery(
        vault_dir, template_vault.recovery_key, ADMIN, NEW_PASSPHRASE
    )
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    with vault_ops.unlock(vault_dir, ADMIN, NEW_PASSPHRASE) as session:
        assert session.user == ADMIN
        assert check_vault(session).ok, check_vault(session).items


def test_recovery_reset_for_unknown_user_is_refused(
    vault_dir: Path, template_vault: TemplateVault
) -> None:
    before = (vault_dir / "keyslots.json").read_bytes()
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.reset_passphrase_with_recovery(
            vault_dir, template_vault.recovery_key, "nobody", NEW_PASSPHRASE
        )
    assert (vault_dir / "keyslots.json").read_bytes() == before


def test_recovery_unlock_opens_without_a_user(
    vault_dir: Path, template_vault: TemplateVault
) -> None:
    with vault_ops.unlock_with_recovery(vault_dir, template_vault.recovery_key) as session:
        assert session.user is None
        assert check_vault(session).ok


def test_removed_user_can_no_longer_unlock(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("bob", BOB_PASSPHRASE)
        assert sorted(session.users()) == [ADMIN, "bob"]
    with vault_ops.unlock(vault_dir, "bob", BOB_PASSPHRASE) as session:
        session.remove_user(ADMIN)
        with pytest.raises(LastUserRemains):
            session.remove_user("bob")
        with pytest.raises(UserNotFound):
            session.remove_user("nobody")
        assert session.users() == ["bob"]
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    data = json.loads((vault_dir / "keyslots.json").read_text())
    assert all(s["user"] != ADMIN for s in data["slots"])


def test_files_and_folder_are_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "new-vault"
    created = create_vault(folder, ADMIN, ADMIN_PASSPHRASE, kdf_params=KdfParams())
    try:
        with created.vault.transaction() as conn:
            conn.execute("CREATE TABLE notes(body TEXT)")
            conn.execute("INSERT INTO notes VALUES ('x')")
        assert (folder / "cases.db-wal").exists()
        for name in ("cases.db", "cases.db-wal", "cases.db-shm", "keyslots.json"):
            mode = stat.S_IMODE((folder / name).stat().st_mode)
            assert mode == 0o600, f"{name} is {oct(mode)}"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        created.vault.add_user("bob", BOB_PASSPHRASE)
        assert stat.S_IMODE((folder / "keyslots.json").stat().st_mode) == 0o600
        assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    finally:
        created.vault.lock()


def test_slot_file_round_trips(vault_dir: Path) -> None:
    loaded = keyslots.load(vault_dir / "keyslots.json")
    assert loaded.users() == [ADMIN]
    assert loaded.recovery_slot() is not None
    assert not loaded.damaged
