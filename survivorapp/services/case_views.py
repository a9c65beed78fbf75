"""What the case view shows, read in one transaction and handed over as one frozen record.

The case view used to string six service calls together from the GUI thread's side (the case,
its sessions, its history, the unsaved session note, the staff names, the justice journey);
the pieces could come from different moments and each call cost a trip to the vault thread.
Here they are read together, as ``feedback_views`` does for feedback, and the widget only
shows the result. The CLI and tests can ask for the same view.

Opening a case writes audit entries (the case, and its justice journey), so the read runs
inside a write transaction; the service calls it makes join that transaction, and the view
and its audit entries are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.justice.diary import CaseJourney
from survivorapp.domain.risk import recent_risk_flags
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.services.context import ServiceContext
from survivorapp.services.drafts import DraftService
from survivorapp.services.justice import JusticeService
from survivorapp.services.permissions import Action
from survivorapp.services.users import UserService
from survivorapp.vault.audit import AuditEntry


class CaseReads(Protocol):
    """What assembling a case view asks of the case service (``CaseService`` has it). A
    protocol, not the class: cases.py imports this module to offer ``CaseService.case_view``,
    and naming the class here would tie the two modules in a circle."""

    def get(self, case_reference: str) -> CaseDetail: ...
    def session_list(self, case_reference: str, limit: int | None = None) -> list[Session]: ...
    def can(self, action: Action, case_reference: str) -> bool: ...
    def history(self, case_reference: str) -> list[Any]: ...


__all__ = ["AuditEntry", "CaseDetail", "CaseView", "assemble_case_view", "session_draft_key"]
"""AuditEntry is named here so the UI can name the history's rows without importing vault."""


def session_draft_key(case_reference: str, session_id: int | None) -> str:
    """The key under which a session note being typed is kept as a draft: one for a new
    session of the case, one for each session being edited."""
    return f"session:{case_reference}:{session_id or 'new'}"


@dataclass(frozen=True)
class CaseDetail:
    """The case itself as the case view shows it: the case, the survivor, their safe-contact
    wishes, incidents, consents and tasks (``CaseService.get``, audited as an open)."""

    case: Case
    survivor: Survivor
    safe_contact: SafeContact | None
    safe_contact_summary: str
    incidents: tuple[Incident, ...]
    consents: tuple[ConsentRecord, ...]
    tasks: tuple[Task, ...]
    session_count: int


@dataclass(frozen=True)
class CaseView:
    """Everything the case view shows at once, as the acting user may see it."""

    detail: CaseDetail
    sessions: tuple[Session, ...]
    """Newest first."""
    history: tuple[AuditEntry, ...] | None
    """Who opened or changed the case; None when the actor may not see it."""
    new_session_draft: str | None
    """The actor's unsaved note for a new session of this case, if any."""
    workers: Mapping[str, str]
    """Casefolded user name to display name, for naming workers."""
    journey: CaseJourney
    risk_flags: tuple[str, ...]
    """Flags raised in sessions recently enough to head the case (domain/risk.py)."""

    @property
    def reference(self) -> str:
        return self.detail.case.reference


def assemble_case_view(ctx: ServiceContext, cases: CaseReads, case_reference: str) -> CaseView:
    """The case view of ``case_reference``; NotFound for a case the actor may not see."""
    with ctx.write():
        detail = cases.get(case_reference)  # checks the actor may view it; audited
        sessions = tuple(cases.session_list(case_reference))
        may_see_history = cases.can(Action.VIEW_CASE_HISTORY, case_reference)
        history = tuple(cases.history(case_reference)) if may_see_history else None
        draft = DraftService(ctx).get(session_draft_key(case_reference, None))
        workers = {u.username.casefold(): u.display_name for u in UserService(ctx).list()}
        journey = JusticeService(ctx).journey(case_reference)  # audited as an open, too
    return CaseView(
        detail=detail,
        sessions=sessions,
        history=history,
        new_session_draft=draft.text if draft else None,
        workers=MappingProxyType(workers),
        journey=journey,
        risk_flags=tuple(recent_risk_flags(sessions, ctx.today())),
    )
