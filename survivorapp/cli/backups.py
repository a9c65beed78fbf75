"""``backup``, ``verify-backup`` and ``restore``: copies of the vault that survive the laptop.

``restore`` writes into a new folder only. When the backup is older than the newest one known
for its vault, or is of another vault than this computer knows, it says what would be lost and
stops, until it is run again with ``--yes-restore-anyway``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from survivorapp.cli.io import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_REFUSED,
    open_session,
    read_passphrase,
    read_recovery_key,
    say,
    warn,
)
from survivorapp.cli.options import secret_args, unlock_args
from survivorapp.domain.errors import UserFacingError
from survivorapp.domain.progress import silent
from survivorapp.services.access import VaultAccess
from survivorapp.services.backups import Rotation
from survivorapp.services.restore import Credentials, RestoreService, describe

#: Tables that are bookkeeping rather than records, left out of the counts people read.
NOT_RECORDS = frozenset({"vault_meta", "settings", "organisation_keys"})


def _credentials(args: argparse.Namespace) -> Credentials:
    if args.recovery:
        return Credentials(recovery_key=read_recovery_key(args))
    if not args.user:
        from survivorapp.cli.io import ask

        args.user = ask("User name: ")
    return Credentials(user=args.user, passphrase=read_passphrase(args))


def _counts(counts: dict[str, int]) -> str:
    shown = [f"{n} {name}" for name, n in sorted(counts.items()) if n and name not in NOT_RECORDS]
    return ", ".join(shown) or "no records"


def cmd_backup(args: argparse.Namespace, access: VaultAccess) -> int:
    rotation: Rotation | None = Rotation(enabled=False)
    if args.rotate:  # the organisation's settings (None), unless numbers are given here
        keep = (args.keep_daily, args.keep_weekly, args.keep_monthly)
        default = Rotation()
        rotation = None
        if any(k is not None for k in keep):
            rotation = Rotation(
                default.daily if args.keep_daily is None else args.keep_daily,
                default.weekly if args.keep_weekly is None else args.keep_weekly,
                default.monthly if args.keep_monthly is None else args.keep_monthly,
            )
    with open_session(args, access) as session:
        done = session.backups.backup_now(Path(args.to), silent(), rotation)
    size = f"{done.size / 1_000_000:.1f} MB"
    say(f"Backed up to {done.folder} ({size}, generation {done.generation}).")
    say(f"It holds {_counts(done.counts)}.")
    if done.removed:
        say(f"Rotation removed {done.removed} older backup(s).")
    return EXIT_OK


def cmd_verify_backup(args: argparse.Namespace, access: VaultAccess) -> int:
    """One backup, or every backup in a folder of backups; one line each."""
    service = RestoreService(access)
    path = Path(args.backup)
    folders = service.backups_in(path) or [path]
    credentials = _credentials(args)
    failed = 0
    for folder in folders:
        try:
            verified = service.verify(folder, credentials, silent())
        except UserFacingError as exc:
            failed += 1
            say(f"FAIL  {folder.name}: {exc.user_message}")
            continue
        manifest = verified.manifest
        say(f"ok    {folder.name}: {describe(manifest)}; {_counts(manifest.counts)}")
    if failed:
        say(f"{failed} of {len(folders)} backup(s) failed verification.")
        return EXIT_PROBLEMS
    say("The backup is intact." if len(folders) == 1 else "Every backup is intact.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, access: VaultAccess) -> int:
    service = RestoreService(access)
    source = Path(args.source)
    source = service.newest_in(source) or source
    reasons = service.confirmations_needed(source)
    if reasons and not args.yes_restore_anyway:
        for reason in reasons:
            warn(reason)
        warn(
            "Nothing was restored. Run again with --yes-restore-anyway to restore it all the same."
        )
        return EXIT_REFUSED
    result = service.restore(
        source, Path(args.to), _credentials(args), silent(), confirmed=bool(reasons)
    )
    say(f"Restored the backup {describe(result.manifest)} into {result.target}.")
    say(f"It holds {_counts(result.manifest.counts)}.")
    for item in result.check.items:
        say(f"{'ok  ' if item.ok else 'FAIL'}  {item.name}: {item.detail}")
    if not result.check.ok:
        say("The restored vault has problems (see FAIL above).")
        return EXIT_PROBLEMS
    say("The restored vault is healthy. Open it with the same passphrases (or the recovery key).")
    return EXIT_OK


def _credential_args(parser: argparse.ArgumentParser) -> None:
    secret_args(parser)
    parser.add_argument(
        "--recovery", action="store_true", help="open the backup with the recovery key"
    )
    parser.add_argument("--recovery-key-file", help="read the recovery key from this file")


def add_parsers(sub: Any) -> None:
    """The three commands, added to ``survivorapp``'s sub-command parser."""
    p = sub.add_parser("backup", help="write an encrypted, verified backup of the vault")
    unlock_args(p)
    p.add_argument("--to", required=True, help="the folder that receives the backup")
    p.add_argument(
        "--rotate",
        action="store_true",
        help="then delete this vault's older backups there that rotation does not keep",
    )
    for period in ("daily", "weekly", "monthly"):
        p.add_argument(
            f"--keep-{period}",
            type=int,
            default=None,
            help=f"with --rotate: {period} backups kept (default: the organisation's setting)",
        )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "verify-backup", help="check a backup (or a folder of backups); writes nothing"
    )
    p.add_argument("backup", metavar="FILE_OR_FOLDER")
    _credential_args(p)
    p.set_defaults(func=cmd_verify_backup)

    p = sub.add_parser("restore", help="restore a backup into a new vault folder")
    p.add_argument("--from", dest="source", required=True, help="a backup, or a folder of them")
    p.add_argument("--to", required=True, help="a new folder for the restored vault")
    _credential_args(p)
    p.add_argument(
        "--yes-restore-anyway",
        action="store_true",
        help="restore even an older backup, or another vault's, after being told what is lost",
    )
    p.set_defaults(func=cmd_restore)
