"""Today: everything the signed-in person's day starts with, in one call.

For everyone: my hearings and deadlines in the next 7 days, my tasks due (overdue first), the
referrals I made that are waiting for a reply, the sessions I logged this week and my drafts
not yet saved. For managers also: the waiting list's size and longest wait, open cases with no
worker, open cases per worker, and referrals waiting longer than the service's threshold.

Every read is set-based and filtered by what the person may see (the same ``Visibility`` as the
caseload), so a count never includes a case they could not open. Looking at Today is not
audited, as looking at the caseload is not: opening a case from it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.domain.referrals.waits import ReferralSummary
from survivorapp.domain.today import TODAY_DAYS, ManagerSummary, TodaySummary, week_start
from survivorapp.services.case_access import case_visibility
from survivorapp.services.context import ServiceContext
from survivorapp.services.justice import JusticeService
from survivorapp.services.permissions import Action, allowed
from survivorapp.services.waiting_list import WaitingListService
from survivorapp.vault.dashboard import DashboardQueries

CARD_LINES = 25
"""At most this many lines per card; the card says how many there are in all."""
UNALLOCATED_LINES = 8


class ReferralFollowUps(Protocol):
    """What Today needs from the referrals service (survivorapp.services.referrals)."""

    def follow_up_days(self) -> int: ...

    def follow_up_due(
        self, mine_only: bool = True, today: date | None = None
    ) -> list[ReferralSummary]: ...

    def waiting_longer_than_by_destination(
        self, days: int | None = None, today: date | None = None
    ) -> dict[str, int]: ...


class DashboardService:
    def __init__(
        self,
        ctx: ServiceContext,
        justice: JusticeService,
        waiting_list: WaitingListService,
        referrals: ReferralFollowUps | None = None,
    ) -> None:
        self.ctx = ctx
        self.queries = DashboardQueries(ctx.conn)
        self._justice = justice
        self._waiting = waiting_list
        self._referrals = referrals

    def today(self, today: date | None = None, *, hearings: bool = True) -> TodaySummary:
        """Everything Today shows. ``hearings=False`` leaves the court diary out (the page
        paints the rest first and asks :meth:`hearings` next: across a worker's whole
        caseload the diary is the slow part)."""
        day = today or self.ctx.today()
        me = self.ctx.actor.username
        visibility = case_visibility(self.ctx)
        tasks, task_count, overdue = self.queries.tasks_due(
            visibility, me, day, day + timedelta(days=TODAY_DAYS), CARD_LINES
        )
        sessions, session_count = self.queries.sessions_logged(
            visibility, me, week_start(day), day, CARD_LINES
        )
        referrals = None
        if self._referrals is not None:
            referrals = tuple(self._referrals.follow_up_due(mine_only=True, today=day))
        return TodaySummary(
            day=day,
            hearings=self.hearings(day) if hearings else (),
            tasks_due=tuple(tasks),
            tasks_due_count=task_count,
            tasks_overdue_count=overdue,
            sessions_this_week=tuple(sessions),
            sessions_this_week_count=session_count,
            drafts=tuple(self.queries.drafts(visibility, me)),
            referrals_awaiting=referrals,
            manager=self._manager(day) if allowed(self.ctx.actor, Action.VIEW_ALL_CASES) else None,
        )

    def hearings(self, today: date | None = None) -> tuple[DiaryEntry, ...]:
        """My hearings and deadlines in the next 7 days (the cases allocated or shared to me)."""
        return tuple(self._justice.diary(TODAY_DAYS, mine_only=True, today=today))

    def _manager(self, day: date) -> ManagerSummary:
        counts = self._waiting.open_counts()
        over: tuple[tuple[str, int], ...] | None = None
        threshold: int | None = None
        if self._referrals is not None:
            threshold = self._referrals.follow_up_days()
            found = self._referrals.waiting_longer_than_by_destination(threshold, today=day)
            over = tuple(sorted(found.items(), key=lambda item: (-item[1], item[0])))
        oldest = counts.oldest_waiting
        return ManagerSummary(
            waiting_count=counts.waiting,
            longest_wait_days=None if oldest is None else max(0, (day - oldest).days),
            unallocated_count=counts.unallocated,
            unallocated=tuple(
                self._waiting.queries.unallocated(case_visibility(self.ctx), UNALLOCATED_LINES)
            ),
            caseload=tuple(self._waiting.caseload(counts)),
            referrals_over_threshold=over,
            referral_threshold_days=threshold,
        )
