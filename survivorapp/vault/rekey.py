"""Rotating the data key: a fresh database under a new random key, new key slots, new recovery key.

Why: every user slot unwraps the same data key, so someone who leaves keeps, in any old copy of
``keyslots.json``, a way into the current ``cases.db``. A rotation re-encrypts the whole
database under a new key (``sqlcipher_export`` into a fresh file, which also leaves behind the
free pages of the old one), writes the slots anew and issues a new recovery key. The old slots
then open nothing current.

The swap is crash-safe through ``rekey_journal``: both new files are written and made durable
under temporary names, then one marker file is written atomically (the commit point), then the
files are renamed. The acting person's slot is written directly (we have their passphrase);
the other active users' slots get the new key as a pending re-wrap (``pending_rewrap``).
Format: docs/vault-format.md, section 18.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from survivorapp.domain.errors import UserFacingError
from survivorapp.vault import audit, keyslots, migrations, rekey_journal, slot_commitments
from survivorapp.vault.connection import (
    Connection,
    _create_private_file,
    open_database,
    transaction,
    translated_errors,
)
from survivorapp.vault.errors import CredentialsNotRecognised, VaultLocked
from survivorapp.vault.pending_rewrap import carry_over
from survivorapp.vault.recovery import generate_recovery_key
from survivorapp.vault.rekey_journal import NEW_DB, NEW_SLOTS, Step
from survivorapp.vault.vault import UnlockedVault

FinishDatabase = Callable[[Connection, keyslots.KeySlotFile], None]
"""Called inside one transaction on the new database before the commit point, with the new
slots: the caller's audit entry (and anything else that must describe the new slots) goes here,
so it is in the new vault exactly when the new vault is the vault."""


@dataclass(frozen=True)
class Rotation:
    """What a rotation did, for the person who ran it."""

    recovery_key: str
    rewrapped: tuple[str, ...]
    """Users whose slot now holds the new key (the person who rotated)."""
    pending: tuple[str, ...]
    """Users whose slot will take the new key at their next unlock."""
    needs_new_passphrase: tuple[str, ...]
    """Active users whose slot could not be carried over: an administrator sets them a new
    passphrase (their old one no longer opens the vault)."""


def _no_finish(_conn: Connection, _slots: keyslots.KeySlotFile) -> None:
    pass


def _silent(_step: str) -> None:
    pass


def rotate_data_key(
    vault: UnlockedVault,
    *,
    active_users: Collection[str],
    passphrase: str | None,
    chain_key: bytes,
    finish: FinishDatabase = _no_finish,
    step: Step = _silent,
) -> Rotation:
    """Rotate ``vault``'s data key; afterwards ``vault`` is locked (unlock again to go on).

    ``passphrase`` is the acting user's (None when the vault was opened with the recovery key:
    then every user's slot is carried over). ``active_users`` names the accounts that keep a
    slot; any other slot (a deactivated user's, a damaged one) is left out of the new file.
    ``chain_key`` is the audit chain's MAC key now: the new database keeps it (every entry's
    signature covers the MAC before it, so the chain can never move to a new key).
    Until the commit point, any failure leaves the vault as it was and still open.
    """
    folder = vault.folder
    step("prepare")
    rekey_journal.settle(folder)
    current = keyslots.load(vault.slots_path)
    new_key = secrets.token_bytes(keyslots.DATA_KEY_LENGTH)
    recovery_raw, recovery_text = generate_recovery_key()
    try:
        new_file, rotation = _new_slots(
            vault, current, new_key, active_users, passphrase, recovery_raw, recovery_text
        )
        step("copy the database under the new key")
        _export(vault, new_key)
        step("record the change")
        _finish_new_database(vault, new_key, new_file, chain_key, finish)
        step("write the new key slots")
        keyslots.save(folder / NEW_SLOTS, new_file)
        step("commit")
        rekey_journal.write_marker(folder, vault.vault_id)
    except BaseException:
        if (folder / rekey_journal.MARKER).exists():
            vault.lock()  # it did commit: never write the old database again; the next open
        else:  # carries the rotation forward
            with contextlib.suppress(Exception):
                rekey_journal.roll_back(folder)
        raise
    vault.close_database()
    try:
        rekey_journal.roll_forward(folder, _after_commit(step))
    finally:
        vault.lock()
    return rotation


def _after_commit(step: Step) -> Step:
    """After the commit nothing may stop the swap half-way (not even a Stop button)."""

    def quiet(name: str) -> None:
        with contextlib.suppress(UserFacingError):
            step(name)

    return quiet


def _new_slots(
    vault: UnlockedVault,
    current: keyslots.KeySlotFile,
    new_key: bytes,
    active_users: Collection[str],
    passphrase: str | None,
    recovery_raw: bytes,
    recovery_text: str,
) -> tuple[keyslots.KeySlotFile, Rotation]:
    active = {keyslots.user_key(u) for u in active_users}
    actor = keyslots.user_key(vault.user) if vault.user else None
    new_file = replace(current, slots=[], damaged=[], version=keyslots.FORMAT_VERSION)
    rewrapped: list[str] = []
    pending: list[str] = []
    lost: list[str] = []
    for slot in current.slots:
        name = slot.user or ""
        if slot.kind != "passphrase" or keyslots.user_key(name) not in active:
            continue
        if keyslots.user_key(name) == actor:
            new_file = new_file.with_slot(_own_slot(vault, current, slot, new_key, passphrase))
            rewrapped.append(name)
        elif (carried := carry_over(slot, new_key, vault._key(), vault.vault_id)) is not None:
            new_file = new_file.with_slot(carried)
            pending.append(name)
        else:
            lost.append(name)
    lost += [str(d["user"]) for d in current.damaged if _damaged_active(d, active)]
    new_file = new_file.with_slot(keyslots.new_recovery_slot(recovery_raw, vault.vault_id, new_key))
    rotation = Rotation(recovery_text, tuple(rewrapped), tuple(pending), tuple(sorted(lost)))
    return new_file, rotation


def _damaged_active(entry: dict[str, object], active: set[str]) -> bool:
    user = entry.get("user")
    return isinstance(user, str) and keyslots.user_key(user) in active


def _own_slot(
    vault: UnlockedVault,
    current: keyslots.KeySlotFile,
    slot: keyslots.Slot,
    new_key: bytes,
    passphrase: str | None,
) -> keyslots.Slot:
    """The acting user's slot, wrapped directly under their passphrase (checked first)."""
    if passphrase is None or not vault.verify_passphrase(slot.user or "", passphrase):
        raise CredentialsNotRecognised()
    return keyslots.new_passphrase_slot(
        slot.user or "",
        passphrase,
        vault.vault_id,
        new_key,
        vault._params_like(current),
        vault._device_secret(current),
        vault.user_keys,  # they keep their own keys: their signatures stay theirs
    )


def _key_literal(key: bytes) -> str:
    return f"x'{key.hex()}'"


def _export(vault: UnlockedVault, new_key: bytes) -> None:
    """Every table, index, trigger and the schema version, into a fresh file under the new key.

    The export runs in one read-and-write transaction, so it is one consistent snapshot; the
    file is created owner-only before SQLite opens it.
    """
    conn = vault.connection
    target = vault.folder / NEW_DB
    _create_private_file(target)
    version = migrations.schema_version(conn)
    with translated_errors():
        conn.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(target), _key_literal(new_key)))
        try:
            conn.execute("PRAGMA rekeyed.cipher_compatibility = 4")
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
                conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.execute("DETACH DATABASE rekeyed")


def _finish_new_database(
    vault: UnlockedVault,
    new_key: bytes,
    new_file: keyslots.KeySlotFile,
    chain_key: bytes,
    finish: FinishDatabase,
) -> None:
    """Keep the audit chain's key, commit to the new slots, let the caller record the change,
    and make the file durable."""
    if not vault.is_open:
        raise VaultLocked()
    target = vault.folder / NEW_DB
    conn = open_database(target, new_key)
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO vault_meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (audit.CHAIN_KEY, chain_key.hex()),
            )
            # the commitments of exactly the slots the new key file will hold
            slot_commitments.record(conn, new_file.to_json()["slots"])
            finish(conn, new_file)
        with translated_errors():
            # back to a single file, so nothing of the new database lives beside it
            conn.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        conn.close()
    rekey_journal.fsync_file(target)
