"""Device binding: a copied vault needs the device's keyring secret, or the recovery key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import keyring.backends.fail
import keyring.backends.null
import pytest

from survivorapp.vault import keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from survivorapp.vault.errors import (
    CredentialsNotRecognised,
    DeviceBindingUnavailable,
    DeviceSecretMissing,
)
from survivorapp.vault.secret_store import SERVICE_NAME, KeyringSecretStore
from tests.support.files import files_containing, snapshot
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vault_layer import new_vault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault


@pytest.fixture
def bound_vault(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "bound"
    recovery = new_vault(folder, device_binding=True)
    return folder, recovery


def _other_machine() -> KeyringSecretStore:
    """Another computer: its keyring does not hold this vault's device secret."""
    return KeyringSecretStore(MemoryKeyring())


def test_bound_vault_keeps_its_secret_in_the_keyring_only(
    bound_vault: tuple[Path, str], memory_keyring: MemoryKeyring
) -> None:
    folder, _ = bound_vault
    slots = keyslots.load(folder / "keyslots.json")
    assert slots.device_bound and all(s.device_bound for s in slots.slots if s.kind == "passphrase")
    secret = memory_keyring.items[(SERVICE_NAME, slots.vault_id)]
    assert files_containing(folder, [secret.encode(), __import__("base64").b64decode(secret)]) == []
    with vault_ops.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.user == ADMIN


def test_copied_to_another_machine_needs_the_recovery_key(
    bound_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery = bound_vault
    copy = copy_vault(folder, tmp_path / "elsewhere")
    elsewhere = _other_machine()
    before = snapshot(copy)
    with pytest.raises(DeviceSecretMissing) as caught:
        vault_ops.unlock(copy, ADMIN, ADMIN_PASSPHRASE, secret_store=elsewhere)
    assert "recovery key" in caught.value.user_message
    assert snapshot(copy) == before
    with vault_ops.unlock_with_recovery(copy, recovery, secret_store=elsewhere) as session:
        assert check_vault(session).ok
        # no device secret here, so no new passphrase slot can be made either
        with pytest.raises(DeviceSecretMissing):
            session.add_user("bob", "bob keeps his own secret")


def test_a_different_device_secret_does_not_open_it(
    bound_vault: tuple[Path, str], memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    folder, _ = bound_vault
    copy = copy_vault(folder, tmp_path / "elsewhere")
    vault_id = keyslots.load(copy / "keyslots.json").vault_id
    impostor = MemoryKeyring()
    impostor.set_password(SERVICE_NAME, vault_id, "A" * 43 + "=")
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(copy, ADMIN, ADMIN_PASSPHRASE, secret_store=KeyringSecretStore(impostor))


def test_editing_the_json_does_not_remove_the_binding(
    bound_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = bound_vault
    copy = copy_vault(folder, tmp_path / "elsewhere")
    path = copy / "keyslots.json"
    data = json.loads(path.read_text())
    data["device_bound"] = False
    path.write_text(json.dumps(data))
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(copy, ADMIN, ADMIN_PASSPHRASE, secret_store=_other_machine())
    for slot in data["slots"]:
        slot["device_bound"] = False
        slot["checksum"] = keyslots._checksum({k: v for k, v in slot.items() if k != "checksum"})
    path.write_text(json.dumps(data))
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(copy, ADMIN, ADMIN_PASSPHRASE, secret_store=_other_machine())


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()],
    ids=["fail", "null"],
)
def test_binding_is_refused_without_a_system_keyring(
    tmp_path: Path, backend: keyring.backend.KeyringBackend
) -> None:
    store = KeyringSecretStore(backend)
    assert not store.is_system_store
    folder = tmp_path / "vault"
    with pytest.raises(DeviceBindingUnavailable) as caught:
        new_vault(folder, device_binding=True, secret_store=store)
    assert "passphrases only" in caught.value.user_message
    assert not folder.exists() or not any(folder.iterdir())
    assert not list(tmp_path.rglob("*keyslots*"))


def test_without_binding_the_vault_works_passphrase_only(tmp_path: Path) -> None:
    store = KeyringSecretStore(keyring.backends.fail.Keyring())
    folder = tmp_path / "vault"
    new_vault(folder, secret_store=store)
    copy = copy_vault(folder, tmp_path / "copy")
    shutil.rmtree(folder)
    with vault_ops.unlock(copy, ADMIN, ADMIN_PASSPHRASE, secret_store=store) as session:
        assert session.is_open
