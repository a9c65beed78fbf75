"""The command-line interface: ``survivorapp <command> --vault DIR``.

Commands live by area (``vault_commands``, ``records``, ``commissioner``, ``returns``); what
they share (exit codes, output, reading secrets) is in ``io``. A command raises a
:class:`UserFacingError` for anything a person must put right, and :func:`run_command` is the
one place that turns it into a plain sentence and an exit code: 0 success, 1 a check or import
found problems, 2 bad usage, 3 the vault refused. Never a traceback.

The command line calls the services only: never the vault, the reporting code or Qt.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from survivorapp import __version__
from survivorapp.cli import (
    audit_commands,
    audit_return,
    backups,
    commissioner,
    records,
    rekey,
    returns,
    vault_commands,
)
from survivorapp.cli.io import EXIT_USAGE, say, warn
from survivorapp.cli.options import Command
from survivorapp.domain.errors import UserFacingError
from survivorapp.services.access import VaultAccess
from survivorapp.services.interchange.service import ImportRejected

__all__ = ["build_parser", "main", "run_command"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="survivorapp",
        description="Offline, encrypted case records. With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"survivorapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    vault_commands.add_parsers(sub)  # init, unlock-check, check, reset-passphrase
    records.add_parsers(sub)  # demo, import, export-records
    commissioner.add_parsers(sub)  # commissioner-keygen, verify-return, merge
    returns.add_parsers(sub)  # export-return, export-org-key
    audit_return.add_parsers(sub)  # audit-return
    backups.add_parsers(sub)  # backup, verify-backup, restore
    audit_commands.add_parsers(sub)  # audit-checkpoint
    rekey.add_parsers(sub)  # rekey
    return parser


def report(exc: UserFacingError) -> None:
    """How an error reads on the command line.

    A rejected import lists its problems on standard output, line by line, as ``check``
    lists what failed; every other error is its one sentence on standard error.
    """
    if isinstance(exc, ImportRejected):
        for problem in exc.problems:
            say(str(problem))
        say("Nothing was imported.")
    else:
        warn(exc.user_message)


def run_command(command: Command, args: argparse.Namespace, access: VaultAccess) -> int:
    """Run one command; the one place errors become messages and exit codes."""
    try:
        return command(args, access)
    except UserFacingError as exc:
        report(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        warn("Stopped.")
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None, access: VaultAccess | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "reset-passphrase" and not args.user:
        parser.error("reset-passphrase needs --user NAME")
    return run_command(args.func, args, access or VaultAccess())
