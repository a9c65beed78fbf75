"""The directory of local organisations: everyone who takes referrals reads it, managers keep it.

Reading needs CREATE_CASE (anyone who takes referrals); changing needs MANAGE_DIRECTORY
(managers). Every change writes an audit entry naming the entry's id and the fields changed.

Removing an organisation that referrals name is allowed: each referral keeps the name it was
made with (``Referral.organisation_name``) and only loses the link, so what was referred where
is never rewritten; :meth:`DirectoryService.remove` says how many referrals that was.

A CSV import (:meth:`DirectoryService.import_csv`) is all or nothing: every line is parsed and
checked, including against the entries already in the directory, and nothing is written unless
every line is good. The report lists every bad line with its number and what to change.
"""

from __future__ import annotations

import dataclasses

from survivorapp.domain.problems import Problem
from survivorapp.domain.referrals.directory import (
    DirectoryOrganisation,
    name_key,
    same_organisation,
)
from survivorapp.domain.referrals.directory_csv import (
    ImportReport,
    RowProblem,
    already_listed,
    format_directory_csv,
    parse_directory_csv,
)
from survivorapp.services.context import NotFound, ServiceContext, changed_fields
from survivorapp.services.justice import filled_fields
from survivorapp.services.permissions import Action, PermissionDenied, allowed
from survivorapp.vault.directory import DirectoryRepository
from survivorapp.vault.referrals import ReferralQueries

MAX_IMPORT_CHARACTERS = 5_000_000

__all__ = ["DirectoryService", "ImportReport"]


class DirectoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.repo = DirectoryRepository(ctx.conn)
        self._referrals = ReferralQueries(ctx.conn)

    @property
    def can_manage(self) -> bool:
        return allowed(self.ctx.actor, Action.MANAGE_DIRECTORY)

    def _require_read(self) -> None:
        actor = self.ctx.actor
        if not (allowed(actor, Action.CREATE_CASE) or allowed(actor, Action.MANAGE_DIRECTORY)):
            raise PermissionDenied(Action.CREATE_CASE)

    # --- reading ----------------------------------------------------------------------------

    def list(
        self, search: str | None = None, destination_type: str | None = None
    ) -> list[DirectoryOrganisation]:
        """Entries in name order; ``search`` matches words in the name, borough code, notes
        or address (the directory is small, so it is filtered here)."""
        self._require_read()
        found = self.repo.by_name()
        if destination_type:
            found = [o for o in found if o.destination_type == destination_type]
        words = name_key(search or "").split()
        if words:
            found = [o for o in found if all(w in _haystack(o) for w in words)]
        return found

    def get(self, organisation_id: int) -> DirectoryOrganisation:
        self._require_read()
        found = self.repo.get("id", organisation_id)
        if found is None:
            raise NotFound("organisation")
        return found

    def export_csv(self) -> str:
        """The whole directory in the import format (to edit in a spreadsheet and re-import)."""
        return format_directory_csv(self.list())

    # --- changing ----------------------------------------------------------------------------

    def add(self, organisation: DirectoryOrganisation) -> DirectoryOrganisation:
        self.ctx.require(Action.MANAGE_DIRECTORY)
        organisation = dataclasses.replace(organisation, id=None)
        self._check(organisation)
        with self.ctx.write():
            new_id = self.repo.insert(organisation)
            self.ctx.record(
                "create", "directory_organisation", str(new_id), fields=filled_fields(organisation)
            )
        return dataclasses.replace(organisation, id=new_id)

    def update(self, organisation: DirectoryOrganisation) -> DirectoryOrganisation:
        """Change an entry. Referrals already made keep the name they were made with."""
        self.ctx.require(Action.MANAGE_DIRECTORY)
        old = None if organisation.id is None else self.repo.get("id", organisation.id)
        if old is None:
            raise NotFound("organisation")
        self._check(organisation)
        with self.ctx.write():
            self.repo.update(organisation)
            self.ctx.record(
                "change",
                "directory_organisation",
                str(organisation.id),
                fields=changed_fields(old, organisation),
            )
        return organisation

    def remove(self, organisation_id: int) -> int:
        """Remove an entry; returns how many referrals named it (they keep its name)."""
        self.ctx.require(Action.MANAGE_DIRECTORY)
        if self.repo.get("id", organisation_id) is None:
            raise NotFound("organisation")
        used = self._referrals.uses_of_organisation(organisation_id)
        with self.ctx.write():
            self.repo.delete(organisation_id)
            self.ctx.record("delete", "directory_organisation", str(organisation_id))
        return used

    def _check(self, organisation: DirectoryOrganisation) -> None:
        problems = organisation.validate(self.ctx.vocabularies, self.ctx.today())
        twin = next(
            (
                o
                for o in self.repo.select()
                if o.id != organisation.id and same_organisation(o, organisation)
            ),
            None,
        )
        if twin is not None:
            problems.append(
                Problem(
                    "name",
                    "This organisation is already in the directory for that borough. Please "
                    "change that entry instead, or add the borough to tell them apart.",
                )
            )
        self.ctx.validate(problems)

    def import_csv(self, text: str) -> ImportReport:
        """Add every organisation in a CSV file, or none: see ``docs/directory-csv.md``.

        Returns the report: how many were added, or every problem with its line number (and
        then nothing was written).
        """
        self.ctx.require(Action.MANAGE_DIRECTORY)
        if len(text) > MAX_IMPORT_CHARACTERS:
            return ImportReport(0, _too_large())
        parsed = parse_directory_csv(text, self.ctx.vocabularies)
        problems = [*parsed.problems, *already_listed(parsed.rows, self.repo.select())]
        if problems:
            return ImportReport(0, tuple(sorted(problems, key=lambda p: p.line)))
        with self.ctx.write():
            for row in parsed.rows:
                self.repo.insert(row.organisation)
            self.ctx.record(
                "import",
                "directory_organisation",
                str(len(parsed.rows)),
                fields=sorted({f for r in parsed.rows for f in filled_fields(r.organisation)}),
            )
        return ImportReport(len(parsed.rows))


def _haystack(organisation: DirectoryOrganisation) -> str:
    parts = (organisation.name, organisation.borough, organisation.address, organisation.notes)
    return name_key(" ".join(p for p in parts if p))


def _too_large() -> tuple[RowProblem, ...]:
    return (RowProblem(1, "The file is too large to be a directory (over 5 MB)."),)
