"""``rekey``: rotate the vault's data key, for example when a member of staff leaves."""

from __future__ import annotations

import argparse
from typing import Any

from survivorapp.cli.io import EXIT_OK, ask, read_passphrase, read_recovery_key, say
from survivorapp.cli.options import unlock_args
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.key_rotation import RotationResult, rotate_data_key


def cmd_rekey(args: argparse.Namespace, access: VaultAccess) -> int:
    """Re-encrypt the vault under a new data key and show the new recovery key, once."""
    session, secret = _unlock(args, access)
    try:
        result = rotate_data_key(session, secret)  # checks the secret again, as the app does
    finally:
        session.lock()
    _tell(result)
    return EXIT_OK


def _unlock(args: argparse.Namespace, access: VaultAccess) -> tuple[VaultSession, str]:
    """The secret is read once: it unlocks, and the rotation checks it again."""
    if args.recovery:
        key = read_recovery_key(args)
        return access.unlock_with_recovery(args.vault, key), key
    user = args.user or ask("User name: ")
    passphrase = read_passphrase(args)
    return access.unlock(args.vault, user, passphrase), passphrase


def _tell(result: RotationResult) -> None:
    say("The vault's data key was changed. Old copies of keyslots.json, and the old")
    say("recovery key, no longer open it.")
    say("")
    say("NEW RECOVERY KEY (shown once; print or write it down, keep it somewhere safe,")
    say("and destroy the old one):")
    say("")
    say(f"    {result.recovery_key}")
    say("")
    if result.pending:
        say("These colleagues keep their passphrase; their key slot takes the new key the")
        say(f"next time they unlock: {', '.join(result.pending)}.")
    if result.needs_new_passphrase:
        names = ", ".join(result.needs_new_passphrase)
        say("These colleagues' key slots could not be carried over; give each of them a new")
        say(f"passphrase (Admin, or reset-passphrase with the new recovery key): {names}.")
    say("Backups made before now still open with the passphrases and the recovery key of")
    say("their time: keep them as safe as before, or destroy them.")


def add_parsers(sub: Any) -> None:
    """``rekey``, added to ``survivorapp``'s sub-command parser."""
    p = sub.add_parser(
        "rekey",
        help="re-encrypt the vault under a new data key (when someone leaves) and issue a "
        "new recovery key",
    )
    unlock_args(p)
    p.set_defaults(func=cmd_rekey)
