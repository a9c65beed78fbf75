"""The service's own waiting list: who is waiting, how urgently, and every try to reach them.

Permissions: seeing the whole waiting list is a manager's view (VIEW_ALL_CASES); setting a
priority and allocating are management decisions (ALLOCATE_CASE, on that case); logging a
contact attempt is work on the case (EDIT_CASE). Every write is validated, then written with
its audit entry (fields, never values) in one transaction.

A contact attempt also keeps the case's process dates true: the first attempt on record sets
the case's first contact attempt date, and the first "spoke" its first contact date, in the
same transaction, so returns and the caseload agree with the attempts.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from survivorapp.domain.case import CLOSED, Case
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.problems import Problem
from survivorapp.domain.risk import recent_risk_flags
from survivorapp.domain.waiting_list import (
    NOT_TRIAGED,
    SPOKE,
    ContactAttempt,
    ServiceTimes,
    WaitingEntry,
    WaitingListRow,
    WorkerLoad,
    days_to_allocation,
    days_to_first_contact,
    days_waiting,
    summarise,
)
from survivorapp.services.case_access import case_visibility, require_case
from survivorapp.services.cases import CaseService
from survivorapp.services.context import NotFound, ServiceContext, ValidationFailed, changed_fields
from survivorapp.services.justice import filled_fields
from survivorapp.services.permissions import Action, Role
from survivorapp.services.waiting_views import (
    RISK_SESSIONS,
    CasePanelView,
    CaseTimes,
    WaitingOverview,
)
from survivorapp.vault import tables
from survivorapp.vault.records import Repository
from survivorapp.vault.users import UserRepository, UserRow
from survivorapp.vault.waiting_list import OpenCounts, WaitingListQueries

TIMES_WINDOW_DAYS = 365
"""Service-level waiting times are over the cases referred in the last year."""

FRONTLINE_ROLES = frozenset({Role.CASEWORKER.value, Role.ISVA.value})
NOT_ALLOCATABLE = (
    "Cases can be allocated to caseworkers and ISVAs whose accounts are active. "
    "Please choose someone from the list."
)
CASE_CLOSED = (
    "This case is closed, so contact attempts are no longer recorded on it. If the survivor "
    "has come back, please open a new case for them."
)

__all__ = ["CasePanelView", "CaseTimes", "WaitingListService", "WaitingOverview"]


def is_frontline(user: UserRow) -> bool:
    return user.active and bool(FRONTLINE_ROLES & set(user.roles))


class WaitingListService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        conn = ctx.conn
        self.queries = WaitingListQueries(conn)
        self.cases = Repository(conn, tables.CASES)
        self.contacts = Repository(conn, tables.SAFE_CONTACTS)
        self.users = UserRepository(conn)
        self._case_service = CaseService(ctx)

    # --- reading the list ---------------------------------------------------------------

    def rows(self, today: date | None = None) -> list[WaitingListRow]:
        """Every waiting case the manager may see: A first, then the longest wait."""
        self.ctx.require(Action.VIEW_ALL_CASES)
        return self.queries.rows(case_visibility(self.ctx), today or self.ctx.today())

    def overview(self, today: date | None = None) -> WaitingOverview:
        """The whole page in one call: the list, the waiting times and who can take a case."""
        rows = self.rows(today)
        return WaitingOverview(
            tuple(rows), self._times(rows, today or self.ctx.today()), tuple(self.workers())
        )

    def service_times(self, today: date | None = None) -> ServiceTimes:
        """Median and 90th percentile of the current waits, and of the days to first contact
        and to allocation for cases referred in the last year."""
        return self._times(self.rows(today), today or self.ctx.today())

    def _times(self, rows: list[WaitingListRow], today: date) -> ServiceTimes:
        dates = self.queries.case_dates(
            case_visibility(self.ctx), today - timedelta(days=TIMES_WINDOW_DAYS), today
        )
        first: list[int] = []
        allocation: list[int] = []
        for d in dates:
            spoken = [x for x in (d.first_contact_date, d.first_spoken) if x is not None]
            if spoken:
                first.append((min(spoken) - d.referral_date).days)
            if d.allocation_date is not None:
                allocation.append((d.allocation_date - d.referral_date).days)
        return ServiceTimes(
            waiting=summarise(r.days_waiting for r in rows),
            first_contact=summarise(first),
            allocation=summarise(allocation),
        )

    def open_counts(self) -> OpenCounts:
        self.ctx.require(Action.VIEW_ALL_CASES)
        return self.queries.open_counts(case_visibility(self.ctx))

    def workers(self, counts: OpenCounts | None = None) -> list[WorkerLoad]:
        """Caseworkers and ISVAs who can be allocated cases, with their open caseload."""
        self.ctx.require(Action.VIEW_ALL_CASES)
        loads = _folded(counts or self.open_counts())
        return sorted(
            (
                WorkerLoad(u.username, u.display_name, loads.get(u.username.casefold(), 0))
                for u in self.users.all()
                if is_frontline(u)
            ),
            key=lambda w: w.display_name.casefold(),
        )

    def caseload(self, counts: OpenCounts | None = None) -> list[WorkerLoad]:
        """Open cases per worker: every caseworker and ISVA (even with none), and anyone else
        who holds open cases (a manager, or an account since deactivated)."""
        counts = counts or self.open_counts()
        loads = _folded(counts)
        users = {u.username.casefold(): u for u in self.users.all()}
        result = {w.username.casefold(): w for w in self.workers(counts)}
        for key, count in loads.items():
            if key in result:
                continue
            user = users.get(key)
            if user is not None:
                result[key] = WorkerLoad(user.username, user.display_name, count)
            else:
                stored = next(w for w in counts.by_worker if w.casefold() == key)
                result[key] = WorkerLoad(stored, stored, count)
        return sorted(result.values(), key=lambda w: (-w.open_cases, w.display_name.casefold()))

    # --- one case -----------------------------------------------------------------------

    def _case(self, case_reference: str) -> Case:
        case = self.cases.get("reference", case_reference)
        if case is None:
            raise NotFound("case")
        return case

    def entry(self, case_reference: str) -> WaitingEntry:
        """The case's priority (not yet triaged when nobody has set one)."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        return self.queries.entry(case_reference) or WaitingEntry(case_reference)

    def attempts(self, case_reference: str) -> list[ContactAttempt]:
        """Every attempt to reach the survivor on this case, oldest first."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        return self.queries.attempts_for(case_reference)

    def case_times(self, case_reference: str, today: date | None = None) -> CaseTimes:
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        case = self._case(case_reference)
        return _times_of(case, self.queries.attempts_for(case_reference), today or self.ctx.today())

    def case_panel(self, case_reference: str, today: date | None = None) -> CasePanelView:
        """Everything the Waiting list shows about one survivor, in one transaction.

        Opening the panel opens the case, so it is audited as an 'open' (once), exactly as
        opening it from the caseload is; a restricted case the actor is not named on is not
        found, as everywhere.
        """
        day = today or self.ctx.today()
        with self.ctx.write():
            detail = self._case_service.get(case_reference)
            sessions = self._case_service.session_list(case_reference, limit=RISK_SESSIONS)
            attempts = self.queries.attempts_for(case_reference)
            entry = self.queries.entry(case_reference) or WaitingEntry(case_reference)
        return CasePanelView(
            detail=detail,
            entry=entry,
            attempts=tuple(attempts),
            times=_times_of(detail.case, attempts, day),
            risk_flags=tuple(recent_risk_flags(sessions, day)),
        )

    # --- changing -----------------------------------------------------------------------

    def set_priority(
        self, case_reference: str, priority: str, note: str | None = None
    ) -> WaitingEntry:
        """Triage: the priority is dated today and names who set it."""
        require_case(self.ctx, Action.ALLOCATE_CASE, case_reference)
        self._case(case_reference)
        old = self.queries.entry(case_reference)
        triaged = priority != NOT_TRIAGED
        entry = WaitingEntry(
            case_reference=case_reference,
            priority=priority,
            id=old.id if old else None,
            triaged_on=self.ctx.today() if triaged else None,
            triaged_by=self.ctx.actor.username if triaged else None,
            note=note if note is not None else (old.note if old else ""),
        )
        self.ctx.validate(entry.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            if old is None:
                new_id = self.queries.entries.insert(entry)
                entry = dataclasses.replace(entry, id=new_id)
                self.ctx.record(
                    "create", "waiting_list", case_reference, case_reference, filled_fields(entry)
                )
            else:
                self.queries.entries.update(entry)
                self.ctx.record(
                    "change",
                    "waiting_list",
                    case_reference,
                    case_reference,
                    changed_fields(old, entry),
                )
        return entry

    def log_attempt(self, attempt: ContactAttempt) -> ContactAttempt:
        """Record one attempt to make contact, and the case's first attempt and first contact
        dates if these are the first (in the same transaction)."""
        reference = attempt.case_reference
        require_case(self.ctx, Action.EDIT_CASE, reference)
        case = self._case(reference)
        if case.status == CLOSED:
            raise ValidationFailed([Problem("case_reference", CASE_CLOSED)])
        attempt = dataclasses.replace(
            attempt, id=None, recorded_by=attempt.recorded_by or self.ctx.actor.username
        )
        today = self.ctx.today()
        self.ctx.validate(
            attempt.validate(
                self.ctx.vocabularies,
                today,
                referral_date=case.referral_date,
                safe_contact=self._safe_contact(case.survivor_reference),
                check_voicemail=True,
            )
        )
        updated = _with_attempt(case, attempt)
        if updated != case:
            self.ctx.validate(updated.validate(self.ctx.vocabularies, today))
        with self.ctx.write():
            new_id = self.queries.attempts.insert(attempt)
            attempt = dataclasses.replace(attempt, id=new_id)
            self.ctx.record(
                "create", "contact_attempt", str(new_id), reference, filled_fields(attempt)
            )
            if updated != case:
                self.cases.update(updated)
                self.ctx.record(
                    "change", "case", reference, reference, changed_fields(case, updated)
                )
        return attempt

    def allocate(self, case_reference: str, worker: str) -> None:
        """Allocate to a caseworker or ISVA: the case becomes active from today (audited by
        the case service, which owns allocation)."""
        require_case(self.ctx, Action.ALLOCATE_CASE, case_reference)
        user = self.users.get(worker)
        if user is None or not is_frontline(user):
            raise ValidationFailed([Problem("allocated_worker", NOT_ALLOCATABLE)])
        self._case_service.allocate(case_reference, user.username)

    def safe_contact(self, case_reference: str) -> SafeContact | None:
        """The survivor's safe-contact preferences (for the contact attempt form)."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        return self._safe_contact(self._case(case_reference).survivor_reference)

    def _safe_contact(self, survivor_reference: str) -> SafeContact | None:
        return self.contacts.get("survivor_reference", survivor_reference)


def _folded(counts: OpenCounts) -> dict[str, int]:
    loads: dict[str, int] = {}
    for worker, count in counts.by_worker.items():
        loads[worker.casefold()] = loads.get(worker.casefold(), 0) + count
    return loads


def _times_of(case: Case, attempts: list[ContactAttempt], today: date) -> CaseTimes:
    return CaseTimes(
        days_waiting(case, today),
        days_to_first_contact(case, attempts),
        days_to_allocation(case),
    )


def _with_attempt(case: Case, attempt: ContactAttempt) -> Case:
    """The case's process dates once ``attempt`` is on record."""
    first_attempt = case.first_contact_attempt_date
    if first_attempt is None or attempt.attempted_on < first_attempt:
        first_attempt = attempt.attempted_on
    first_contact = case.first_contact_date
    if first_contact is None and attempt.outcome == SPOKE:
        first_contact = attempt.attempted_on
    return dataclasses.replace(
        case, first_contact_attempt_date=first_attempt, first_contact_date=first_contact
    )
