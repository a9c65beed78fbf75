"""What a person is told when a backup, a verify or a restore cannot go ahead.

Every message says that earlier backups and the live vault were not touched, because that is
the first thing a person wants to know when a backup fails.
"""

from __future__ import annotations

from survivorapp.domain.errors import EXIT_PROBLEMS
from survivorapp.vault.errors import VaultError

UNTOUCHED = " Earlier backups and the vault itself were not changed."


class BackupError(VaultError):
    """Base for backup, verify and restore failures."""


class BackupFolderMissing(BackupError):
    user_message = (
        "The backup folder cannot be found (is the USB stick or network drive connected?). "
        "No backup was written." + UNTOUCHED
    )


class BackupFolderRemoved(BackupError):
    user_message = (
        "The backup folder disappeared while the backup was being written (was the drive "
        "removed?). The unfinished backup was discarded." + UNTOUCHED
    )


class BackupFolderNotWritable(BackupError):
    user_message = (
        "survivorapp may not write to the backup folder (it is read-only or belongs to "
        "someone else). No backup was written." + UNTOUCHED
    )


class BackupDiskFull(BackupError):
    user_message = (
        "The drive holding the backup folder is full. The unfinished backup was discarded; "
        "free some space or choose another folder." + UNTOUCHED
    )


class NotABackup(BackupError):
    user_message = "There is no survivorapp backup there (a backup folder holds manifest.json)."


class BackupDamaged(BackupError):
    """The backup fails a check; the message names the first problem found."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"This backup is damaged or has been changed: {problem}. Do not rely on it; "
            "use another backup."
        )


class BackupTooNew(BackupError):
    user_message = (
        "This backup was made by a newer version of survivorapp. Install that version or a "
        "newer one to verify or restore it; nothing was changed."
    )


class BackupCredentialsNotRecognised(BackupError):
    user_message = (
        "That user name and passphrase do not open this backup. Any passphrase that was valid "
        "when the backup was taken works, and so does the vault's recovery key."
    )


class RestoreTargetNotEmpty(BackupError):
    user_message = (
        "A restore goes into a new, empty folder, never over a vault or other files. "
        "Choose a folder that does not exist yet."
    )


class RestoreNeedsConfirmation(BackupError):
    """Restoring would lose newer work or bring in another vault; the person must say so."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
