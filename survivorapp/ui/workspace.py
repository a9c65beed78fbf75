"""Which pages the workspace shows after unlocking, built for one unlocked session."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import Action, allowed
from survivorapp.ui.admin_page import AdminPage
from survivorapp.ui.caseload_page import CaseloadPage
from survivorapp.ui.court_diary_page import CourtDiaryPage
from survivorapp.ui.operations import Operations
from survivorapp.ui.planned_page import PlannedPage
from survivorapp.ui.today_page import TodayPage


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
                session,
                can_see_all=allowed(session.actor, Action.VIEW_ALL_CASES),
                can_create=allowed(session.actor, Action.CREATE_CASE),
            ),
        ),
        (
            "court",
            "Court diary",
            CourtDiaryPage(can_see_all=allowed(session.actor, Action.VIEW_ALL_CASES)),
        ),
        (
            "referrals",
            "Referrals",
            PlannedPage(
                "Referrals",
                "Well-being referrals you have made, and how long people are waiting.",
                ["Open referrals by destination", "Follow-up reminders"],
            ),
        ),
        (
            "feedback",
            "Feedback",
            PlannedPage(
                "Feedback",
                "Survivor feedback and outcome measures, answered in survivor mode.",
                ["Service feedback", "Outcome measures over time"],
            ),
        ),
        (
            "returns",
            "Returns",
            PlannedPage(
                "Returns",
                "Anonymised aggregate returns for commissioners.",
                ["Choose a period", "Preview exactly what leaves the building", "Export"],
            ),
        ),
        ("admin", "Admin", AdminPage(operations, session)),
    ]
