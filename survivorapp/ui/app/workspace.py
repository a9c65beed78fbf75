"""Which pages the workspace shows after unlocking, built for one unlocked session."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import Action, allowed
from survivorapp.ui.admin.page import AdminPage
from survivorapp.ui.admin.services import AdminServices
from survivorapp.ui.caseload.page import CaseloadPage
from survivorapp.ui.diary.page import CourtDiaryPage
from survivorapp.ui.feedback.page import FeedbackPage
from survivorapp.ui.operations import Operations
from survivorapp.ui.referrals.page import ReferralsPage
from survivorapp.ui.returns.page import ReturnsPage
from survivorapp.ui.today.page import TodayPage
from survivorapp.ui.waiting_list.page import WaitingListPage
from survivorapp.ui.widgets.reauth_dialog import Reauthentication


def build_workspace_pages(
    operations: Operations, session: VaultSession
) -> list[tuple[str, str, QWidget]]:
    """(key, navigation label, page) in navigation order."""
    return [
        (
            "today",
            "Today",
            TodayPage(),
        ),
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
        ("admin", "Admin", AdminPage(operations, AdminServices.of(session))),
    ]
