"""Keeps the Today page filled: asks the dashboard service on the vault thread.

Nothing is asked at unlock (the caseload paints first); Today loads when it comes to the front,
and again after any change to the vault while it is on screen. It loads in two steps on the
one vault thread: everything but the court diary first (fast at any size), then my hearings
and deadlines, which across a large caseload take longer, so the page never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from survivorapp.domain.justice_diary import DiaryEntry
from survivorapp.domain.today import TodaySummary
from survivorapp.services.access import VaultSession
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.today.page import TodayPage


class TodayPresenter(QObject):
    def __init__(
        self,
        operations: Operations,
        session: VaultSession,
        page: TodayPage,
        current_page: Callable[[], QWidget | None],
    ) -> None:
        super().__init__()
        self._operations = operations
        self._session = session
        self._page = page
        self._current_page = current_page
        self._active = True
        self._stale = True
        self._generation = 0
        operations.vault_changed.connect(self.on_operations_vault_changed)

    @property
    def _on_screen(self) -> bool:
        return self._current_page() is self._page

    def on_window_page_shown(self, _page: object) -> None:
        if self._stale and self._on_screen:
            self.refresh()

    def on_operations_vault_changed(self, _what: str) -> None:
        self._stale = True
        if self._on_screen:
            self.refresh()

    def stop(self) -> None:
        """The vault is locking: ask it nothing more."""
        self._active = False
        self._operations.vault_changed.disconnect(self.on_operations_vault_changed)

    def refresh(self) -> None:
        if not self._active:
            return
        self._stale = False
        self._generation += 1
        generation, session, page = self._generation, self._session, self._page
        page.set_loading(True)

        def current() -> bool:
            return self._active and generation == self._generation

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
            lambda: session.dashboard.today(hearings=False), on_success=show, on_failure=failed
        )
        self._operations.run(
            lambda: session.dashboard.hearings(), on_success=show_hearings, on_failure=failed
        )
