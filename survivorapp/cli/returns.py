"""``survivorapp export-return`` and ``export-org-key``: the anonymised return, headless.

The same service calls as the Returns page: a manager unlocks, the period is checked before
anything else is asked, the passphrase is asked again (or read again from the file or the
environment variable, as ``export-records`` does) and the signed return folder is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from survivorapp.cli.io import EXIT_OK, UsageError, open_session, read_passphrase, say
from survivorapp.cli.options import unlock_args
from survivorapp.services.access import VaultAccess
from survivorapp.services.commissioner import commissioner_key_fingerprint
from survivorapp.services.permissions import Action, PermissionDenied, allowed
from survivorapp.services.returns import ReturnService

LEVELS = ("internal", "sealed", "publication")
LEVEL_NOTES = {
    "internal": "Exact counts, including small numbers: do not share outside the organisation.",
    "sealed": "Exact counts, encrypted so only the commissioner can open them.",
    "publication": "Disclosure-controlled: safe to publish.",
}


def cmd_export_return(args: argparse.Namespace, access: VaultAccess) -> int:
    """Write the signed return for a fixed period at one level (managers)."""
    with open_session(args, access) as session:
        if not allowed(session.actor, Action.EXPORT_RETURN):
            raise PermissionDenied(Action.EXPORT_RETURN)
        returns = session.returns
        period = returns.period(args.period)  # refuse a wrong period before asking again
        key_id = None
        if args.commissioner_key:
            key_id = commissioner_key_id(returns, args.commissioner_key)
        elif args.level == "sealed":
            raise UsageError("A sealed return needs --commissioner-key ID_OR_FILE.")
        passphrase = read_passphrase(args, "Passphrase again, to confirm the export: ")
        exported = returns.export(
            period.label,
            args.level,
            args.out,
            passphrase,
            k=args.k,
            commissioner_key_id=key_id,
        )
    data: dict[str, Any] = dict(exported.manifest.data)
    say(f"Wrote the {args.level} return for {period.label} to {args.out}.")
    suppressed = data.get("suppressed_cells")
    if isinstance(suppressed, dict):
        cells = int(suppressed.get("primary", 0)) + int(suppressed.get("secondary", 0))
        say(
            f"{cells} cells suppressed, {data.get('excluded_for_consent', '0')} cases excluded "
            "for consent."
        )
    say(f"Signed by organisation key {data.get('organisation_key')}.")
    say(f"Manifest SHA-256 (also in the audit log): {exported.checksum}")
    say(LEVEL_NOTES[args.level])
    return EXIT_OK


def commissioner_key_id(returns: ReturnService, given: str) -> int:
    """An imported commissioner key named by its number, its fingerprint or its file."""
    known = returns.commissioner_keys()
    if given.isdigit() and any(k.id == int(given) for k in known):
        return int(given)
    wanted = given.strip()
    path = Path(given)
    if path.is_file():
        wanted = commissioner_key_fingerprint(path)
    for key in known:
        if key.fingerprint == wanted:
            return key.id
    listing = "; ".join(f"{k.id} = {k.label} ({k.fingerprint})" for k in known) or "none yet"
    raise UsageError(
        "That commissioner key has not been imported into this vault. An administrator "
        f"imports it in Admin, under Commissioner keys. Imported keys: {listing}."
    )


def cmd_export_org_key(args: argparse.Namespace, access: VaultAccess) -> int:
    """Write the organisation's public signing key, for commissioners to check returns."""
    if not args.out.parent.is_dir():
        raise UsageError(f"The folder {args.out.parent} does not exist.")
    with open_session(args, access) as session:
        printed = session.returns.export_organisation_key(args.out)
    say(f"Wrote the organisation's public key to {args.out} (fingerprint {printed}).")
    say("Send it to your commissioner, and read the fingerprint to them to check it arrived.")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """The two commands, added to ``survivorapp``'s sub-command parser."""
    p = sub.add_parser(
        "export-return", help="write the signed anonymised return for a fixed period (managers)"
    )
    unlock_args(p)
    p.add_argument(
        "--period",
        required=True,
        help="a financial quarter such as 2026-Q2 or a financial year such as 2026-27",
    )
    p.add_argument("--level", required=True, choices=LEVELS, help="how much leaves: see docs")
    p.add_argument("--out", type=Path, required=True, help="a new (or empty) folder to write")
    p.add_argument("--k", type=int, default=10, help="smallest count shown (default 10, min 5)")
    p.add_argument(
        "--commissioner-key",
        metavar="ID_OR_FILE",
        help="for a sealed return: an imported commissioner key (number, fingerprint or file)",
    )
    p.set_defaults(func=cmd_export_return)

    p = sub.add_parser("export-org-key", help="write the organisation's public signing key")
    unlock_args(p)
    p.add_argument("--out", type=Path, required=True, help="the new .pem file to write")
    p.set_defaults(func=cmd_export_org_key)
