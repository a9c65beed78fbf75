"""What the Today dashboard shows, as plain records: the services fill them, the UI paints them.

One :class:`TodaySummary` holds everything, so the page is filled from one trip to the vault
thread. Everything that names a case carries its reference, so the page can open it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.domain.referrals.waits import ReferralSummary
from survivorapp.domain.waiting_list import WorkerLoad

TODAY_DAYS = 7
"""Today looks a week ahead: hearings, deadlines and tasks due in the next 7 days."""

SESSION_DRAFT_PREFIX = "session:"


def week_start(day: date) -> date:
    """The Monday of ``day``'s week: "this week" on Today starts there."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class CaseLine:
    """A case named on a card: enough to show it and to open it."""

    case_reference: str
    known_as: str | None
    day: date
    status: str


@dataclass(frozen=True)
class TaskDue:
    task_id: int
    case_reference: str | None
    known_as: str | None
    due_date: date
    text: str
    overdue: bool


@dataclass(frozen=True)
class SessionLogged:
    session_id: int
    case_reference: str
    known_as: str | None
    session_date: date
    kind: str
    duration_minutes: int


@dataclass(frozen=True)
class DraftItem:
    """Something typed and kept as an encrypted draft, not yet saved to the record."""

    draft_key: str
    case_reference: str | None
    known_as: str | None
    updated_at: str

    @property
    def is_session_note(self) -> bool:
        return self.draft_key.startswith(SESSION_DRAFT_PREFIX)


@dataclass(frozen=True)
class ManagerSummary:
    """The extra cards a manager sees: the waiting list, allocation and referral waits."""

    waiting_count: int
    longest_wait_days: int | None
    unallocated_count: int
    unallocated: tuple[CaseLine, ...]
    caseload: tuple[WorkerLoad, ...]
    referrals_over_threshold: tuple[tuple[str, int], ...] | None = None
    """(destination type, count) of referrals waiting longer than ``referral_threshold_days``,
    most first; None while referrals are not available."""
    referral_threshold_days: int | None = None


@dataclass(frozen=True)
class TodaySummary:
    day: date
    hearings: tuple[DiaryEntry, ...]
    tasks_due: tuple[TaskDue, ...]
    tasks_due_count: int
    tasks_overdue_count: int
    sessions_this_week: tuple[SessionLogged, ...]
    sessions_this_week_count: int
    drafts: tuple[DraftItem, ...]
    referrals_awaiting: tuple[ReferralSummary, ...] | None = None
    """My referrals still waiting for a reply past the follow-up time; None while referrals
    are not available."""
    manager: ManagerSummary | None = None

    @property
    def week_start(self) -> date:
        return week_start(self.day)
