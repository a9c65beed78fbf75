"""What the waiting-list service hands to the UI: frozen views, each read in one call.

The Waiting list page shows two things: the list with the service's waiting times and the
workers a case can be allocated to (:class:`WaitingOverview`), and the one survivor chosen on it
(:class:`CasePanelView`): who they are and how it is safe to contact them, their priority, every
attempt to reach them, how long they have waited and the risks raised lately. Each is built by
one service call in one transaction (as ``feedback_views`` does), so the page makes one trip to
the vault thread and never strings service calls together; the CLI and tests can use them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from survivorapp.domain.waiting_list import (
    ContactAttempt,
    ServiceTimes,
    WaitingEntry,
    WaitingListRow,
    WorkerLoad,
)
from survivorapp.services.case_views import CaseDetail

RISK_SESSIONS = 100
"""The newest sessions read for recent risks: more than any case has in the window."""


@dataclass(frozen=True)
class CaseTimes:
    """One case's waits in days (None where the step has not happened)."""

    days_waiting: int | None
    to_first_contact: int | None
    to_allocation: int | None


@dataclass(frozen=True)
class WaitingOverview:
    """What the Waiting list page shows at once: the list, the service's waiting times and the
    caseworkers and ISVAs a case can be allocated to (with their open caseload)."""

    rows: tuple[WaitingListRow, ...]
    times: ServiceTimes
    workers: tuple[WorkerLoad, ...] = ()


@dataclass(frozen=True)
class CasePanelView:
    """One waiting survivor as the Waiting list's side panel shows them."""

    detail: CaseDetail
    """The case with the survivor's safe-contact wishes (shown before any contact action)."""
    entry: WaitingEntry
    attempts: tuple[ContactAttempt, ...]
    """Oldest first."""
    times: CaseTimes
    risk_flags: tuple[str, ...]
    """Risks raised in sessions within :data:`RISK_WINDOW` of today, first raised first."""

    @property
    def reference(self) -> str:
        return self.detail.case.reference
