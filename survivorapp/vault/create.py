"""Making a new vault: its identity, data key, first key slots, recovery key and database.

The order matters for what a crash leaves behind: the key slots are written before the
database exists, so an interrupted creation leaves a vault that says "database missing",
never a database nobody can open; and a device secret put in the system keyring is taken out
again if anything after it fails. The vault comes back unlocked, with its recovery key to show
once.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from survivorapp.paths import ensure_private_dir
from survivorapp.vault import keyslots, migrations, slot_commitments
from survivorapp.vault.atomic import translate_os_error
from survivorapp.vault.connection import Connection, open_database, transaction
from survivorapp.vault.errors import DeviceBindingUnavailable, InvalidPassphrase, VaultAlreadyExists
from survivorapp.vault.kdf import KdfParams, calibrate
from survivorapp.vault.lockfile import VaultLock
from survivorapp.vault.recovery import generate_recovery_key
from survivorapp.vault.secret_store import KeyringSecretStore, SecretStore
from survivorapp.vault.user_keys import UserKeys
from survivorapp.vault.vault import (
    DB_NAME,
    SLOTS_NAME,
    UnlockedVault,
    check_new_passphrase,
    is_vault,
)

DEVICE_SECRET_BYTES = 32


@dataclass(frozen=True)
class NewVault:
    vault: UnlockedVault
    recovery_key: str


def create_vault(
    folder: Path,
    admin_user: str,
    passphrase: str,
    *,
    device_binding: bool = False,
    secret_store: SecretStore | None = None,
    kdf_params: KdfParams | None = None,
) -> NewVault:
    """Make a new vault in an empty (or new) folder; return it unlocked with its recovery key.

    ``kdf_params`` None means calibrate on this machine (about 0.5 s per unlock).
    """
    check_new_passphrase(passphrase)
    if not admin_user.strip():
        raise InvalidPassphrase("A user name can't be empty.")
    store = secret_store if secret_store is not None else KeyringSecretStore()
    if device_binding and not store.is_system_store:
        raise DeviceBindingUnavailable()
    if folder.exists() and is_vault(folder):
        raise VaultAlreadyExists()
    try:
        ensure_private_dir(folder)
    except OSError as exc:
        raise translate_os_error(exc) from None
    lock = VaultLock(folder)
    lock.acquire()
    vault_id = uuid.uuid4().hex
    data_key = secrets.token_bytes(keyslots.DATA_KEY_LENGTH)
    admin_keys = UserKeys.generate()
    try:
        device_secret = _bind_to_device(store, vault_id) if device_binding else None
        params = kdf_params or calibrate()
        recovery_raw, recovery_text = generate_recovery_key()
        first = (vault_id, data_key, admin_user, passphrase, params, device_secret, recovery_raw)
        slot_file = keyslots.first_slot_file(*first, admin_keys)
        # Key slots first: a crash before the database exists leaves a vault that says
        # "database missing", never a database nobody can open.
        keyslots.save(folder / SLOTS_NAME, slot_file)
        conn = _new_database(folder, data_key, vault_id, slot_file)
    except BaseException:
        if device_binding:
            with contextlib.suppress(Exception):
                store.delete(vault_id)  # no orphaned secret in the keyring
        lock.release()
        raise
    vault = UnlockedVault(
        folder=folder,
        vault_id=vault_id,
        user=admin_user.strip(),
        _data_key=bytearray(data_key),
        _conn=conn,
        _lock=lock,
        _secret_store=store,
        _user_keys=admin_keys,
    )
    return NewVault(vault=vault, recovery_key=recovery_text)


def _bind_to_device(store: SecretStore, vault_id: str) -> bytes:
    """A new device secret, kept in the system keyring and read back to be sure it was."""
    device_secret = secrets.token_bytes(DEVICE_SECRET_BYTES)
    store.put(vault_id, device_secret)
    if store.get(vault_id) != device_secret:
        raise DeviceBindingUnavailable()
    return device_secret


def _new_database(
    folder: Path, data_key: bytes, vault_id: str, slot_file: keyslots.KeySlotFile
) -> Connection:
    """The encrypted database, migrated to the current schema, labelled with the vault and
    committed to its first key slots."""
    conn = open_database(folder / DB_NAME, data_key, create=True)
    migrations.migrate(conn, folder / DB_NAME)
    with transaction(conn):
        conn.execute(
            "INSERT INTO vault_meta(key, value) VALUES ('vault_id', ?), ('created', ?)",
            (vault_id, slot_file.created),
        )
        slot_commitments.record(conn, slot_file.to_json()["slots"])
    return conn
