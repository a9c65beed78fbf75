"""Opening one key slot: a user's with their passphrase, or the recovery slot with its key.

Split from :mod:`survivorapp.vault.vault` (which holds the unlocked vault) so that each stays
small. Opening gives the data key and the person's own keys; a slot written before key slot
format 2 has no keys yet and is given them here, under the vault lock (see
:func:`give_keys`). Unknown users and wrong passphrases look the same, in result and in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from survivorapp.vault import kdf, keyslots
from survivorapp.vault.errors import (
    CredentialsNotRecognised,
    DeviceSecretMissing,
    RecoveryKeyNotRecognised,
    SlotDamaged,
)
from survivorapp.vault.recovery import parse_recovery_key
from survivorapp.vault.secret_store import SecretStore
from survivorapp.vault.user_keys import UserKeys


@dataclass(frozen=True)
class SlotOpening:
    """What opening a slot gave: the data key, and the person's keys (None: not yet made)."""

    slot: keyslots.Slot
    wrapping: bytes
    data_key: bytes
    keys: UserKeys | None


@dataclass(frozen=True)
class Upgrade:
    """A slot given its key material at this unlock: the stored forms before and after."""

    before: dict[str, object]
    after: dict[str, object]


def open_user_slot(
    slot_file: keyslots.KeySlotFile, user: str, passphrase: str, store: SecretStore
) -> SlotOpening:
    device_secret = None
    if slot_file.device_bound:
        device_secret = store.get(slot_file.vault_id)
        if device_secret is None:
            raise DeviceSecretMissing()
    slot = slot_file.user_slot(user)
    if slot is None:
        if slot_file.damaged_user(user):
            raise SlotDamaged()
        spend_equal_time(slot_file, passphrase)
        raise CredentialsNotRecognised()
    wrapping = keyslots.passphrase_wrapping_key(passphrase, slot, slot_file.vault_id, device_secret)
    data_key = keyslots.open_slot(slot, slot_file.vault_id, wrapping)
    if data_key is None:
        raise CredentialsNotRecognised()
    keys = keyslots.open_user_keys(slot, slot_file.vault_id, wrapping)
    return SlotOpening(slot, wrapping, data_key, keys)


def spend_equal_time(slot_file: keyslots.KeySlotFile, passphrase: str) -> None:
    """Run one KDF anyway, so timing does not tell whether a user name exists."""
    params = next((s.kdf_params for s in slot_file.slots if s.kdf_params), kdf.KdfParams())
    kdf.derive(passphrase, b"\x00" * kdf.SALT_LENGTH, params)


def open_recovery(slot_file: keyslots.KeySlotFile, recovery_text: str) -> SlotOpening:
    raw = parse_recovery_key(recovery_text)  # raises RecoveryKeyTypo on a typing mistake
    slot = slot_file.recovery_slot()
    if slot is None:
        raise RecoveryKeyNotRecognised()
    wrapping = keyslots.recovery_wrapping_key(raw, slot_file.vault_id)
    data_key = keyslots.open_slot(slot, slot_file.vault_id, wrapping)
    if data_key is None:
        raise RecoveryKeyNotRecognised()
    keys = UserKeys.from_recovery(raw, slot_file.vault_id)
    if slot.public_keys is not None and slot.public_keys != keys.public:
        raise SlotDamaged()
    return SlotOpening(slot, wrapping, data_key, keys if slot.public_keys else None)


def give_keys(
    path: Path, vault_id: str, opened: SlotOpening, recovery_keys: UserKeys | None = None
) -> tuple[UserKeys, Upgrade | None]:
    """The person's keys; a slot without any gets them now (new ones for a user, those derived
    from the recovery key for the recovery slot). Call under the vault lock."""
    if opened.keys is not None:
        return opened.keys, None
    keys = recovery_keys or UserKeys.generate()
    upgraded = keyslots.upgrade_slot(
        path, vault_id, opened.slot, opened.wrapping, opened.data_key, keys
    )
    return keys, Upgrade(opened.slot.to_json(), upgraded.to_json())
