"""The options several commands share: which vault, who is unlocking, and how."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from survivorapp.cli.io import PASSPHRASE_ENV
from survivorapp.paths import default_vault_dir
from survivorapp.services.access import VaultAccess

Command = Callable[[argparse.Namespace, VaultAccess], int]
"""A command: its parsed arguments and the vault access in, the exit code out."""


def vault_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vault",
        type=Path,
        default=default_vault_dir(),
        help="the vault folder (default: %(default)s)",
    )


def secret_args(parser: argparse.ArgumentParser, *, user_default: str | None = None) -> None:
    parser.add_argument("--user", default=user_default, help="your user name")
    parser.add_argument(
        "--passphrase-file", help=f"read the passphrase from this file (or set {PASSPHRASE_ENV})"
    )


def unlock_args(parser: argparse.ArgumentParser) -> None:
    """--vault, --user and --passphrase-file, or --recovery with --recovery-key-file."""
    vault_arg(parser)
    secret_args(parser)
    parser.add_argument("--recovery", action="store_true", help="unlock with the recovery key")
    parser.add_argument("--recovery-key-file", help="read the recovery key from this file")


def kdf_seconds_arg(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--kdf-seconds", type=float, default=None, help=help_text)
