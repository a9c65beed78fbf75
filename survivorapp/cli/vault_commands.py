"""``init``, ``unlock-check``, ``check`` and ``reset-passphrase``: the vault itself."""

from __future__ import annotations

import argparse
from typing import Any

from survivorapp.cli.audit_commands import checkpoint_option
from survivorapp.cli.io import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    open_session,
    read_new_passphrase,
    read_recovery_key,
    say,
)
from survivorapp.cli.options import kdf_seconds_arg, secret_args, unlock_args, vault_arg
from survivorapp.services.access import VaultAccess


def cmd_init(args: argparse.Namespace, access: VaultAccess) -> int:
    """Create an empty vault and show its recovery key, once."""
    if access.exists(args.vault):
        raise UsageError(f"{args.vault} already holds a vault; choose an empty folder.")
    passphrase = read_new_passphrase(args)
    created = access.create(
        args.vault,
        args.user,
        passphrase,
        device_binding=args.device_binding,
        kdf_target_seconds=args.kdf_seconds,
    )
    created.session.lock()
    say(f"Created a vault in {args.vault} with administrator '{args.user}'.")
    say("")
    say("RECOVERY KEY (shown once; print or write it down and keep it somewhere safe):")
    say("")
    say(f"    {created.recovery_key}")
    say("")
    say("Anyone with this key can open the vault. Without it, a forgotten passphrase")
    say("cannot be reset and the data cannot be recovered.")
    return EXIT_OK


def cmd_unlock_check(args: argparse.Namespace, access: VaultAccess) -> int:
    with open_session(args, access) as session:
        who = session.user or "the recovery key"
    say(f"The vault opened for {who}, and is locked again.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, access: VaultAccess) -> int:
    """Every check, one line each; exit code 1 when any failed."""
    with open_session(args, access) as session:
        report = session.check(args.checkpoint)
    for item in report.items:
        say(f"{'ok  ' if item.ok else 'FAIL'}  {item.name}: {item.detail}")
    say("The vault is healthy." if report.ok else "The vault has problems (see FAIL above).")
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def cmd_reset_passphrase(args: argparse.Namespace, access: VaultAccess) -> int:
    recovery = read_recovery_key(args)
    new = read_new_passphrase(args)
    access.reset_passphrase_with_recovery(args.vault, recovery, args.user, new)
    say(f"The passphrase for '{args.user}' was reset; the old one no longer works.")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """The four commands, added to ``survivorapp``'s sub-command parser."""
    p = sub.add_parser("init", help="create a new, empty vault")
    vault_arg(p)
    secret_args(p, user_default="admin")
    p.add_argument(
        "--device-binding",
        action="store_true",
        help="also require this computer's keyring to open the vault",
    )
    kdf_seconds_arg(
        p, "target unlock cost in seconds (default 0.5; never below the RFC 9106 floor)"
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("unlock-check", help="check that you can unlock the vault, then lock it")
    unlock_args(p)
    p.set_defaults(func=cmd_unlock_check)

    p = sub.add_parser("check", help="verify encryption, structure, key slots and schema")
    unlock_args(p)
    checkpoint_option(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("reset-passphrase", help="set a new passphrase with the recovery key")
    vault_arg(p)
    secret_args(p)
    p.add_argument("--recovery-key-file", help="read the recovery key from this file")
    p.set_defaults(func=cmd_reset_passphrase)
