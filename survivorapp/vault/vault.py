"""Unlocking and locking a vault, and managing its key slots.

An :class:`UnlockedVault` is the one object that holds key material while the app runs; its
:meth:`UnlockedVault.lock` closes the database, overwrites the key buffer and releases the
vault's lock file. Changing a passphrase rewrites one slot in ``keyslots.json``; the database
file is never rewritten for key changes. A new vault is made by ``vault.create``.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from survivorapp.vault import (
    keyslots,
    migrations,
    pending_rewrap,
    rekey_journal,
    slot_commitments,
    slot_opening,
)
from survivorapp.vault.connection import Connection, open_database, transaction
from survivorapp.vault.errors import (
    CredentialsNotRecognised,
    DatabaseDamaged,
    DeviceSecretMissing,
    InvalidPassphrase,
    LastUserRemains,
    NotAVault,
    RecoveryKeyNotRecognised,
    RecoveryKeyTypo,
    UserNotFound,
    VaultLocked,
)
from survivorapp.vault.kdf import KdfParams
from survivorapp.vault.keyslots import user_key
from survivorapp.vault.lockfile import VaultLock
from survivorapp.vault.recovery import parse_recovery_key
from survivorapp.vault.secret_store import KeyringSecretStore, SecretStore
from survivorapp.vault.user_keys import PublicKeys, UserKeys

DB_NAME = "cases.db"
SLOTS_NAME = "keyslots.json"
MIN_PASSPHRASE_LENGTH = 10


def check_new_passphrase(passphrase: str) -> None:
    """The minimum for a new passphrase (the UI adds a strength meter on top)."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise InvalidPassphrase(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters. "
            "A few unrelated words are easy to remember and hard to guess."
        )
    if passphrase.strip() != passphrase or len(set(passphrase)) < 4:
        raise InvalidPassphrase(
            "That passphrase is too easy to guess (or starts or ends with a space)."
        )


def is_vault(folder: Path) -> bool:
    return (folder / SLOTS_NAME).exists() or (folder / DB_NAME).exists()


@dataclass
class UnlockedVault:
    """An open vault: the database connection and the data key, until :meth:`lock`."""

    folder: Path
    vault_id: str
    user: str | None
    _data_key: bytearray
    _conn: Connection | None
    _lock: VaultLock
    _secret_store: SecretStore
    _user_keys: UserKeys | None = None

    # --- lifecycle -----------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise VaultLocked()
        return self._conn

    def lock(self) -> None:
        """Close the database, overwrite the key buffer, release the lock file."""
        self.close_database()
        for i in range(len(self._data_key)):
            self._data_key[i] = 0
        self._user_keys = None
        self._lock.release()

    def close_database(self) -> None:
        """Close the connection but keep the lock and the key (a rotation swaps files)."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> UnlockedVault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        with transaction(self.connection) as conn:
            yield conn

    @property
    def user_keys(self) -> UserKeys:
        """The unlocking person's own keys (the recovery key's in a recovery session): the
        audit log signs with ``signing_key``; ``exchange_key`` opens what was wrapped for them."""
        if self._conn is None or self._user_keys is None:
            raise VaultLocked()
        return self._user_keys

    def derive_subkey(self, purpose: str) -> bytes:
        """A key for another purpose (e.g. the audit chain's HMAC), bound to this vault."""
        if self._conn is None:
            raise VaultLocked()
        info = f"survivorapp/v1/{purpose}|{self.vault_id}".encode()
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
            bytes(self._data_key)
        )

    def key_for_backup(self) -> bytes:
        """The data key, for a backup's own read connection and its manifest's MAC
        (``vault/backups``): the snapshot runs beside the vault thread, not on it."""
        return self._key()

    def device_secret_for_backup(self) -> bytes | None:
        """This computer's device secret for a bound vault (None when not bound, or not held
        here), so a backup can carry it sealed under the data key for a new computer."""
        current = keyslots.load(self.slots_path)
        return self._secret_store.get(self.vault_id) if current.device_bound else None

    # --- key slots -----------------------------------------------------------------------

    @property
    def slots_path(self) -> Path:
        return self.folder / SLOTS_NAME

    def users(self) -> list[str]:
        return keyslots.load(self.slots_path).users()

    def add_user(
        self,
        user: str,
        passphrase: str,
        params: KdfParams | None = None,
        keys: UserKeys | None = None,
    ) -> PublicKeys:
        """Give ``user`` a slot. Replaces an existing slot of the same name. Returns the
        public keys in the new slot (for the audit log to register).

        ``keys`` None gives the user new key material (a new user, or a passphrase reset by
        someone else: their old secret cannot be unwrapped without the old passphrase)."""
        check_new_passphrase(passphrase)
        if not user.strip():
            raise InvalidPassphrase("A user name can't be empty.")
        current = keyslots.load(self.slots_path)
        params = params or self._params_like(current)
        slot = keyslots.new_passphrase_slot(
            user, passphrase, self.vault_id, self._key(), params, self._device_secret(current), keys
        )
        self._save(current.with_slot(slot))
        assert slot.public_keys is not None
        return slot.public_keys

    def _save(self, slot_file: keyslots.KeySlotFile) -> None:
        """``keyslots.json`` and the database's commitments to it are written together."""
        slot_commitments.save(self.connection, self.slots_path, slot_file)

    def remove_user(self, user: str) -> None:
        current = keyslots.load(self.slots_path)
        if current.user_slot(user) is None and not current.damaged_user(user):
            raise UserNotFound()
        remaining = current.without_user(user)
        if not remaining.users():
            raise LastUserRemains()
        self._save(remaining)

    def change_passphrase(
        self, user: str, old: str, new: str, keys: UserKeys | None = None
    ) -> None:
        """Check ``old`` against the slot, then rewrite that one slot under ``new``.

        ``keys`` None keeps the user's own keys (their secret is re-wrapped); new ``keys``
        replace them, and become this session's keys when ``user`` is the one signed in."""
        current = keyslots.load(self.slots_path)
        slot = current.user_slot(user)
        if slot is None:
            raise CredentialsNotRecognised()
        secret = self._device_secret(current)
        wrapping = keyslots.passphrase_wrapping_key(old, slot, self.vault_id, secret)
        if keyslots.open_slot(slot, self.vault_id, wrapping) != bytes(self._data_key):
            raise CredentialsNotRecognised()
        check_new_passphrase(new)
        keys = keys or keyslots.open_user_keys(slot, self.vault_id, wrapping)
        self.add_user(slot.user or user, new, params=self._params_like(current), keys=keys)
        if keys is not None and self.user is not None and user_key(self.user) == user_key(user):
            self._user_keys = keys

    def verify_passphrase(self, user: str, passphrase: str) -> bool:
        """True when ``passphrase`` opens ``user``'s slot to this vault's key (asked again
        before exports and other sensitive steps)."""
        current = keyslots.load(self.slots_path)
        slot = current.user_slot(user)
        if slot is None:
            return False
        wrapping = keyslots.passphrase_wrapping_key(
            passphrase, slot, self.vault_id, self._device_secret(current)
        )
        opened = keyslots.open_slot(slot, self.vault_id, wrapping)
        return opened is not None and secrets.compare_digest(opened, self._key())

    def verify_recovery_key(self, recovery_text: str) -> bool:
        """True when ``recovery_text`` is this vault's recovery key (the re-check for a session
        that was opened with it: there is no passphrase to ask for)."""
        try:
            data_key = _data_key_from_recovery(keyslots.load(self.slots_path), recovery_text)
        except (RecoveryKeyTypo, RecoveryKeyNotRecognised):
            return False
        return secrets.compare_digest(data_key, self._key())

    def _params_like(self, current: keyslots.KeySlotFile) -> KdfParams:
        """New slots reuse the strongest parameters already calibrated for this vault."""
        params = [s.kdf_params for s in current.slots if s.kdf_params is not None]
        return max(params, key=lambda p: p.memory_kib * p.iterations, default=KdfParams())

    def _device_secret(self, current: keyslots.KeySlotFile) -> bytes | None:
        if not current.device_bound:
            return None
        secret = self._secret_store.get(self.vault_id)
        if secret is None:
            raise DeviceSecretMissing()
        return secret

    def _key(self) -> bytes:
        if self._conn is None:
            raise VaultLocked()
        return bytes(self._data_key)


# --- unlocking -------------------------------------------------------------------------------


def _load_slots(folder: Path) -> keyslots.KeySlotFile:
    if not folder.is_dir():
        raise NotAVault()
    if not (folder / SLOTS_NAME).exists() and not (folder / DB_NAME).exists():
        raise NotAVault()
    rekey_journal.recover(folder)  # settle an interrupted data-key rotation first
    return keyslots.load(folder / SLOTS_NAME)


def _open_with_key(
    folder: Path,
    slot_file: keyslots.KeySlotFile,
    opened: slot_opening.SlotOpening,
    user: str | None,
    store: SecretStore,
    recovery_keys: UserKeys | None = None,
) -> UnlockedVault:
    """Take the vault lock, give the slot its keys if it has none yet, open the database."""
    lock = VaultLock(folder)
    lock.acquire()
    conn: Connection | None = None
    try:
        path = folder / SLOTS_NAME
        keys, upgrade = slot_opening.give_keys(path, slot_file.vault_id, opened, recovery_keys)
        # a data-key rotation may have left this user the new key (vault/pending_rewrap.py)
        data_key = pending_rewrap.open_chain(opened.slot, slot_file.vault_id, opened.data_key, keys)
        conn = open_database(folder / DB_NAME, data_key)
        try:
            row = conn.execute("SELECT value FROM vault_meta WHERE key = 'vault_id'").fetchone()
        except Exception:
            row = None
        if row is not None and row[0] != slot_file.vault_id:
            raise DatabaseDamaged()
        migrations.migrate(conn, folder / DB_NAME)
        slot_commitments.after_unlock(conn, path, upgrade)
        pending_rewrap.write_back(conn, path, slot_file.vault_id, opened, data_key, keys)
    except BaseException:
        # Close before releasing the lock: an open connection keeps its -wal/-shm files.
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        lock.release()
        raise
    return UnlockedVault(
        folder=folder,
        vault_id=slot_file.vault_id,
        user=user,
        _data_key=bytearray(data_key),
        _conn=conn,
        _lock=lock,
        _secret_store=store,
        _user_keys=keys,
    )


def unlock(
    folder: Path,
    user: str,
    passphrase: str,
    *,
    secret_store: SecretStore | None = None,
) -> UnlockedVault:
    """Open the vault as ``user``. Unknown users and wrong passphrases look the same."""
    store = secret_store if secret_store is not None else KeyringSecretStore()
    slot_file = _load_slots(folder)
    opened = slot_opening.open_user_slot(slot_file, user, passphrase, store)
    return _open_with_key(folder, slot_file, opened, opened.slot.user, store)


def _data_key_from_recovery(slot_file: keyslots.KeySlotFile, recovery_text: str) -> bytes:
    return slot_opening.open_recovery(slot_file, recovery_text).data_key


def unlock_with_recovery(
    folder: Path, recovery_text: str, *, secret_store: SecretStore | None = None
) -> UnlockedVault:
    """Open the vault with the recovery key (works on any machine, bound or not)."""
    store = secret_store if secret_store is not None else KeyringSecretStore()
    slot_file = _load_slots(folder)
    opened = slot_opening.open_recovery(slot_file, recovery_text)
    raw = parse_recovery_key(recovery_text)
    return _open_with_key(
        folder, slot_file, opened, None, store, UserKeys.from_recovery(raw, slot_file.vault_id)
    )


def reset_passphrase_with_recovery(
    folder: Path,
    recovery_text: str,
    user: str,
    new_passphrase: str,
    *,
    secret_store: SecretStore | None = None,
) -> None:
    """Give ``user`` a new passphrase using the recovery key (a forgotten passphrase).

    On a device-bound vault this must run on the bound device: the new slot needs its secret.
    """
    check_new_passphrase(new_passphrase)
    with unlock_with_recovery(folder, recovery_text, secret_store=secret_store) as vault:
        current = keyslots.load(vault.slots_path)
        if current.user_slot(user) is None and not current.damaged_user(user):
            raise CredentialsNotRecognised()
        vault.add_user(user, new_passphrase)
