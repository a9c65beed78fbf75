"""Errors a person can act on.

Every failure the vault can meet is turned into one of these, each with a plain-English
``user_message`` that says what is wrong and what to do. None of them carries case data, a
passphrase, or a key; none says whether a given user name exists. On the command line each
means "the vault refused" (exit code 3).
"""

from __future__ import annotations

from survivorapp.domain.errors import EXIT_REFUSED, UserFacingError


class VaultError(UserFacingError):
    """Base for every error the vault reports to a person."""

    user_message = "Something went wrong with the vault."
    exit_code = EXIT_REFUSED


class CredentialsNotRecognised(VaultError):
    user_message = (
        "That user name and passphrase were not recognised. Check them and try again; "
        "if you have forgotten your passphrase, ask an administrator to reset it with the "
        "recovery key."
    )


class UnlockDelayed(CredentialsNotRecognised):
    """Several wrong passphrases for this user name: the next try must wait ``seconds``.

    A kind of "not recognised", so callers that handle that handle this too.
    """

    def __init__(self, seconds: int, *, just_failed: bool = False) -> None:
        self.seconds = seconds
        self.just_failed = just_failed
        first = (
            "That user name and passphrase were not recognised. "
            if just_failed
            else "That passphrase was not tried yet. "
        )
        super().__init__(
            first + "After several passphrases that didn't match, each new try waits a little "
            f"longer, to keep the vault safe. You can try again in {wait_text(seconds)}. "
            "The recovery key can be used at any time."
        )


def wait_text(seconds: int) -> str:
    """ "45 seconds", "1 minute", "2 minutes 30 seconds": how a wait is said."""
    minutes, rest = divmod(max(seconds, 0), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


class RecoveryKeyTypo(VaultError):
    """The recovery key's own check characters do not match: a typing mistake, not a wrong key."""

    def __init__(self, group_number: int | None) -> None:
        if group_number is None:
            message = (
                "That recovery key is not complete. It has 8 groups of 5 characters; "
                "check you typed all of them."
            )
        else:
            message = (
                f"There is a typing mistake in group {group_number} of the recovery key. "
                "Check that group against the printed copy."
            )
        self.group_number = group_number
        super().__init__(message)


class RecoveryKeyNotRecognised(VaultError):
    user_message = (
        "That recovery key is correctly typed but does not open this vault. "
        "Check you have the recovery key for this vault."
    )


class NotAVault(VaultError):
    user_message = "There is no vault in that folder."


class VaultAlreadyExists(VaultError):
    user_message = "A vault already exists in that folder; choose an empty folder for a new vault."


class KeySlotsMissing(VaultError):
    user_message = (
        "The vault's key file (keyslots.json) is missing, so the vault cannot be opened. "
        "Restore the whole vault folder from a backup; nothing in cases.db has been changed."
    )


class KeySlotsDamaged(VaultError):
    user_message = (
        "The vault's key file (keyslots.json) is damaged or incomplete, so the vault cannot "
        "be opened. Restore the whole vault folder from a backup; nothing has been changed."
    )


class KeySlotsUnsupported(VaultError):
    def __init__(self, version: object) -> None:
        super().__init__(
            f"The vault's key file uses format version {version}, which this version of "
            "survivorapp does not understand. Use a newer version of survivorapp."
        )


class SlotDamaged(VaultError):
    user_message = (
        "The key slot for this user is damaged or has been altered, so it cannot be used. "
        "Unlock with the recovery key and ask an administrator to reset this passphrase."
    )


class DeviceSecretMissing(VaultError):
    user_message = (
        "This vault is bound to the computer it was created on, and this computer's keyring "
        "does not hold its device secret. Open it with the recovery key instead."
    )


class DeviceBindingUnavailable(VaultError):
    user_message = (
        "This computer has no system keyring that survivorapp can use, so the vault cannot be "
        "bound to this device. It will be protected by passphrases only."
    )


class DatabaseMissing(VaultError):
    user_message = (
        "The vault's database (cases.db) is missing. Restore the vault folder from a backup."
    )


class DatabaseDamaged(VaultError):
    user_message = (
        "The vault's database (cases.db) is damaged or is not this vault's database, so it "
        "cannot be opened. Nothing has been changed. Restore it from a backup."
    )


class VaultNotWritable(VaultError):
    user_message = (
        "survivorapp cannot write to the vault folder. Check that the folder is on a working "
        "drive and that your account may write to it; nothing has been changed."
    )


class DiskFull(VaultError):
    user_message = (
        "The drive holding the vault is full, so the last change could not be saved. "
        "Free some space and try again; everything saved before is intact."
    )


class VaultInUse(VaultError):
    def __init__(self, holder: str | None = None) -> None:
        detail = f" ({holder})" if holder else ""
        super().__init__(
            "This vault is already open in another survivorapp window or program"
            f"{detail}. Close that one first; only one program may use a vault at a time."
        )


class VaultLocked(VaultError):
    user_message = "The vault is locked. Unlock it to continue."


class MigrationFailed(VaultError):
    user_message = (
        "The vault could not be upgraded to this version of survivorapp. Nothing was changed, "
        "and a copy of the database was kept beside it."
    )


class VaultTooNew(VaultError):
    user_message = (
        "This vault was last used by a newer version of survivorapp. Use that version or newer."
    )


class InvalidPassphrase(VaultError):
    """A new passphrase that does not meet the minimum."""


class UserNotFound(VaultError):
    user_message = "There is no user with that name in this vault."


class LastUserRemains(VaultError):
    user_message = "The last user can't be removed; add another user first."
