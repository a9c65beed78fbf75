"""``audit-return``: the attacker of docs/return-spec.md, run over published return folders.

Anyone holding publication returns (a manager before sending one, a commissioner on receipt)
can ask how tightly the published files, read together, bound every withheld cell, and
whether that meets the protection rule. No vault is opened: files in, a report out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.reporting.audit import Finding, Infeasible, audit
from survivorapp.reporting.disclosure import MIN_K
from survivorapp.reporting.release_folder import read_release
from survivorapp.reporting.serialise import MalformedReturn

__all__ = ["AuditRefused", "FolderAudit", "audit_folders"]


class AuditRefused(UserFacingError):
    """A folder could not be read as a publication return; ``user_message`` says which."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        self.user_message = message
        super().__init__(message)


@dataclass(frozen=True)
class FolderAudit:
    """The attacker's interval for every withheld cell of every folder, read together."""

    folders: tuple[Path, ...]
    labels: tuple[str, ...]  # per folder: its period and k, for the report
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return all(f.protected for f in self.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.protected)


def audit_folders(folders: Sequence[Path], k: int | None = None) -> FolderAudit:
    """Audit the folders together; ``k`` judges every cell by that threshold instead."""
    if k is not None and k < MIN_K:
        raise AuditRefused(f"k = {k} is refused: the 10-5 rule never goes below {MIN_K}.")
    releases = []
    for folder in folders:
        if not folder.is_dir():
            raise AuditRefused(f"There is no return folder at {folder}.")
        try:
            releases.append(read_release(folder))
        except MalformedReturn as exc:
            raise AuditRefused(str(exc)) from None
    try:
        result = audit(releases)
    except Infeasible:
        raise AuditRefused(
            "These returns contradict themselves: a table's published cells cannot add up "
            "as the specification says. They were not made by survivorapp as published."
        ) from None
    findings = result.findings
    if k is not None:
        findings = tuple(replace(f, k=k) for f in findings)
    labels = tuple(f"{r.period.label}, k = {r.k}" for r in releases)
    return FolderAudit(tuple(folders), labels, findings, tuple(result.notes()))
