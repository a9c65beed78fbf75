"""Rotating the vault's data key (``survivorapp rekey`` and Admin -> Security).

Recommended when a member of staff leaves: removing their slot stops them unlocking *this*
``keyslots.json``, but a copy they kept would still open ``cases.db`` until the data key
changes. Only an administrator may rotate, after proving again that it is them (their
passphrase, or the recovery key for a session opened with it). The rotation is recorded in the
audit log of the new database, and the session ends: everyone unlocks again, the person who
rotated with the passphrase they just typed, the others with theirs (their slot takes the new
key then), and the old recovery key stops working at once.

:func:`rotate_data_key` is a plain function of an open session, so the desktop app, the
command line and the soak scripts all drive the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

from survivorapp.domain.progress import Progress, silent
from survivorapp.services.access import RECOVERY_ACTOR, VaultSession
from survivorapp.services.context import AUDIT_KEY_PURPOSE
from survivorapp.services.permissions import Action
from survivorapp.vault.audit import AuditLog, chain_key, register_key
from survivorapp.vault.connection import Connection
from survivorapp.vault.errors import CredentialsNotRecognised
from survivorapp.vault.keyslots import KeySlotFile
from survivorapp.vault.rekey import rotate_data_key as rotate_vault_key
from survivorapp.vault.users import UserRepository

AUDIT_ACTION = "rekey"
AUDIT_FIELDS = ("data_key", "key_slots", "recovery_key")
STEPS = 9
"""How many steps a rotation reports (for a progress bar)."""


@dataclass(frozen=True)
class RotationResult:
    """What the person who rotated needs to know; the recovery key is shown once."""

    recovery_key: str
    pending: tuple[str, ...]
    """Colleagues whose slot takes the new key when they next unlock with their passphrase."""
    needs_new_passphrase: tuple[str, ...]
    """Colleagues whose slot could not be carried over: set them a new passphrase."""


def rotate_data_key(
    session: VaultSession, secret: str, progress: Progress | None = None
) -> RotationResult:
    """Re-encrypt the vault under a new data key; the session is locked afterwards.

    ``secret`` is the acting administrator's passphrase (or the recovery key, if that is what
    the session was opened with), asked again here whatever the caller already checked.
    """
    session.ctx.require(Action.MANAGE_USERS)
    if not session.verify_passphrase(secret):
        raise CredentialsNotRecognised()
    progress = progress or silent()
    active = [row.username for row in UserRepository(session.ctx.conn).all() if row.active]
    actor = session.actor.username
    audit_key = chain_key(session.ctx.conn, session.vault.derive_subkey(AUDIT_KEY_PURPOSE))

    vault = session.vault

    def record(conn: Connection, slots: KeySlotFile) -> None:
        """In the new database: the rotation, and the new recovery key's public key brought
        in by the person rotating (so a session opened with it later signs as before)."""
        log = AuditLog(conn, audit_key, vault.vault_id, lambda: vault.user_keys)
        carried = len(slots.users())
        log.append(actor, AUDIT_ACTION, "vault", f"{carried} user slot(s)", None, AUDIT_FIELDS)
        recovery = slots.recovery_slot()
        if recovery is not None and recovery.public_keys is not None:
            register_key(log, actor, RECOVERY_ACTOR, recovery.public_keys)

    done = 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        progress.report(name, done, STEPS)

    rotation = rotate_vault_key(
        session.vault,
        active_users=active,
        passphrase=None if session.opened_with_recovery_key else secret,
        chain_key=audit_key,
        finish=record,
        step=step,
    )
    return RotationResult(rotation.recovery_key, rotation.pending, rotation.needs_new_passphrase)
