"""Tampering with keyslots.json: the checksum spots accidents, the GCM tag stops attackers."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from survivorapp.vault import keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.check import check_vault
from survivorapp.vault.errors import (
    CredentialsNotRecognised,
    DatabaseDamaged,
    RecoveryKeyNotRecognised,
    SlotDamaged,
    VaultError,
)
from tests.conftest import TemplateVault
from tests.support.files import snapshot
from tests.support.vault_layer import new_vault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

BOB_PASSPHRASE = "bob keeps his own secret"


@pytest.fixture(scope="module")
def other_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second vault with the same admin passphrase: its slots open, but to the wrong key."""
    folder = tmp_path_factory.mktemp("other") / "vault"
    new_vault(folder)
    return folder


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _tamper(
    path: Path, user: str | None, edit: Callable[[dict[str, Any]], None], *, fix: bool
) -> None:
    data = json.loads(path.read_text())
    slot = next(s for s in data["slots"] if s["user"] == user)
    edit(slot)
    if fix:  # an attacker recomputes the (unkeyed) checksum
        slot["checksum"] = keyslots._checksum({k: v for k, v in slot.items() if k != "checksum"})
    path.write_text(json.dumps(data, indent=2))


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "wrapped_key": lambda s: s.update(wrapped_key=_flip_b64(s["wrapped_key"])),
    "salt": lambda s: s.update(salt=_flip_b64(s["salt"])),
    "nonce": lambda s: s.update(nonce=_flip_b64(s["nonce"])),
    "kdf": lambda s: s["kdf"].update(memory_kib=s["kdf"]["memory_kib"] * 2),
    "device_bound": lambda s: s.update(device_bound=True),
}


@pytest.mark.parametrize("field", sorted(EDITS))
def test_accidental_damage_to_one_slot_is_reported_as_damage(
    vault_dir: Path, template_vault: TemplateVault, field: str
) -> None:
    _tamper(vault_dir / "keyslots.json", ADMIN, EDITS[field], fix=False)
    before = snapshot(vault_dir)
    with pytest.raises(SlotDamaged) as caught:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert "damaged" in caught.value.user_message
    assert snapshot(vault_dir) == before
    # the other slots still work
    with vault_ops.unlock_with_recovery(vault_dir, template_vault.recovery_key) as session:
        report = check_vault(session)
    assert not report.ok and any(i.name == "key slots" and not i.ok for i in report.items)
    assert snapshot(vault_dir) == before


@pytest.mark.parametrize("field", sorted(EDITS))
def test_deliberate_tampering_with_recomputed_checksum_is_refused_by_gcm(
    vault_dir: Path, field: str
) -> None:
    _tamper(vault_dir / "keyslots.json", ADMIN, EDITS[field], fix=True)
    before = snapshot(vault_dir)
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert snapshot(vault_dir) == before


def test_renaming_a_slot_to_another_user_is_refused(vault_dir: Path) -> None:
    _tamper(vault_dir / "keyslots.json", ADMIN, lambda s: s.update(user="eve"), fix=True)
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, "eve", ADMIN_PASSPHRASE)


def test_tampered_recovery_slot_is_refused(vault_dir: Path, template_vault: TemplateVault) -> None:
    _tamper(vault_dir / "keyslots.json", None, EDITS["wrapped_key"], fix=True)
    before = snapshot(vault_dir)
    with pytest.raises(RecoveryKeyNotRecognised):
        vault_ops.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    assert snapshot(vault_dir) == before


def test_keyslots_from_another_vault_are_refused(
    vault_dir: Path, other_vault: Path, template_vault: TemplateVault
) -> None:
    (vault_dir / "keyslots.json").write_bytes((other_vault / "keyslots.json").read_bytes())
    before = snapshot(vault_dir)
    with pytest.raises(DatabaseDamaged) as caught:
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert "not this vault's database" in caught.value.user_message
    with pytest.raises(RecoveryKeyNotRecognised):
        vault_ops.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    assert snapshot(vault_dir) == before


def test_a_slot_spliced_in_from_another_vault_is_refused(
    vault_dir: Path, other_vault: Path
) -> None:
    ours = json.loads((vault_dir / "keyslots.json").read_text())
    theirs = json.loads((other_vault / "keyslots.json").read_text())
    foreign = next(s for s in theirs["slots"] if s["user"] == ADMIN)
    ours["slots"] = [foreign if s["user"] == ADMIN else s for s in ours["slots"]]
    (vault_dir / "keyslots.json").write_text(json.dumps(ours))
    before = snapshot(vault_dir)
    with pytest.raises(CredentialsNotRecognised):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert snapshot(vault_dir) == before


def test_damaged_slot_of_one_user_survives_other_key_changes(vault_dir: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("bob", BOB_PASSPHRASE)
    _tamper(vault_dir / "keyslots.json", "bob", EDITS["salt"], fix=False)
    damaged = next(
        s
        for s in json.loads((vault_dir / "keyslots.json").read_text())["slots"]
        if s["user"] == "bob"
    )
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.change_passphrase(ADMIN, ADMIN_PASSPHRASE, "a brand new passphrase")
    kept = [
        s
        for s in json.loads((vault_dir / "keyslots.json").read_text())["slots"]
        if s["user"] == "bob"
    ]
    assert kept == [damaged]
    with pytest.raises(SlotDamaged):
        vault_ops.unlock(vault_dir, "bob", BOB_PASSPHRASE)


def test_every_refusal_is_a_vault_error_with_a_message() -> None:
    for error in (SlotDamaged(), CredentialsNotRecognised(), DatabaseDamaged()):
        assert isinstance(error, VaultError) and error.user_message
