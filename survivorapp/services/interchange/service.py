"""Moving records in and out of a vault as JSON Lines (docs/interchange.md).

Import is for migrating from another system; export is the full, readable copy a
subject-access request needs. Both are for administrators only. An import checks every line
before writing anything and then writes all of it in one transaction, or none of it. An export
asks for the passphrase again, writes a private file atomically and is audited; the counts go
into the audit log, never the records.

What goes in, and what stays out (docs/interchange.md says why): every case record, the
directory of local organisations that referrals name, and anonymous feedback as its own clearly
named kind; not the questionnaire files a service imported for itself, nor users, settings or
the audit log, which are the organisation's configuration rather than anyone's record.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from survivorapp.domain.errors import EXIT_PROBLEMS, UserFacingError
from survivorapp.services.context import ServiceContext
from survivorapp.services.feedback import FeedbackService
from survivorapp.services.interchange import register
from survivorapp.services.interchange.check import (
    FileChecker,
    check_file,
    check_lines,
    open_records_file,
)
from survivorapp.services.interchange.record_types import (
    FORMAT,
    MATTER_RECORDS,
    RECORD_TYPES,
    VERSION,
    ImportProblem,
    Item,
)
from survivorapp.services.permissions import Action
from survivorapp.vault import interchange as store
from survivorapp.vault.atomic import fsync_dir, translate_os_error
from survivorapp.vault.errors import CredentialsNotRecognised
from survivorapp.vault.interchange import (
    EntityTable,
    ExistingKeys,
    InterchangeStore,
    LinkTable,
    directory_key,
)
from survivorapp.vault.partials import staging_folder

__all__ = ["ImportProblem", "ImportRejected", "InterchangeService"]

BATCH = 1000
_TABLES: dict[str, EntityTable[Any] | LinkTable] = {
    "survivor": store.SURVIVORS,
    "safe_contact": store.SAFE_CONTACTS,
    "case": store.CASES,
    "case_share": store.CASE_SHARES,
    "survivor_access": store.SURVIVOR_ACCESS,
    "incident": store.INCIDENTS,
    "session": store.SESSIONS,
    "consent": store.CONSENTS,
    "task": store.TASKS,
    "justice_matter": store.JUSTICE_MATTERS,
    "justice_event": store.JUSTICE_EVENTS,
    "survivor_position": store.SURVIVOR_POSITIONS,
    "special_measure": store.SPECIAL_MEASURES,
    "victim_personal_statement": store.VICTIM_PERSONAL_STATEMENTS,
    "court_support": store.COURT_SUPPORT,
    "victims_code_right": store.VICTIMS_CODE_RIGHTS,
    "family_proceeding": store.FAMILY_PROCEEDINGS,
    "waiting_list_entry": store.WAITING_LIST,
    "contact_attempt": store.CONTACT_ATTEMPTS,
    "directory_organisation": store.DIRECTORY_ORGANISATIONS,
    "referral": store.REFERRALS,
    "referral_status_change": store.REFERRAL_STATUS_CHANGES,
    "feedback_administration": store.FEEDBACK_ADMINISTRATIONS,
    "anonymous_feedback": store.ANONYMOUS_FEEDBACK,
}
_RECOVERY_CANNOT_EXPORT = (
    "Exporting needs your own passphrase. A vault opened with the recovery key can't export; "
    "unlock it with your user name and passphrase."
)


class ImportRejected(UserFacingError):
    """The file has problems, so nothing was imported; ``problems`` lists them by line."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        self.user_message = f"The file has {len(problems):,} problem(s), so nothing was imported."
        super().__init__(self.user_message)


class InterchangeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- import -------------------------------------------------------------------------------

    def _checker(self, existing: ExistingKeys) -> FileChecker:
        instruments = FeedbackService(self.ctx).registry()
        return FileChecker(existing, self.ctx.vocabularies, self.ctx.today(), instruments)

    def validate_file(self, path: Path) -> list[ImportProblem]:
        """Every problem in the file, by line; an empty list means it would import cleanly."""
        self.ctx.require(Action.IMPORT_RECORDS)
        existing = InterchangeStore(self.ctx.conn).existing_keys()
        return check_file(path, self._checker(existing))

    def import_file(self, path: Path) -> dict[str, int]:
        """Import every record in ``path`` or none; return how many of each type were added.

        The file is read twice inside one write transaction: once to check every line, once to
        insert, checking again so that a file changed in between still writes nothing wrong.
        Nothing is held in memory beyond one batch, so a large migration fits.
        """
        self.ctx.require(Action.IMPORT_RECORDS)
        with self.ctx.write() as conn:
            records = InterchangeStore(conn)
            existing = records.existing_keys()
            problems = check_file(path, self._checker(existing))
            if problems:
                raise ImportRejected(problems)
            checker = self._checker(existing)
            keys = _Keys(existing)
            with open_records_file(path) as handle:
                self._insert_all(records, check_lines(handle, checker), keys)
            problems = checker.finish()
            if problems:
                raise ImportRejected(problems)
            counts = dict(checker.counts)
            counts["directory_organisation"] -= keys.linked
            self.ctx.record("import", "records", fields=_count_fields(counts))
        return counts

    def _insert_all(self, records: InterchangeStore, items: Iterator[Item], keys: _Keys) -> None:
        batch: list[Item] = []
        for item in items:
            if item.type in _KEYED:
                item = keys.resolve(item)
            if item.type in _GIVES_IDS:
                if batch:  # what the record belongs to goes in first
                    _insert(records, batch)
                    batch = []
                keys.insert(records, item)
                continue
            if batch and (item.type != batch[0].type or len(batch) >= BATCH):
                _insert(records, batch)
                batch = []
            batch.append(item)
        if batch:
            _insert(records, batch)
        if keys.first_referral is not None:
            records.settle_referrals(keys.first_referral)

    # --- export -------------------------------------------------------------------------------

    def export_records(self, path: Path, passphrase: str) -> dict[str, int]:
        """Write every record to ``path`` (owner-only, atomic); return the counts written."""
        self.ctx.require(Action.EXPORT_RECORDS)
        if self.ctx.vault.user is None:
            raise CredentialsNotRecognised(_RECOVERY_CANNOT_EXPORT)
        if not self.ctx.vault.verify_passphrase(self.ctx.actor.username, passphrase):
            raise CredentialsNotRecognised()
        with _PrivateFile(path) as out:
            with self.ctx.write() as conn:
                records = InterchangeStore(conn)
                counts = {kind: _count(records, kind) for kind in RECORD_TYPES}
                header = {
                    "type": "header",
                    "format": FORMAT,
                    "version": VERSION,
                    "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "counts": counts,
                }
                out.write_line(header)
                keys = _Keys()
                for kind in RECORD_TYPES:
                    if kind == register.REGISTER:
                        rows = register.export_records(conn)
                    else:
                        rows = _records(records, _TABLES[kind], keep_id=kind in _KEYED)
                    if kind in _KEYED:
                        rows = (keys.export(kind, record) for record in rows)
                    elif kind == "anonymous_feedback":  # belongs to no case: the kind says so
                        rows = ({k: v for k, v in r.items() if k != "case_reference"} for r in rows)
                    for record in rows:
                        out.write_line({"type": kind, "record": record})
                out.sync()
                self.ctx.record("export", "records", fields=_count_fields(counts))
            out.publish()
        return counts


def _count(records: InterchangeStore, kind: str) -> int:
    if kind == register.REGISTER:
        return register.count(records.conn)
    return records.count(_TABLES[kind])


def _count_fields(counts: dict[str, int]) -> list[str]:
    return [f"{kind}={count}" for kind, count in counts.items()]


def _records(
    records: InterchangeStore, table: EntityTable[Any] | LinkTable, keep_id: bool = False
) -> Iterator[Any]:
    if isinstance(table, LinkTable):
        for link in records.links(table):
            yield {table.reference_column: link.reference, "username": link.username}
        return
    for entity, extra in records.rows(table):
        record = entity.to_record()
        if not keep_id:
            record.pop("id", None)
        record.update(extra)
        yield record


_GIVES_IDS = frozenset({"justice_matter", "justice_event", "directory_organisation", "referral"})
"""Records that later lines name by key: stored one at a time, to learn their new ids."""
_KEYED = frozenset({*_GIVES_IDS, *MATTER_RECORDS, "referral_status_change"})


class _Keys:
    """Records that refer to each other by id, which belongs to one vault, are named in a file
    by position instead: "M-1", "E-1", "O-1", "R-1" are the first matter, event, directory
    organisation and referral in the file."""

    def __init__(self, existing: ExistingKeys | None = None) -> None:
        self.matters: dict[Any, Any] = {}
        self.events: dict[Any, Any] = {}
        self.organisations: dict[Any, Any] = {}
        self.referrals: dict[Any, Any] = {}
        self.directory = {} if existing is None else existing.directory
        self.linked = 0
        """Directory lines that named an entry already in the vault (linked, not added)."""
        self.first_referral: int | None = None

    def export(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        """A stored record (with its id) as a file line's record (with keys)."""
        own_id = record.pop("id", None)
        if kind == "directory_organisation":
            key = self.organisations[own_id] = f"O-{len(self.organisations) + 1}"
            return {**record, "organisation_key": key}
        if kind == "referral":
            key = self.referrals[own_id] = f"R-{len(self.referrals) + 1}"
            organisation = self.organisations.get(record.pop("organisation_id"))
            return {**record, "referral_key": key, "organisation_key": organisation}
        if kind == "referral_status_change":
            key = self.referrals[record.pop("referral_id")]
            return {**record, "referral_key": key}
        if kind == "justice_matter":
            key = self.matters[own_id] = f"M-{len(self.matters) + 1}"
            return {**record, "matter_key": key}
        keyed = {"matter_key": self.matters[record.pop("matter_id")]}
        if kind == "justice_event":
            keyed["event_key"] = self.events[own_id] = f"E-{len(self.events) + 1}"
            corrected = record.pop("supersedes")
            keyed["supersedes_key"] = None if corrected is None else self.events[corrected]
        return {**record, **keyed}

    def resolve(self, item: Item) -> Item:
        """A checked record with the keys it names turned into this vault's ids."""
        entity, extra = item.entity, item.extra
        if item.type in MATTER_RECORDS:
            entity = dataclasses.replace(entity, matter_id=self.matters[extra["matter_key"]])
        if item.type == "justice_event":
            corrected = extra.get("supersedes_key")
            entity = dataclasses.replace(
                entity, supersedes=None if corrected is None else self.events[corrected]
            )
        elif item.type == "referral":
            named = extra.get("organisation_key")
            entity = dataclasses.replace(
                entity, organisation_id=None if named is None else self.organisations[named]
            )
            # Placeholders until the history is in: see InterchangeStore.settle_referrals.
            extra = {**extra, "status": "", "status_on": entity.started_on.isoformat()}
        elif item.type == "referral_status_change":
            entity = dataclasses.replace(entity, referral_id=self.referrals[extra["referral_key"]])
        return Item(item.type, entity, extra)

    def insert(self, records: InterchangeStore, item: Item) -> None:
        """Store one resolved record and remember its new id under its key."""
        entity, extra = item.entity, item.extra
        table = _TABLES[item.type]
        assert isinstance(table, EntityTable)
        if item.type == "directory_organisation":
            found = self.directory.get(directory_key(entity))
            self.linked += found is not None
            own = found if found is not None else records.insert_one(table, entity)
            self.organisations[extra["organisation_key"]] = own
            return
        new_id = records.insert_one(table, entity, extra)
        if item.type == "justice_matter":
            self.matters[extra["matter_key"]] = new_id
        elif item.type == "justice_event":
            self.events[extra["event_key"]] = new_id
        elif item.type == "referral":
            self.referrals[extra["referral_key"]] = new_id
            if self.first_referral is None:
                self.first_referral = new_id


def _insert(records: InterchangeStore, batch: list[Item]) -> None:
    if batch[0].type == register.REGISTER:  # appended in file order, the chain checked
        register.append(records.conn, batch)
        return
    table = _TABLES[batch[0].type]
    if isinstance(table, LinkTable):
        records.insert_links(table, [item.entity for item in batch])
    else:
        records.insert(table, [(item.entity, item.extra) for item in batch])


class _PrivateFile:
    """A new owner-only file written in a staging folder beside its target, fsynced, then
    renamed over it.

    Until :meth:`publish`, the records exist only in a hidden staging folder that is removed on
    any failure (or, after a crash, at the next start: ``vault/partials.py``), so an export that
    was not audited never appears under the name asked for.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self._tmp: str | None = None
        self._handle: BinaryIO | None = None
        self._staging = contextlib.ExitStack()

    def __enter__(self) -> _PrivateFile:
        try:
            staging = self._staging.enter_context(staging_folder(self.target))
            self._tmp = str(staging / self.target.name)
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            if os.name == "posix":
                os.fchmod(fd, 0o600)
        except OSError as exc:
            self._staging.close()
            raise translate_os_error(exc) from None
        self._handle = os.fdopen(fd, "wb")
        return self

    def write_line(self, value: Any) -> None:
        assert self._handle is not None
        line = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        try:
            self._handle.write(line.encode("utf-8") + b"\n")
        except OSError as exc:
            raise translate_os_error(exc) from None

    def sync(self) -> None:
        assert self._handle is not None
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise translate_os_error(exc) from None

    def publish(self) -> None:
        assert self._handle is not None and self._tmp is not None
        try:
            self._handle.close()
            os.replace(self._tmp, self.target)
            self._tmp = None
            fsync_dir(self.target.parent)
        except OSError as exc:
            raise translate_os_error(exc) from None

    def __exit__(self, *_exc: object) -> None:
        if self._handle is not None and not self._handle.closed:
            with contextlib.suppress(OSError):
                self._handle.close()
        self._staging.close()  # removes the staging folder and anything left in it
