"""The command-line interface: ``survivorapp <command> --vault DIR``.

Passphrases come from an interactive prompt, or for scripts from ``--passphrase-file FILE`` or
the ``SURVIVORAPP_PASSPHRASE`` environment variable; never from a command-line argument, where
other users could read it in the process list. Errors are printed as one plain sentence, never
a traceback. Exit codes: 0 success, 1 a check found problems, 2 bad usage, 3 the vault refused.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from survivorapp import __version__
from survivorapp.paths import default_vault_dir
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.vault.errors import VaultError

PASSPHRASE_ENV = "SURVIVORAPP_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in how the command was called."""


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


# --- reading secrets --------------------------------------------------------------------------


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
    if getattr(args, "recovery", False):
        return access.unlock_with_recovery(args.vault, read_recovery_key(args))
    user = args.user or _ask("User name: ")
    return access.unlock(args.vault, user, read_passphrase(args))


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError("No user name given. Use --user NAME.")
    return input(prompt)


# --- commands ---------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, access: VaultAccess) -> int:
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
    _say(f"Created a vault in {args.vault} with administrator '{args.user}'.")
    _say("")
    _say("RECOVERY KEY (shown once; print or write it down and keep it somewhere safe):")
    _say("")
    _say(f"    {created.recovery_key}")
    _say("")
    _say("Anyone with this key can open the vault. Without it, a forgotten passphrase")
    _say("cannot be reset and the data cannot be recovered.")
    return EXIT_OK


def cmd_unlock_check(args: argparse.Namespace, access: VaultAccess) -> int:
    with open_session(args, access) as session:
        who = session.user or "the recovery key"
    _say(f"The vault opened for {who}, and is locked again.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, access: VaultAccess) -> int:
    with open_session(args, access) as session:
        report = session.check()
    for item in report.items:
        _say(f"{'ok  ' if item.ok else 'FAIL'}  {item.name}: {item.detail}")
    _say("The vault is healthy." if report.ok else "The vault has problems (see FAIL above).")
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def cmd_reset_passphrase(args: argparse.Namespace, access: VaultAccess) -> int:
    recovery = read_recovery_key(args)
    new = read_new_passphrase(args)
    access.reset_passphrase_with_recovery(args.vault, recovery, args.user, new)
    _say(f"The passphrase for '{args.user}' was reset; the old one no longer works.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, access: VaultAccess) -> int:
    """Fill a vault (created first if the folder holds none) with synthetic records."""
    import time

    from survivorapp.services.permissions import PermissionDenied
    from survivorapp.services.synthetic import populate as synthetic
    from survivorapp.services.synthetic.demo import DEMO_PASSPHRASE

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
        _say(f"Created a vault in {args.vault} with administrator '{args.user}'.")
        _say(f"Recovery key (keep it if this vault matters): {created.recovery_key}")
    with session:
        try:
            summary = synthetic.populate(session, cases=args.cases, seed=args.seed)
        except synthetic.VaultNotEmpty as exc:
            raise UsageError(exc.user_message) from None
        except PermissionDenied as exc:
            _warn(exc.user_message)
            return EXIT_REFUSED
    _say(
        f"Generated {summary.cases:,} synthetic cases for {summary.survivors:,} survivors "
        f"(seed {summary.seed}, dates up to {summary.anchor.isoformat()}): "
        f"{summary.incidents:,} incidents, {summary.sessions:,} sessions, "
        f"{summary.consents:,} consent records, {summary.tasks:,} tasks, "
        f"{summary.safe_contacts:,} safe-contact records, {summary.referrals:,} referrals, "
        f"{summary.contact_attempts:,} contact attempts, "
        f"{summary.feedback:,} feedback questionnaires."
    )
    if summary.staff_added:
        _say(
            f"Added demo staff accounts (passphrase '{DEMO_PASSPHRASE}'): "
            f"{', '.join(summary.staff_added)}."
        )
    _say(f"Done in {time.perf_counter() - started:.1f} s.")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, access: VaultAccess) -> int:
    """Check every line of a records file, then import all of it or nothing."""
    from survivorapp.services.interchange.service import ImportRejected, InterchangeService
    from survivorapp.services.permissions import PermissionDenied

    if not args.file.is_file():
        raise UsageError(f"There is no file at {args.file}.")
    with open_session(args, access) as session:
        service = InterchangeService(session.ctx)
        try:
            if args.check_only:
                problems = service.validate_file(args.file)
                if problems:
                    raise ImportRejected(problems)
                _say("The file has no problems; run again without --check-only to import it.")
                return EXIT_OK
            counts = service.import_file(args.file)
        except ImportRejected as exc:
            for problem in exc.problems:
                _say(str(problem))
            _say("Nothing was imported.")
            return EXIT_CHECK_FAILED
        except PermissionDenied as exc:
            _warn(exc.user_message)
            return EXIT_REFUSED
    summary = ", ".join(f"{n:,} {kind}" for kind, n in counts.items() if n)
    _say(f"Imported {sum(counts.values()):,} records ({summary}).")
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
        try:
            if not allowed(session.actor, Action.EXPORT_RECORDS):
                raise PermissionDenied(Action.EXPORT_RECORDS)
            passphrase = read_passphrase(args, "Passphrase again, to confirm the export: ")
            counts = InterchangeService(session.ctx).export_records(out, passphrase)
        except PermissionDenied as exc:
            _warn(exc.user_message)
            return EXIT_REFUSED
    _say(f"Exported {sum(counts.values()):,} records to {out}.")
    _say("")
    _say("This file holds case records in plain text and is readable without a passphrase.")
    _say("Keep it on an encrypted drive, send it only by a secure route, and delete it when")
    _say("it is no longer needed. Only your user account can read it on this computer.")
    return EXIT_OK


# --- anonymised returns: commissioner keys, verification, merging --------------------------------


def cmd_commissioner_keygen(args: argparse.Namespace, access: VaultAccess) -> int:
    """Make a commissioner's key pair for sealed returns (and one for signing merges)."""
    from survivorapp.reporting.keys import KeyFileError, generate_commissioner_keys

    try:
        files = generate_commissioner_keys(args.out)
    except KeyFileError as exc:
        raise UsageError(str(exc)) from None
    _say(f"Made a commissioner key set in {args.out} (key {files.fingerprint}).")
    _say(f"  Give organisations:  {files.public_key.name} (they import it in Admin)")
    _say(f"  Publish for readers: {files.signing_public_key.name} (checks your merged returns)")
    _say(f"  Keep private:        {files.private_key.name}, {files.signing_private_key.name}")
    _say("Anyone with the private keys can open every sealed return sent to you: keep them")
    _say("on an encrypted drive, with a backup.")
    return EXIT_OK


def cmd_verify_return(args: argparse.Namespace, access: VaultAccess) -> int:
    """Check a return folder's signature and every file's checksum."""
    from survivorapp.reporting.keys import KeyFileError, fingerprint, load_signing_public_key
    from survivorapp.reporting.signing import verify_return

    if not args.dir.is_dir():
        raise UsageError(f"There is no return folder at {args.dir}.")
    try:
        key = load_signing_public_key(args.org_key)
    except KeyFileError as exc:
        raise UsageError(str(exc)) from None
    report = verify_return(args.dir, key)
    if report.ok:
        _say(f"The return in {args.dir} is intact and signed by key {fingerprint(key)}.")
        return EXIT_OK
    for problem in report.problems:
        _say(f"FAIL  {problem}")
    _say("Do not rely on this return: ask its sender for a fresh copy.")
    return EXIT_CHECK_FAILED


def cmd_merge(args: argparse.Namespace, access: VaultAccess) -> int:
    """Verify and open sealed returns, add them up, and write publication-level tables."""
    from survivorapp.reporting.export import OutputFolderError
    from survivorapp.reporting.keys import (
        KeyFileError,
        load_commissioner_private_key,
        load_signing_private_key,
    )
    from survivorapp.reporting.merge import MergeRefused, load_trusted_keys, merge

    try:
        key = load_commissioner_private_key(args.key)
        signing = load_signing_private_key(args.signing_key) if args.signing_key else None
    except KeyFileError as exc:
        raise UsageError(str(exc)) from None
    try:
        result = merge(
            args.returns,
            key,
            load_trusted_keys(args.trust),
            args.out,
            k=args.k,
            anonymise_organisations=args.anonymise_organisations,
            signing_key=signing,
        )
    except MergeRefused as exc:
        _warn(exc.user_message)
        return EXIT_CHECK_FAILED
    except (OutputFolderError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    _say(
        f"Merged {len(result.organisations)} returns for {result.merged.period.label} into "
        f"{args.out} (publication level, k = {args.k})."
    )
    if not signing:
        _say("The merged return is not signed; add --signing-key to sign it.")
    return EXIT_OK


# --- parser -----------------------------------------------------------------------------------


def _vault_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vault",
        type=Path,
        default=default_vault_dir(),
        help="the vault folder (default: %(default)s)",
    )


def _secret_args(parser: argparse.ArgumentParser, *, user_default: str | None = None) -> None:
    parser.add_argument("--user", default=user_default, help="your user name")
    parser.add_argument(
        "--passphrase-file", help=f"read the passphrase from this file (or set {PASSPHRASE_ENV})"
    )


def _unlock_args(parser: argparse.ArgumentParser) -> None:
    _vault_arg(parser)
    _secret_args(parser)
    parser.add_argument("--recovery", action="store_true", help="unlock with the recovery key")
    parser.add_argument("--recovery-key-file", help="read the recovery key from this file")


Command = Callable[[argparse.Namespace, VaultAccess], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="survivorapp",
        description="Offline, encrypted case records. With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"survivorapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new, empty vault")
    _vault_arg(p)
    _secret_args(p, user_default="admin")
    p.add_argument(
        "--device-binding",
        action="store_true",
        help="also require this computer's keyring to open the vault",
    )
    p.add_argument(
        "--kdf-seconds",
        type=float,
        default=None,
        help="target unlock cost in seconds (default 0.5; never below the RFC 9106 floor)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("unlock-check", help="check that you can unlock the vault, then lock it")
    _unlock_args(p)
    p.set_defaults(func=cmd_unlock_check)

    p = sub.add_parser("check", help="verify encryption, structure, key slots and schema")
    _unlock_args(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("reset-passphrase", help="set a new passphrase with the recovery key")
    _vault_arg(p)
    _secret_args(p)
    p.add_argument("--recovery-key-file", help="read the recovery key from this file")
    p.set_defaults(func=cmd_reset_passphrase)

    from survivorapp.services.synthetic.demo import DEMO_CASES, DEMO_SEED, DEMO_USER

    p = sub.add_parser("demo", help="fill a vault (new or empty) with synthetic records")
    _vault_arg(p)
    _secret_args(p, user_default=DEMO_USER)
    p.add_argument("--cases", type=int, default=DEMO_CASES, help="how many (default %(default)s)")
    p.add_argument("--seed", type=int, default=DEMO_SEED, help="same seed, same data")
    p.add_argument(
        "--kdf-seconds",
        type=float,
        default=None,
        help="for a new vault: target unlock cost in seconds (0 uses the RFC 9106 floor)",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="import records from a JSON Lines file (all or nothing)")
    _unlock_args(p)
    p.add_argument("file", type=Path, help="the records file (see docs/interchange.md)")
    p.add_argument(
        "--check-only", action="store_true", help="check the file and report; import nothing"
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export-records", help="export every record for a subject-access request (admin)"
    )
    _unlock_args(p)
    p.add_argument("--out", type=Path, required=True, help="the new file to write")
    p.set_defaults(func=cmd_export_records)

    p = sub.add_parser("commissioner-keygen", help="make a commissioner's keys for sealed returns")
    p.add_argument("--out", type=Path, required=True, help="a new (or empty) folder for the keys")
    p.set_defaults(func=cmd_commissioner_keygen)

    p = sub.add_parser("verify-return", help="check a return folder's signature and files")
    p.add_argument("dir", type=Path, help="the return folder")
    p.add_argument(
        "--org-key", type=Path, required=True, help="the organisation's public key (PEM)"
    )
    p.set_defaults(func=cmd_verify_return)

    p = sub.add_parser("merge", help="merge sealed returns into publication-level tables")
    p.add_argument("--key", type=Path, required=True, help="your commissioner private key")
    p.add_argument(
        "--trust", type=Path, required=True, help="folder of organisation public keys (*.pem)"
    )
    p.add_argument("--out", type=Path, required=True, help="a new folder for the merged return")
    p.add_argument(
        "--anonymise-organisations",
        action="store_true",
        help="leave organisation keys out of the manifest (GBVIMS information-sharing rule)",
    )
    p.add_argument("--k", type=int, default=10, help="threshold k (default 10, at least 5)")
    p.add_argument("--signing-key", type=Path, help="your signing key, to sign the merged return")
    p.add_argument("returns", type=Path, nargs="+", metavar="RETURN", help="sealed return folders")
    p.set_defaults(func=cmd_merge)

    from survivorapp import cli_returns  # export-return, export-org-key

    cli_returns.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None, access: VaultAccess | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "reset-passphrase" and not args.user:
        parser.error("reset-passphrase needs --user NAME")
    func: Command = args.func
    try:
        return func(args, access or VaultAccess())
    except UsageError as exc:
        _warn(str(exc))
        return EXIT_USAGE
    except VaultError as exc:
        _warn(exc.user_message)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _warn("Stopped.")
        return EXIT_USAGE
