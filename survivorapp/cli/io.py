"""What every command shares: exit codes, plain output, reading secrets, unlocking.

Passphrases come from ``--passphrase-file FILE``, then the ``SURVIVORAPP_PASSPHRASE``
environment variable, then an interactive prompt; never from a command-line argument, where
other users could read it in the process list. Recovery keys come from
``--recovery-key-file FILE`` or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from survivorapp.domain.errors import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_REFUSED,
    EXIT_USAGE,
    UserFacingError,
)
from survivorapp.services.access import VaultAccess, VaultSession

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "PASSPHRASE_ENV",
    "UsageError",
    "ask",
    "open_session",
    "read_new_passphrase",
    "read_passphrase",
    "read_recovery_key",
    "say",
    "warn",
]

PASSPHRASE_ENV = "SURVIVORAPP_PASSPHRASE"  # noqa: S105 - a variable name, not a secret


class UsageError(UserFacingError):
    """A mistake in how the command was called."""

    exit_code = EXIT_USAGE


def say(text: str = "") -> None:
    """A line of the command's result, on standard output."""
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    """A line saying why the command stopped, on standard error."""
    sys.stderr.write(text + "\n")


def ask(prompt: str) -> str:
    """A user name typed at a prompt; a script without a terminal must give --user."""
    if not sys.stdin.isatty():
        raise UsageError("No user name given. Use --user NAME.")
    return input(prompt)


def read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ") -> str:
    """From --passphrase-file, then the environment, then an interactive prompt."""
    if args.passphrase_file:
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"Cannot read the passphrase file: {exc.strerror}.") from None
        return text.rstrip("\r\n")
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise UsageError(
            "No passphrase given. Use --passphrase-file FILE or set "
            f"{PASSPHRASE_ENV}, or run the command in a terminal."
        )
    return getpass.getpass(prompt)


def read_new_passphrase(args: argparse.Namespace) -> str:
    """A new passphrase: typed twice at a prompt, or read once from a file or the environment."""
    if args.passphrase_file or os.environ.get(PASSPHRASE_ENV) or not sys.stdin.isatty():
        return read_passphrase(args)
    first = getpass.getpass("New passphrase (at least 10 characters): ")
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passphrases did not match; nothing was created.")
    return first


def read_recovery_key(args: argparse.Namespace) -> str:
    if args.recovery_key_file:
        try:
            return Path(args.recovery_key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"Cannot read the recovery key file: {exc.strerror}.") from None
    if not sys.stdin.isatty():
        raise UsageError("No recovery key given. Use --recovery-key-file FILE.")
    return getpass.getpass("Recovery key: ")


def open_session(args: argparse.Namespace, access: VaultAccess) -> VaultSession:
    """Unlock with --recovery (the recovery key) or as --user with their passphrase."""
    if getattr(args, "recovery", False):
        session = access.unlock_with_recovery(args.vault, read_recovery_key(args))
    else:
        user = args.user or ask("User name: ")
        session = access.unlock(args.vault, user, read_passphrase(args))
    if session.rollback_warning:
        warn(f"Warning: {session.rollback_warning}. This was noted in the audit log.")
    return session
