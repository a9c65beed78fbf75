"""``commissioner-keygen``, ``verify-return`` and ``merge``: the commissioner's commands.

None of them opens a vault: a commissioner works with key files and return folders only.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from survivorapp.cli.io import EXIT_OK, EXIT_PROBLEMS, UsageError, say
from survivorapp.services import commissioner
from survivorapp.services.access import VaultAccess


def cmd_commissioner_keygen(args: argparse.Namespace, access: VaultAccess) -> int:
    """Make a commissioner's key pair for sealed returns (and one for signing merges)."""
    files = commissioner.make_keys(args.out)
    say(f"Made a commissioner key set in {args.out} (key {files.fingerprint}).")
    say(f"  Give organisations:  {files.public_key.name} (they import it in Admin)")
    say(f"  Publish for readers: {files.signing_public_key.name} (checks your merged returns)")
    say(f"  Keep private:        {files.private_key.name}, {files.signing_private_key.name}")
    say("Anyone with the private keys can open every sealed return sent to you: keep them")
    say("on an encrypted drive, with a backup.")
    return EXIT_OK


def cmd_verify_return(args: argparse.Namespace, access: VaultAccess) -> int:
    """Check a return folder's signature and every file's checksum."""
    if not args.dir.is_dir():
        raise UsageError(f"There is no return folder at {args.dir}.")
    check = commissioner.verify_return(args.dir, args.org_key)
    if check.ok:
        say(f"The return in {args.dir} is intact and signed by key {check.key_fingerprint}.")
        return EXIT_OK
    for problem in check.problems:
        say(f"FAIL  {problem}")
    say("Do not rely on this return: ask its sender for a fresh copy.")
    return EXIT_PROBLEMS


def cmd_merge(args: argparse.Namespace, access: VaultAccess) -> int:
    """Verify and open sealed returns, add them up, and write publication-level tables."""
    merged = commissioner.merge_returns(
        args.returns,
        args.key,
        args.trust,
        args.out,
        k=args.k,
        anonymise_organisations=args.anonymise_organisations,
        signing_key_file=args.signing_key,
        against=args.against or (),
    )
    say(
        f"Merged {len(merged.organisations)} returns for {merged.period_label} into "
        f"{args.out} (publication level, k = {args.k})."
    )
    if not merged.signed:
        say("The merged return is not signed; add --signing-key to sign it.")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """The three commands, added to ``survivorapp``'s sub-command parser."""
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
    p.add_argument(
        "--against",
        type=Path,
        action="append",
        metavar="DIR",
        help="an organisation's own publication return to audit the merge with (repeatable)",
    )
    p.add_argument("returns", type=Path, nargs="+", metavar="RETURN", help="sealed return folders")
    p.set_defaults(func=cmd_merge)
