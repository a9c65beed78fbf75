"""Getting a backup's data key from its own copy of the key slots.

A backup carries ``keyslots.json`` as it was when the backup was taken, so any passphrase valid
then opens it, and the recovery key always does. A slot bound to a device needs that device's
keyring; on a new computer, use the recovery key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from survivorapp.vault import keyslots
from survivorapp.vault.backups.errors import BackupCredentialsNotRecognised
from survivorapp.vault.errors import DeviceSecretMissing, SlotDamaged
from survivorapp.vault.recovery import parse_recovery_key
from survivorapp.vault.secret_store import SecretStore


@dataclass(frozen=True)
class Credentials:
    """A user and passphrase, or the recovery key (then ``user`` and ``passphrase`` are None)."""

    user: str | None = None
    passphrase: str | None = None
    recovery_key: str | None = None

    @property
    def who(self) -> str:
        return self.user or "the recovery key"


def data_key_from_slots(
    slots_path: Path, credentials: Credentials, store: SecretStore | None
) -> tuple[keyslots.KeySlotFile, bytes]:
    """The slot file and the data key it wraps for ``credentials``."""
    slot_file = keyslots.load(slots_path)
    if credentials.recovery_key is not None:
        raw = parse_recovery_key(credentials.recovery_key)
        slot = slot_file.recovery_slot()
        wrapping = keyslots.recovery_wrapping_key(raw, slot_file.vault_id)
    else:
        slot = slot_file.user_slot(credentials.user or "")
        if slot is None:
            if slot_file.damaged_user(credentials.user or ""):
                raise SlotDamaged()
            raise BackupCredentialsNotRecognised()
        secret = None
        if slot.device_bound:
            secret = store.get(slot_file.vault_id) if store is not None else None
            if secret is None:
                raise DeviceSecretMissing()
        wrapping = keyslots.passphrase_wrapping_key(
            credentials.passphrase or "", slot, slot_file.vault_id, secret
        )
    key = keyslots.open_slot(slot, slot_file.vault_id, wrapping) if slot is not None else None
    if key is None:
        raise BackupCredentialsNotRecognised()
    return slot_file, key
