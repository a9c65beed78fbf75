"""``audit-checkpoint`` and ``check --checkpoint``: a witness of the audit log kept elsewhere.

Anyone holding the data key could rewrite the database, and the checkpoint beside it, so the
strongest check of the audit log is against a checkpoint kept somewhere they cannot reach: a
manager writes one with ``audit-checkpoint --out FILE`` and keeps or sends it elsewhere;
``check --checkpoint FILE`` later compares the log with it (docs/threat-model.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from survivorapp.cli.io import EXIT_OK, open_session, say
from survivorapp.cli.options import unlock_args
from survivorapp.services.access import VaultAccess


def cmd_audit_checkpoint(args: argparse.Namespace, access: VaultAccess) -> int:
    with open_session(args, access) as session:
        entries = session.audit.write_checkpoint(args.out)
    say(f"Wrote a signed checkpoint of the audit log ({entries} entries) to {args.out}.")
    say("Keep it away from the vault's folder (another drive, or with someone else).")
    say("'survivorapp check --checkpoint FILE' later shows whether the log still agrees.")
    return EXIT_OK


def checkpoint_option(parser: argparse.ArgumentParser) -> None:
    """``check``'s ``--checkpoint FILE`` (may be given more than once)."""
    parser.add_argument(
        "--checkpoint",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="also compare the audit log with this checkpoint (from audit-checkpoint)",
    )


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "audit-checkpoint", help="write a signed checkpoint of the audit log to keep elsewhere"
    )
    unlock_args(p)
    p.add_argument("--out", type=Path, required=True, help="the file to write")
    p.set_defaults(func=cmd_audit_checkpoint)
