"""Which pages the workspace shows after unlocking, built for one unlocked session, and the
session's backups (now, daily, and on lock)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QWidget

from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import Action, allowed
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.admin.services import AdminServices
from survivorapp.ui.backups.page import BackupNotice, BackupRunner, BackupsPanel
from survivorapp.ui.case.page import CaseViewPage
from survivorapp.ui.caseload.page import CaseloadPage
from survivorapp.ui.diary.page import CourtDiaryPage
from survivorapp.ui.feedback.page import FeedbackPage
from survivorapp.ui.feedback.tab import FeedbackTab
from survivorapp.ui.operations import Operations
from survivorapp.ui.preferences import DevicePreferences
from survivorapp.ui.referrals.page import ReferralsPage
from survivorapp.ui.referrals.tab import ReferralsTab
from survivorapp.ui.returns.page import ReturnsPage
from survivorapp.ui.today.page import TodayPage
from survivorapp.ui.waiting_list.page import WaitingListPage
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.reauth_dialog import Reauthentication

__all__ = ["BackupRunner", "backup_runner", "build_workspace_pages", "closing"]


def backup_runner(
    operations: Operations,
    session: VaultSession,
    preferences: DevicePreferences,
    previous: BackupRunner | None,
) -> BackupRunner:
    """The session's backups: now, on lock, and daily while open (the old runner stops)."""
    if previous is not None:
        previous.stop_schedule()
    runner = BackupRunner(operations, session.backups, preferences)
    runner.start_schedule()
    return runner


def closing(runner: BackupRunner | None, session: VaultSession) -> Callable[[], None]:
    """Locking, on the vault thread: first a backup if something changed since the last one
    (nobody is working now, and an unlock asked for meanwhile waits its turn), then the lock."""
    backup = runner.lock_work() if runner is not None else None

    def work() -> None:
        try:
            if backup is not None:
                backup()
        finally:
            session.lock()

    return work


def _today(operations: Operations, session: VaultSession, runner: BackupRunner | None) -> TodayPage:
    page = TodayPage()
    if runner is not None and session.backups.may_see_status:
        page.add_notice(BackupNotice(operations, session.backups, runner))
    return page


def _admin(operations: Operations, session: VaultSession, runner: BackupRunner | None) -> AdminPage:
    panels: tuple[QFrame, ...] = ()
    if runner is not None and allowed(session.actor, Action.MANAGE_SETTINGS):
        panels = (BackupsPanel(operations, runner, session.backups),)
    return AdminPage(operations, AdminServices.of(session), extra_cards=panels)


def build_workspace_pages(
    operations: Operations, session: VaultSession, backups: BackupRunner | None = None
) -> list[tuple[str, str, QWidget]]:
    """(key, navigation label, page) in navigation order."""
    return [
        ("today", "Today", _today(operations, session, backups)),
        (
            "caseload",
            "Caseload",
            CaseloadPage(
                operations,
                session.cases,
                session.accounts,
                can_see_all=allowed(session.actor, Action.VIEW_ALL_CASES),
                can_create=allowed(session.actor, Action.CREATE_CASE),
            ),
        ),
        *(
            [("waiting", "Waiting list", WaitingListPage(operations, session.waiting_list))]
            if allowed(session.actor, Action.VIEW_ALL_CASES)
            else []
        ),
        (
            "court",
            "Court diary",
            CourtDiaryPage(can_see_all=allowed(session.actor, Action.VIEW_ALL_CASES)),
        ),
        (
            "referrals",
            "Referrals",
            ReferralsPage(
                operations,
                session.referrals,
                session.directory,
                can_see_all=allowed(session.actor, Action.VIEW_ALL_CASES),
                can_manage_directory=allowed(session.actor, Action.MANAGE_DIRECTORY),
            ),
        ),
        (
            "feedback",
            "Feedback",
            FeedbackPage(
                operations,
                session.feedback,
                can_see_all=allowed(session.actor, Action.VIEW_ALL_CASES),
                can_record_anonymous=allowed(session.actor, Action.RECORD_ANONYMOUS_FEEDBACK),
            ),
        ),
        (
            "returns",
            "Returns",
            ReturnsPage(operations, session.actor, session.returns, Reauthentication.of(session)),
        ),
        ("admin", "Admin", _admin(operations, session, backups)),
    ]


def build_case_view(operations: Operations, session: VaultSession, labels: Labels) -> CaseViewPage:
    """The case view, built on first use rather than at unlock so the caseload paints first."""
    return CaseViewPage(
        operations,
        session.cases,
        session.justice,
        session.drafts,
        session.actor,
        labels,
        referrals_tab=ReferralsTab(operations, session.referrals, session.cases, labels),
        feedback_tab=FeedbackTab(operations, session.feedback, labels),
    )
