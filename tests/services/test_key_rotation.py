"""Rotating the data key (services/key_rotation.py, vault/rekey.py, vault/pending_rewrap.py).

Real vaults in temporary folders. A colleague who was not there when the key changed unlocks
afterwards with their own passphrase and gets their slot re-wrapped; old key files, old slots
and the old recovery key open nothing; deactivated users get no new wrap.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hpke

from survivorapp.services.access import VaultAccess
from survivorapp.services.errors import (
    CredentialsNotRecognised,
    PermissionDenied,
    RecoveryKeyNotRecognised,
)
from survivorapp.services.key_rotation import rotate_data_key
from survivorapp.vault import keyslots
from survivorapp.vault.errors import DatabaseDamaged, SlotDamaged
from survivorapp.vault.pending_rewrap import hpke_info
from survivorapp.vault.users import UserRepository
from tests.conftest import TemplateVault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

BEA, BEA_PASS = "bea", "bea keeps a long passphrase"
CARL, CARL_PASS = "carl", "carl keeps a long passphrase"


def slots(folder: Path) -> keyslots.KeySlotFile:
    return keyslots.load(folder / "keyslots.json")


def with_bea(folder: Path, access: VaultAccess) -> None:
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user(BEA, BEA_PASS)


def rotate(folder: Path, access: VaultAccess, user: str = ADMIN, secret: str = ADMIN_PASSPHRASE):  # type: ignore[no-untyped-def]
    session = access.unlock(folder, user, secret)
    try:
        return rotate_data_key(session, secret)
    finally:
        session.lock()


def test_a_colleague_who_was_not_there_unlocks_with_their_passphrase_and_is_rewrapped(
    vault_dir: Path, access: VaultAccess
) -> None:
    with_bea(vault_dir, access)
    before = slots(vault_dir).user_slot(BEA)
    result = rotate(vault_dir, access)
    assert result.pending == (BEA,) and result.needs_new_passphrase == ()
    waiting = slots(vault_dir).user_slot(BEA)
    assert waiting is not None and before is not None
    assert len(waiting.pending) == 1 and waiting.public_keys == before.public_keys

    with access.unlock(vault_dir, BEA, BEA_PASS) as session:
        assert session.actor.username == BEA
        assert session.check().ok
    after = slots(vault_dir).user_slot(BEA)
    assert after is not None and after.pending == () and after.id == before.id
    assert after.public_keys == before.public_keys  # she keeps her own keys
    with access.unlock(vault_dir, BEA, BEA_PASS):  # and the rewritten slot opens alone
        pass
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(vault_dir, BEA, "not bea's passphrase")


def test_two_rotations_before_she_comes_back(vault_dir: Path, access: VaultAccess) -> None:
    with_bea(vault_dir, access)
    rotate(vault_dir, access)
    rotate(vault_dir, access)
    waiting = slots(vault_dir).user_slot(BEA)
    assert waiting is not None and len(waiting.pending) == 2
    access.unlock(vault_dir, BEA, BEA_PASS).lock()
    after = slots(vault_dir).user_slot(BEA)
    assert after is not None and after.pending == ()
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        report = session.check()
        assert report.ok, [(i.name, i.detail) for i in report.items if not i.ok]
        assert [e.action for e in session.audit.recent(100)].count("rekey") == 2


def test_a_re_wrap_made_without_the_previous_key_does_not_open(
    vault_dir: Path, access: VaultAccess
) -> None:
    """Her public key is public: someone who can write the folder could seal any key to it.
    Without the previous data key they cannot make the check, so it is refused, not used."""
    with_bea(vault_dir, access)
    rotate(vault_dir, access)
    path = vault_dir / "keyslots.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    waiting = slots(vault_dir).user_slot(BEA)
    assert waiting is not None and waiting.public_keys is not None
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
    forged = suite.encrypt(
        b"\x07" * 32,
        waiting.public_keys.exchange_key(),
        info=hpke_info(data["vault_id"], waiting, b"\x00" * 32),
    )
    forged_slot = keyslots.Slot(**{**waiting.__dict__, "pending": (forged,)})
    entries = [forged_slot.to_json() if e.get("user") == BEA else e for e in data["slots"]]
    path.write_text(json.dumps({**data, "slots": entries}), encoding="utf-8")
    with pytest.raises(SlotDamaged):
        access.unlock(vault_dir, BEA, BEA_PASS)
    assert slots(vault_dir).user_slot(BEA) == forged_slot  # left as it was


def test_old_key_files_slots_and_recovery_key_open_nothing_after_a_rotation(
    vault_dir: Path, access: VaultAccess, template_vault: TemplateVault
) -> None:
    with_bea(vault_dir, access)
    old = (vault_dir / "keyslots.json").read_bytes()
    result = rotate(vault_dir, access)
    new = (vault_dir / "keyslots.json").read_bytes()
    (vault_dir / "keyslots.json").write_bytes(old)
    for user, secret in ((ADMIN, ADMIN_PASSPHRASE), (BEA, BEA_PASS)):
        with pytest.raises(DatabaseDamaged):
            access.unlock(vault_dir, user, secret)
    with pytest.raises(DatabaseDamaged):
        access.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    (vault_dir / "keyslots.json").write_bytes(new)
    with pytest.raises(RecoveryKeyNotRecognised):
        access.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    access.unlock_with_recovery(vault_dir, result.recovery_key).lock()


def test_deactivated_users_get_no_new_wrap(vault_dir: Path, access: VaultAccess) -> None:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user(BEA, BEA_PASS)
        session.add_user(CARL, CARL_PASS)
        session.remove_user(CARL)  # deactivated the usual way: the slot goes at once
        with session.vault.transaction() as conn:  # a slot left behind for an inactive user
            UserRepository(conn).set_active(BEA, False)
    assert slots(vault_dir).user_slot(BEA) is not None
    result = rotate(vault_dir, access)
    assert result.pending == () and result.needs_new_passphrase == ()
    assert slots(vault_dir).users() == [ADMIN]


def test_rotating_from_a_recovery_session_leaves_every_slot_pending(
    vault_dir: Path, access: VaultAccess, template_vault: TemplateVault
) -> None:
    with_bea(vault_dir, access)
    session = access.unlock_with_recovery(vault_dir, template_vault.recovery_key)
    try:
        result = rotate_data_key(session, template_vault.recovery_key)
    finally:
        session.lock()
    assert sorted(result.pending) == [ADMIN, BEA]
    access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE).lock()
    access.unlock(vault_dir, BEA, BEA_PASS).lock()
    access.unlock_with_recovery(vault_dir, result.recovery_key).lock()


def test_a_wrong_passphrase_or_a_caseworker_changes_nothing(
    vault_dir: Path, access: VaultAccess
) -> None:
    with_bea(vault_dir, access)
    before = (vault_dir / "keyslots.json").read_bytes()
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        with pytest.raises(CredentialsNotRecognised):
            rotate_data_key(session, "not the passphrase")
        assert session.is_open and session.check().ok  # still open, still the old key
    with access.unlock(vault_dir, BEA, BEA_PASS) as session, pytest.raises(PermissionDenied):
        rotate_data_key(session, BEA_PASS)
    assert (vault_dir / "keyslots.json").read_bytes() == before
    assert sorted(p.name for p in vault_dir.iterdir()) == [
        "audit-checkpoint.json",
        "cases.db",
        "keyslots.json",
        "vault.lock",
    ]


def test_copies_under_the_old_key_are_removed(vault_dir: Path, access: VaultAccess) -> None:
    (vault_dir / "cases.db.before-v7").write_bytes((vault_dir / "cases.db").read_bytes())
    (vault_dir / "keyslots.json.before-v2").write_bytes((vault_dir / "keyslots.json").read_bytes())
    rotate(vault_dir, access)
    assert not (vault_dir / "cases.db.before-v7").exists()
    assert not (vault_dir / "keyslots.json.before-v2").exists()


def test_a_failure_before_the_commit_leaves_the_vault_open_and_unchanged(
    vault_dir: Path, access: VaultAccess
) -> None:
    from survivorapp.vault.rekey import rotate_data_key as rotate_vault_key

    before = (vault_dir / "keyslots.json").read_bytes()

    def broken(_conn: object, _slots: object) -> None:
        raise RuntimeError("the audit entry could not be written")

    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        with pytest.raises(RuntimeError):
            rotate_vault_key(
                session.vault,
                active_users=[ADMIN],
                passphrase=ADMIN_PASSPHRASE,
                chain_key=b"\x01" * 32,
                finish=broken,
            )
        assert session.is_open and session.check().ok
        session.add_user(BEA, BEA_PASS)  # and it goes on working
    assert not rekey_journal_files(vault_dir)
    assert (vault_dir / "keyslots.json").read_bytes() != before  # bea's slot, nothing else
    access.unlock(vault_dir, BEA, BEA_PASS).lock()


def rekey_journal_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "rekey" in p.name)
