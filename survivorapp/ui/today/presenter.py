"""Keeps the Today page filled: asks the dashboard service on the vault thread.

Nothing is asked at unlock (the caseload paints first); Today loads when it comes to the front,
and again after any change to the vault while it is on screen (it shows a little of
everything, so every kind of change touches it). It loads in two steps on the one vault
thread: everything but the court diary first (fast at any size), then my hearings and
deadlines, which across a large caseload take longer, so the page never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.domain.today import TodaySummary
from survivorapp.services.dashboard import DashboardService
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.today.page import TodayPage
from survivorapp.ui.widgets.stale_refresh import StaleRefresh


class TodayPresenter(QObject):
    def __init__(
        self,
        operations: Operations,
        dashboard: DashboardService,
        page: TodayPage,
        current_page: Callable[[], QWidget | None],
    ) -> None:
        super().__init__()
        self._operations = operations
        self._dashboard = dashboard
        self._page = page
        self._generation = 0
        self.stale_refresh = StaleRefresh(
            operations,
            self._load,
            lambda: current_page() is page,
            kinds=None,
            parent=self,
            today=date.today,  # "due today" moves on overnight
        )

    def on_window_page_shown(self, _page: object) -> None:
        self.stale_refresh.shown()

    def stop(self) -> None:
        """The vault is locking: ask it nothing more."""
        self.stale_refresh.stop()

    def _load(self) -> None:
        self._generation += 1
        generation, dashboard, page = self._generation, self._dashboard, self._page
        page.set_loading(True)

        def current() -> bool:
            return self.stale_refresh.active and generation == self._generation

        def show(summary: TodaySummary) -> None:
            if current():
                page.set_summary(summary, with_hearings=False)

        def show_hearings(entries: tuple[DiaryEntry, ...]) -> None:
            if current():
                page.set_entries(list(entries))
                page.set_loading(False)

        def failed(exc: BaseException) -> None:
            if current():
                page.status.setText(message_for(exc))

        self._operations.run(
            lambda: dashboard.today(hearings=False),
            on_success=show,
            on_failure=failed,
            owner=page,
        )
        self._operations.run(
            dashboard.hearings, on_success=show_hearings, on_failure=failed, owner=page
        )
