"""Failed unlocks: the back-off before a try, and their summary in the audit log after one.

A wrong passphrase is noted outside the database (``vault.failed_logins``) and counted towards
a back-off (``vault.unlock_delays``). At the next successful unlock the notes become a short,
bounded summary in the audit log: one entry per user name that was tried, with the count and
the first and last time, plus one entry counting lines that could not be trusted. They are
recorded as reported by the unlock screen, since nobody had unlocked when they were written and
anyone who can write to the vault folder could have written them (docs/vault-format.md).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from survivorapp.services.context import ServiceContext
from survivorapp.vault import failed_logins, keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.errors import UnlockDelayed, VaultError
from survivorapp.vault.failed_logins import NotesSummary
from survivorapp.vault.unlock_delays import UnlockDelays

UNLOCK_SCREEN_ACTOR = "unlock screen (unauthenticated)"
"""Who the audit log says reported failed unlocks: not a signed-in person."""
UNKNOWN_NAME = "an unknown user name"
NOTES_REJECTED = "failed_login_notes_rejected"


class UnlockGuard:
    """The back-off around one unlock with a passphrase."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._slots: keyslots.KeySlotFile | None = None
        with contextlib.suppress(VaultError):  # the unlock itself will say what is wrong
            self._slots = keyslots.load(folder / vault_ops.SLOTS_NAME)

    def _delays(self) -> UnlockDelays | None:
        if self._slots is None:
            return None
        return UnlockDelays(self.folder, self._slots.vault_id)

    def before(self, user: str) -> None:
        """Refuse at once, without trying the passphrase, while a wait is running."""
        delays = self._delays()
        if delays is not None and (wait := delays.seconds_to_wait(user)) > 0:
            raise UnlockDelayed(wait)

    def failed(self, user: str) -> None:
        """Note the wrong try; raise :class:`UnlockDelayed` if the next one must wait."""
        if self._slots is None:
            return
        slot = self._slots.user_slot(user)
        failed_logins.note(self.folder, slot.id if slot else None)
        delays = self._delays()
        if delays is not None and (wait := delays.failed(user)) > 0:
            raise UnlockDelayed(wait, just_failed=True)

    def succeeded(self, user: str) -> None:
        delays = self._delays()
        if delays is not None:
            delays.succeeded(user)


def record_failed_unlocks(ctx: ServiceContext, slots: dict[str, str | None]) -> NotesSummary:
    """Append the summary of the noted attempts (inside the caller's write transaction).

    ``slots`` maps slot ids to user names. The caller removes the notes file after commit.
    """
    summary = failed_logins.read(ctx.vault.folder)
    for slot_id, item in sorted(summary.by_slot.items()):
        who = slots.get(slot_id) or UNKNOWN_NAME
        ctx.audit.append(
            UNLOCK_SCREEN_ACTOR,
            "failed_login",
            "vault",
            who,
            None,
            [f"count={item.count}", f"first={item.first}", f"last={item.last}"],
        )
    if summary.malformed or summary.unread_bytes:
        fields = [f"malformed_lines={summary.malformed}"]
        if summary.unread_bytes:
            fields.append(f"unread_bytes={summary.unread_bytes}")
        ctx.audit.append(
            UNLOCK_SCREEN_ACTOR, NOTES_REJECTED, "vault", failed_logins.FILE_NAME, None, fields
        )
    return summary
