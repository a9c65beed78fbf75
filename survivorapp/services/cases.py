"""Case records: open, read, change, allocate, share, restrict, search.

Every call checks the acting user's permission on the case, writes its audit entry (fields
changed, never their values) and runs in one transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from survivorapp.domain.case import ACTIVE, Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact, safe_contact_summary
from survivorapp.domain.incident import Incident
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.services.case_access import (
    case_facts,
    case_visibility,
    require_case,
    visible_case,
)
from survivorapp.services.case_views import CaseDetail, CaseView, assemble_case_view
from survivorapp.services.context import NotFound, ServiceContext, changed_fields
from survivorapp.services.permissions import Action, CaseAccess, allowed
from survivorapp.vault import tables
from survivorapp.vault.case_records import CaseRecordQueries
from survivorapp.vault.cases import (
    OPEN,
    CaseloadFilter,
    CaseloadRow,
    CaseQueries,
    Visibility,
    fts_query,
    searchable,
)
from survivorapp.vault.justice import JusticeQueries
from survivorapp.vault.records import Repository

SEARCH_LIMIT = 2000
"""As-you-type search shows at most this many cases: a broad two-letter prefix can match every
case, and ranking 100,000 of them on each keystroke would make typing lag for no one's benefit.
The caseload asks for one more, to know when to say "keep typing"."""

__all__ = [
    "OPEN",
    "SEARCH_LIMIT",
    "CaseService",
    "CaseloadFilter",
    "CaseloadRow",
    "search_key",
    "searchable",
]


def search_key(text: str | None) -> str | None:
    """What a search text actually searches for: two texts with the same key give the same
    cases ("C-0" and "C-" both search for nothing), so the caseload need not ask again."""
    return fts_query(text) if text else None


R = TypeVar("R")


class CaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        conn = ctx.conn
        self.queries = CaseQueries(conn)
        self.records = CaseRecordQueries(conn)
        self.survivors = Repository(conn, tables.SURVIVORS)
        self.cases = Repository(conn, tables.CASES)
        self.contacts = Repository(conn, tables.SAFE_CONTACTS)
        self.incidents = Repository(conn, tables.INCIDENTS)
        self.sessions = Repository(conn, tables.SESSIONS)
        self.consents = Repository(conn, tables.CONSENTS)
        self.tasks = Repository(conn, tables.TASKS)

    # --- access -------------------------------------------------------------------------------

    def _require(self, action: Action, case_reference: str) -> None:
        require_case(self.ctx, action, case_reference)

    def can(self, action: Action, case_reference: str) -> bool:
        return allowed(self.ctx.actor, action, case_facts(self.ctx, case_reference))

    def visibility(self, mine_only: bool = False) -> Visibility:
        return case_visibility(self.ctx, mine_only)

    # --- opening a case -----------------------------------------------------------------------

    def open_new_case(
        self, survivor: Survivor, case: Case, safe_contact: SafeContact | None = None
    ) -> Case:
        """A new survivor, their first case and their safe-contact wishes, in one transaction.

        Empty references are assigned (S-000123, C-000123). Without a worker, a frontline
        user's new case is allocated to them.
        """
        self.ctx.require(Action.CREATE_CASE)
        with self.ctx.write():
            if not survivor.reference:
                survivor = dataclasses.replace(
                    survivor, reference=self.queries.next_reference("S", "survivors")
                )
            self.ctx.validate(survivor.validate(self.ctx.vocabularies, self.ctx.today()))
            survivor_id = self.survivors.insert(survivor)
            self.ctx.record("create", "survivor", survivor.reference)
            case = dataclasses.replace(case, survivor_reference=survivor.reference)
            created = self._insert_case(case, survivor_id)
            if safe_contact is not None:
                contact = dataclasses.replace(safe_contact, survivor_reference=survivor.reference)
                self.ctx.validate(contact.validate(self.ctx.vocabularies))
                self._write_safe_contact(created.reference, contact)
            return created

    def open_case_for(self, survivor_reference: str, case: Case) -> Case:
        """A returning survivor's new case (the survivor must be visible to the actor)."""
        self.ctx.require(Action.CREATE_CASE)
        existing = self.survivors.get("reference", survivor_reference)
        if existing is None:
            raise NotFound("survivor")
        if existing.restricted and not self._named(survivor_reference):
            raise NotFound("survivor")
        with self.ctx.write():
            case = dataclasses.replace(case, survivor_reference=survivor_reference)
            return self._insert_case(case, existing.id or 0)

    def _named(self, survivor_reference: str) -> bool:
        return self.queries.is_named(survivor_reference, self.ctx.actor.username)

    def _insert_case(self, case: Case, _survivor_id: int) -> Case:
        if not case.reference:
            case = dataclasses.replace(case, reference=self.queries.next_reference("C", "cases"))
        if case.allocated_worker is not None:
            if case.allocated_worker.casefold() != self.ctx.actor.key:
                self.ctx.require(Action.ALLOCATE_CASE, CaseAccess())
        elif not allowed(self.ctx.actor, Action.VIEW_ALL_CASES):
            case = dataclasses.replace(
                case,
                allocated_worker=self.ctx.actor.username,
                allocation_date=case.allocation_date or case.referral_date,
                status=ACTIVE if case.status == "waiting" else case.status,
            )
        self.ctx.validate(case.validate(self.ctx.vocabularies, self.ctx.today()))
        case_id = self.cases.insert(case)
        self.ctx.record("create", "case", case.reference, case.reference)
        return dataclasses.replace(case, id=case_id)

    # --- reading ------------------------------------------------------------------------------

    def get(self, case_reference: str) -> CaseDetail:
        """The whole case for the case view; recorded in the audit log as an 'open'."""
        self._require(Action.VIEW_CASE, case_reference)
        case = self.cases.get("reference", case_reference)
        if case is None:
            raise NotFound("case")
        survivor = self.survivors.get("reference", case.survivor_reference)
        if survivor is None:
            raise NotFound("survivor")
        contact = self.contacts.get("survivor_reference", survivor.reference)
        detail = CaseDetail(
            case=case,
            survivor=survivor,
            safe_contact=contact,
            safe_contact_summary=safe_contact_summary(
                contact or SafeContact(survivor_reference=survivor.reference)
            ),
            incidents=tuple(self.records.incidents(case_reference)),
            consents=tuple(self.records.consents(case_reference)),
            tasks=tuple(self.records.tasks(case_reference)),
            session_count=self.records.session_count(case_reference),
        )
        with self.ctx.write():
            self.ctx.record("open", "case", case_reference, case_reference)
        return detail

    def case_view(self, case_reference: str) -> CaseView:
        """Everything the case view shows, read in one transaction (services/case_views.py)."""
        return assemble_case_view(self.ctx, self, case_reference)

    def session_list(self, case_reference: str, limit: int | None = None) -> list[Session]:
        """Sessions newest first."""
        self._require(Action.VIEW_CASE, case_reference)
        return self.records.sessions(case_reference, limit)

    def caseload_ids(
        self,
        filters: CaseloadFilter = CaseloadFilter(),  # noqa: B008 - frozen dataclass
        *,
        mine_only: bool = False,
        sort: str = "reference",
        descending: bool = False,
        limit: int | None = None,
    ) -> list[int]:
        """Visible case ids in display order, at most ``limit`` (searches: SEARCH_LIMIT)."""
        return self.queries.caseload_ids(
            self.visibility(mine_only), filters, sort, descending, limit
        )

    def caseload_rows(self, ids: Sequence[int]) -> list[CaseloadRow]:
        """Rows for ids the caller got from :meth:`caseload_ids` (re-checked, never trusted),
        with each case's next court date from its justice journey."""
        rows = self.queries.caseload_rows(ids, self.visibility())
        hearings = JusticeQueries(self.ctx.conn).next_hearings(
            [r.reference for r in rows], self.ctx.today()
        )
        return [
            dataclasses.replace(r, next_court_date=hearings[r.reference].isoformat())
            if r.reference in hearings
            else r
            for r in rows
        ]

    def search(self, text: str, limit: int = 50) -> list[CaseloadRow]:
        """Names, references and session notes, within what the actor may see."""
        return self.queries.search(self.visibility(), text, limit)

    # --- changing -----------------------------------------------------------------------------

    def update_survivor(
        self, case_reference: str, survivor: Survivor, safe_contact: SafeContact | None = None
    ) -> None:
        """Change the profile (and, if given, the safe-contact wishes) in one transaction."""
        self._require(Action.EDIT_CASE, case_reference)
        old = self.survivors.get("reference", survivor.reference)
        case = self.cases.get("reference", case_reference)
        if old is None or case is None or case.survivor_reference != survivor.reference:
            raise NotFound("survivor")
        survivor = dataclasses.replace(survivor, id=old.id)
        access = visible_case(self.ctx, case_reference)
        if survivor.restricted != old.restricted:
            self.ctx.require(Action.RESTRICT_SURVIVOR, access)
        self.ctx.validate(survivor.validate(self.ctx.vocabularies, self.ctx.today()))
        if safe_contact is not None:
            safe_contact = dataclasses.replace(safe_contact, survivor_reference=survivor.reference)
            self.ctx.validate(safe_contact.validate(self.ctx.vocabularies))
        with self.ctx.write():
            self.survivors.update(survivor)
            if safe_contact is not None:
                self._write_safe_contact(case_reference, safe_contact)
            if survivor.restricted and not old.restricted:
                # As in restrict(): the person restricting is named, so no one is locked out.
                names = {*access.named_users, self.ctx.actor.username}
                self.queries.set_named_users(survivor.reference, sorted(names, key=str.casefold))
            self.ctx.record(
                "change",
                "survivor",
                survivor.reference,
                case_reference,
                changed_fields(old, survivor),
            )

    def update_case(self, case: Case) -> None:
        self._require(Action.EDIT_CASE, case.reference)
        old = self.cases.get("reference", case.reference)
        if old is None:
            raise NotFound("case")
        case = dataclasses.replace(case, id=old.id, survivor_reference=old.survivor_reference)
        if case.allocated_worker != old.allocated_worker:
            self._require(Action.ALLOCATE_CASE, case.reference)
        self.ctx.validate(case.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            self.cases.update(case)
            self.ctx.record(
                "change", "case", case.reference, case.reference, changed_fields(old, case)
            )

    def allocate(self, case_reference: str, worker: str) -> None:
        self._require(Action.ALLOCATE_CASE, case_reference)
        case = self.cases.get("reference", case_reference)
        if case is None:
            raise NotFound("case")
        updated = dataclasses.replace(
            case,
            allocated_worker=worker,
            allocation_date=case.allocation_date or self.ctx.today(),
            status=ACTIVE if case.status == "waiting" else case.status,
        )
        self.ctx.validate(updated.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            self.cases.update(updated)
            self.ctx.record(
                "allocate", "case", case_reference, case_reference, changed_fields(case, updated)
            )

    def share(self, case_reference: str, username: str) -> None:
        self._require(Action.SHARE_CASE, case_reference)
        with self.ctx.write():
            self.queries.share(case_reference, username)
            self.ctx.record("share", "case", case_reference, case_reference, ["shared_with"])

    def unshare(self, case_reference: str, username: str) -> None:
        self._require(Action.SHARE_CASE, case_reference)
        with self.ctx.write():
            self.queries.unshare(case_reference, username)
            self.ctx.record("unshare", "case", case_reference, case_reference, ["shared_with"])

    def restrict(self, case_reference: str, named_users: Sequence[str]) -> None:
        """Make the case's survivor visible only to ``named_users`` (the actor is always named)."""
        self._require(Action.RESTRICT_SURVIVOR, case_reference)
        case = self.cases.get("reference", case_reference)
        if case is None:
            raise NotFound("case")
        survivor = self.survivors.get("reference", case.survivor_reference)
        if survivor is None:
            raise NotFound("survivor")
        names = sorted({*named_users, self.ctx.actor.username}, key=str.casefold)
        with self.ctx.write():
            self.survivors.update(dataclasses.replace(survivor, restricted=True))
            self.queries.set_named_users(survivor.reference, names)
            self.ctx.record(
                "restrict", "survivor", survivor.reference, case_reference, ["restricted"]
            )

    def set_safe_contact(self, case_reference: str, contact: SafeContact) -> None:
        self._require(Action.EDIT_CASE, case_reference)
        self.ctx.validate(contact.validate(self.ctx.vocabularies))
        case = self.cases.get("reference", case_reference)
        if case is None or case.survivor_reference != contact.survivor_reference:
            raise NotFound("survivor")
        with self.ctx.write():
            self._write_safe_contact(case_reference, contact)

    def _write_safe_contact(self, case_reference: str, contact: SafeContact) -> None:
        """Insert or update; the caller holds the transaction and has validated."""
        old = self.contacts.get("survivor_reference", contact.survivor_reference)
        if old is None:
            self.contacts.insert(contact)
            fields = ["safe_contact"]
        else:
            contact = dataclasses.replace(contact, id=old.id)
            self.contacts.update(contact)
            fields = changed_fields(old, contact)
        self.ctx.record(
            "change", "safe_contact", contact.survivor_reference, case_reference, fields
        )

    def add_incident(self, incident: Incident) -> Incident:
        return self._add(incident, self.incidents, "incident")

    def log_session(self, session: Session) -> Session:
        if session.worker is None:
            session = dataclasses.replace(session, worker=self.ctx.actor.username)
        return self._add(session, self.sessions, "session")

    def record_consent(self, consent: ConsentRecord) -> ConsentRecord:
        if consent.recorded_by is None:
            consent = dataclasses.replace(consent, recorded_by=self.ctx.actor.username)
        return self._add(consent, self.consents, "consent")

    def add_task(self, task: Task) -> Task:
        if task.case_reference is None:
            raise NotFound("case")
        return self._add(task, self.tasks, "task", extra={"owner": self.ctx.actor.username})

    def _add(
        self,
        entity: R,
        repository: Repository[Any],
        kind: str,
        extra: dict[str, Any] | None = None,
    ) -> R:
        record: Any = entity
        self._require(Action.EDIT_CASE, record.case_reference)
        self.ctx.validate(record.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            new_id = repository.insert(record, extra)
            self.ctx.record("create", kind, str(new_id), record.case_reference)
        return cast(R, dataclasses.replace(record, id=new_id))

    def update_session(self, session: Session) -> None:
        self._require(Action.EDIT_CASE, session.case_reference)
        old = self.sessions.get("id", session.id)
        if old is None or old.case_reference != session.case_reference:
            raise NotFound("session")
        self.ctx.validate(session.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            self.sessions.update(session)
            self.ctx.record(
                "change",
                "session",
                str(session.id),
                session.case_reference,
                changed_fields(old, session),
            )

    def history(self, case_reference: str) -> list[Any]:
        """Who has opened or changed this case (managers and admins)."""
        self._require(Action.VIEW_CASE_HISTORY, case_reference)
        return self.ctx.audit.for_case(case_reference)
