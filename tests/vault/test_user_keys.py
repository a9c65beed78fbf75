"""Each user's own key material in their key slot (key slot file format 2).

The per-user secret is what lets the audit log name its author (Ed25519) and a new data key be
wrapped for someone who is not present (X25519); see docs/vault-format.md, section 4.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from survivorapp.vault import keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.errors import CredentialsNotRecognised, SlotDamaged
from survivorapp.vault.kdf import KdfParams
from survivorapp.vault.recovery import parse_recovery_key
from survivorapp.vault.user_keys import UserKeys
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vaults"
FIXTURE_PASSPHRASE = "fixture vault passphrase"
BOB, BOB_PASS = "bob", "bob's own long passphrase"


def _raw(public: Any) -> bytes:
    return bytes(public.public_bytes(Encoding.Raw, PublicFormat.Raw))


def _slot(folder: Path, user: str) -> keyslots.Slot:
    slot = keyslots.load(folder / "keyslots.json").user_slot(user)
    assert slot is not None
    return slot


def _edit_slot(folder: Path, user: str | None, **changes: Any) -> None:
    """Change fields of one slot and recompute its checksum, as an attacker could."""
    path = folder / "keyslots.json"
    data = json.loads(path.read_text())
    slot = next(s for s in data["slots"] if s["user"] == user)
    slot.update(changes)
    slot["checksum"] = keyslots._checksum({k: v for k, v in slot.items() if k != "checksum"})
    path.write_text(json.dumps(data))


def test_a_new_vault_gives_each_user_their_own_keys(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as vault:
        admin_keys = vault.user_keys
        vault.add_user(BOB, BOB_PASS, params=KdfParams())
    admin_slot, bob_slot = _slot(vault_dir, ADMIN), _slot(vault_dir, BOB)
    assert admin_slot.public_keys == admin_keys.public
    assert bob_slot.public_keys is not None and bob_slot.public_keys != admin_keys.public
    assert _raw(admin_keys.signing_key.public_key()) == admin_slot.public_keys.signing
    assert _raw(admin_keys.exchange_key.public_key()) == admin_slot.public_keys.exchange
    with vault_ops.unlock(vault_dir, BOB, BOB_PASS) as vault:
        bob_keys = vault.user_keys
    assert bob_keys.public == bob_slot.public_keys
    # Signing: verifiable with the public key read from the slot, by anyone.
    signature = bob_keys.signing_key.sign(b"message")
    bob_slot.public_keys.signing_key().verify(signature, b"message")
    # Exchange: someone without Bob's passphrase agrees a key with Bob's public exchange key.
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(bob_slot.public_keys.exchange_key())
    assert bob_keys.exchange_key.exchange(ephemeral.public_key()) == shared
    stored = json.loads((vault_dir / "keyslots.json").read_text())
    assert stored["version"] == 2
    assert "secret" not in json.dumps(stored).replace("wrapped_secret", "").replace(
        "secret_nonce", ""
    )


def test_a_changed_passphrase_keeps_the_keys_a_reset_replaces_them(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as vault:
        original = vault.user_keys.public
        vault.change_passphrase(ADMIN, ADMIN_PASSPHRASE, "a brand new admin passphrase")
    with vault_ops.unlock(vault_dir, ADMIN, "a brand new admin passphrase") as vault:
        assert vault.user_keys.public == original
        vault.add_user(ADMIN, ADMIN_PASSPHRASE)  # a reset: the old secret is out of reach
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as vault:
        assert vault.user_keys.public != original
        assert _slot(vault_dir, ADMIN).public_keys == vault.user_keys.public


def test_a_recovery_session_signs_with_keys_from_the_recovery_key(
    vault_dir: Path, template_vault: Any
) -> None:
    recovery = template_vault.recovery_key
    with vault_ops.unlock_with_recovery(vault_dir, recovery) as vault:
        keys = vault.user_keys
        expected = UserKeys.from_recovery(parse_recovery_key(recovery), vault.vault_id)
    assert keys.public == expected.public
    recovery_slot = keyslots.load(vault_dir / "keyslots.json").recovery_slot()
    assert recovery_slot is not None and recovery_slot.public_keys == keys.public
    assert recovery_slot.wrapped_secret is None


def test_slots_written_before_version_2_get_their_keys_at_the_next_unlock(
    tmp_path: Path,
) -> None:
    folder = shutil.copytree(FIXTURES / "schema-v10", tmp_path / "old")
    old_text = (folder / "keyslots.json").read_text()
    assert json.loads(old_text)["version"] == 1
    with vault_ops.unlock(folder, "admin", FIXTURE_PASSPHRASE) as vault:
        keys = vault.user_keys.public
    upgraded = keyslots.load(folder / "keyslots.json")
    assert upgraded.version == 2
    assert (folder / "keyslots.json.before-v2").read_text() == old_text  # the old file is kept
    assert _slot(folder, "admin").public_keys == keys
    assert _slot(folder, "sam.isva").public_keys is None  # others: at their own next unlock
    assert upgraded.recovery_slot().public_keys is None  # type: ignore[union-attr]
    with vault_ops.unlock(folder, "admin", FIXTURE_PASSPHRASE) as vault:
        assert vault.user_keys.public == keys  # the same keys from now on
    recovery = (folder / "RECOVERY-KEY.txt").read_text().strip()
    with vault_ops.unlock_with_recovery(folder, recovery) as vault:
        recovery_keys = vault.user_keys.public
    assert keyslots.load(folder / "keyslots.json").recovery_slot().public_keys == recovery_keys  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "changes",
    [
        {"wrapped_key": "QUFB" * 15 + "QQ=="},  # 46 bytes, not 48
        {"salt": "QUFBQUFBQUFBQUFBQUFB"},  # 15 bytes, not 16
        {"device_bound": "false"},  # a string is not a boolean
        {"device_bound": 0},
        {"signing_public": "QUFB"},  # not 32 bytes
        {"wrapped_secret": None},
        {"kdf": {"algorithm": "argon2id", "memory_kib": 1024, "iterations": 1, "lanes": 1}},
    ],
    ids=["wrapped-46", "salt-15", "bound-str", "bound-int", "short-pub", "no-secret", "weak-kdf"],
)
def test_documented_field_checks_are_enforced_on_read(
    vault_dir: Path, changes: dict[str, Any]
) -> None:
    _edit_slot(vault_dir, ADMIN, **changes)
    assert keyslots.load(vault_dir / "keyslots.json").damaged
    with pytest.raises(SlotDamaged):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)


def test_swapped_public_keys_or_secrets_never_open(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as vault:
        vault.add_user(BOB, BOB_PASS, params=KdfParams())
    bob = json.loads((vault_dir / "keyslots.json").read_text())["slots"]
    bob_slot = next(s for s in bob if s["user"] == BOB)
    # Someone puts Bob's public keys into the admin's slot: the data key's tag refuses.
    _edit_slot(
        vault_dir,
        ADMIN,
        signing_public=bob_slot["signing_public"],
        exchange_public=bob_slot["exchange_public"],
    )
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    # Bob's wrapped secret copied into another slot does not open there either.
    _edit_slot(vault_dir, BOB, wrapped_secret=bob_slot["wrapped_key"])
    with pytest.raises(SlotDamaged):
        vault_ops.unlock(vault_dir, BOB, BOB_PASS)
