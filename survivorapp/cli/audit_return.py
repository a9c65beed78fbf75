"""``survivorapp audit-return DIR... [--k N]``: is every withheld cell still protected?

Runs the attacker of docs/return-spec.md over one or more publication return folders read
together, and prints, for every withheld cell, the tightest interval the published files
allow and whether it meets the protection rule. Exit status 0 when every cell does, 1 when
any does not, 2 for bad usage (a folder that is not a publication return). No vault is opened.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from survivorapp.cli.io import EXIT_OK, EXIT_PROBLEMS, say
from survivorapp.services.access import VaultAccess
from survivorapp.services.return_audit import audit_folders


def cmd_audit_return(args: argparse.Namespace, access: VaultAccess) -> int:
    report = audit_folders(args.returns, args.k)
    for index, folder in enumerate(report.folders):
        say(f"{folder} ({report.labels[index]}):")
        cells = [f for f in report.findings if f.release == index]
        if not cells:
            say("  no withheld cells")
        for finding in cells:
            verdict = "ok  " if finding.protected else "FAIL"
            say(f"  {verdict}  {finding.where()}: {finding.interval()} (k = {finding.k})")
    for note in report.notes:
        say(note)
    withheld, failing = len(report.findings), len(report.failing)
    if failing:
        say(
            f"{failing} of {withheld} withheld cells can be narrowed beyond the rule "
            f"by reading these {len(report.folders)} returns together."
        )
        return EXIT_PROBLEMS
    say(
        f"Every withheld cell is protected ({withheld} cells, {len(report.folders)} returns "
        "read together)."
    )
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "audit-return",
        help="check that no withheld cell of publication returns can be narrowed (anyone)",
    )
    p.add_argument(
        "returns", type=Path, nargs="+", metavar="DIR", help="publication return folders"
    )
    p.add_argument(
        "--k", type=int, default=None, help="judge by this threshold (default: each return's)"
    )
    p.set_defaults(func=cmd_audit_return)
