"""``demo``, ``import`` and ``export-records``: case records in and out of a vault."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from survivorapp.cli.io import (
    EXIT_OK,
    UsageError,
    open_session,
    read_new_passphrase,
    read_passphrase,
    say,
)
from survivorapp.cli.options import kdf_seconds_arg, secret_args, unlock_args, vault_arg
from survivorapp.services.access import VaultAccess
from survivorapp.services.synthetic.demo_defaults import (
    DEMO_CASES,
    DEMO_PASSPHRASE,
    DEMO_SEED,
    DEMO_USER,
)


def cmd_demo(args: argparse.Namespace, access: VaultAccess) -> int:
    """Fill a vault (created first if the folder holds none) with synthetic records."""
    from survivorapp.services.synthetic import populate as synthetic  # the generator is large

    if args.cases < 0:
        raise UsageError("--cases can't be negative.")
    started = time.perf_counter()
    if access.exists(args.vault):
        session = open_session(args, access)
    else:
        created = access.create(
            args.vault, args.user, read_new_passphrase(args), kdf_target_seconds=args.kdf_seconds
        )
        session = created.session
        say(f"Created a vault in {args.vault} with administrator '{args.user}'.")
        say(f"Recovery key (keep it if this vault matters): {created.recovery_key}")
    with session:
        summary = synthetic.populate(session, cases=args.cases, seed=args.seed)
    say(
        f"Generated {summary.cases:,} synthetic cases for {summary.survivors:,} survivors "
        f"(seed {summary.seed}, dates up to {summary.anchor.isoformat()}): "
        f"{summary.incidents:,} incidents, {summary.sessions:,} sessions, "
        f"{summary.consents:,} consent records, {summary.tasks:,} tasks, "
        f"{summary.safe_contacts:,} safe-contact records, {summary.referrals:,} referrals, "
        f"{summary.contact_attempts:,} contact attempts, "
        f"{summary.feedback:,} feedback questionnaires."
    )
    if summary.staff_added:
        say(
            f"Added demo staff accounts (passphrase '{DEMO_PASSPHRASE}'): "
            f"{', '.join(summary.staff_added)}."
        )
    say(f"Done in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, access: VaultAccess) -> int:
    """Check every line of a records file, then import all of it or nothing."""
    from survivorapp.services.interchange.service import ImportRejected, InterchangeService

    if not args.file.is_file():
        raise UsageError(f"There is no file at {args.file}.")
    with open_session(args, access) as session:
        service = InterchangeService(session.ctx)
        if args.check_only:
            problems = service.validate_file(args.file)
            if problems:
                raise ImportRejected(problems)
            say("The file has no problems; run again without --check-only to import it.")
            return EXIT_OK
        counts = service.import_file(args.file)
    summary = ", ".join(f"{n:,} {kind}" for kind, n in counts.items() if n)
    say(f"Imported {sum(counts.values()):,} records ({summary}).")
    return EXIT_OK


def cmd_export_records(args: argparse.Namespace, access: VaultAccess) -> int:
    """A full, readable export for a subject-access request (administrators only)."""
    from survivorapp.services.interchange.service import InterchangeService
    from survivorapp.services.permissions import Action, PermissionDenied, allowed

    out: Path = args.out
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new file name for the export.")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")
    with open_session(args, access) as session:
        if not allowed(session.actor, Action.EXPORT_RECORDS):
            raise PermissionDenied(Action.EXPORT_RECORDS)  # before asking for it again
        passphrase = read_passphrase(args, "Passphrase again, to confirm the export: ")
        counts = InterchangeService(session.ctx).export_records(out, passphrase)
    say(f"Exported {sum(counts.values()):,} records to {out}.")
    say("")
    say("This file holds case records in plain text and is readable without a passphrase.")
    say("Keep it on an encrypted drive, send it only by a secure route, and delete it when")
    say("it is no longer needed. Only your user account can read it on this computer.")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """The three commands, added to ``survivorapp``'s sub-command parser."""
    p = sub.add_parser("demo", help="fill a vault (new or empty) with synthetic records")
    vault_arg(p)
    secret_args(p, user_default=DEMO_USER)
    p.add_argument("--cases", type=int, default=DEMO_CASES, help="how many (default %(default)s)")
    p.add_argument("--seed", type=int, default=DEMO_SEED, help="same seed, same data")
    kdf_seconds_arg(p, "for a new vault: target unlock cost in seconds (0 uses the RFC 9106 floor)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="import records from a JSON Lines file (all or nothing)")
    unlock_args(p)
    p.add_argument("file", type=Path, help="the records file (see docs/interchange.md)")
    p.add_argument(
        "--check-only", action="store_true", help="check the file and report; import nothing"
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export-records", help="export every record for a subject-access request (admin)"
    )
    unlock_args(p)
    p.add_argument("--out", type=Path, required=True, help="the new file to write")
    p.set_defaults(func=cmd_export_records)
