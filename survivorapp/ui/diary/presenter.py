"""Keeps the Court diary filled with coming hearings and deadlines.

It asks the justice service on the vault thread when the diary is shown, when its window or
"mine only" changes, and after a change to cases or their justice journeys; it saves the
calendar file where the person chooses. (Today shows *my* next 7 days through
``TodayPresenter``.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.services.calendar_export import export_diary
from survivorapp.services.justice import JusticeService
from survivorapp.ui.diary.page import CourtDiaryPage
from survivorapp.ui.errors import message_for
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.stale_refresh import StaleRefresh

ChooseFile = Callable[[QWidget], str | None]
SHOWN = ("cases", "justice")
"""Hearings and deadlines, and the cases they belong to (who is allocated, known-as names,
restrictions and closures change what is listed)."""


def choose_calendar_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Save the court diary"), "court-diary.ics", "iCalendar (*.ics)"
    )
    return path or None


class DiaryPresenter(QObject):
    def __init__(
        self,
        operations: Operations,
        justice: JusticeService,
        diary_page: CourtDiaryPage,
        current_page: Callable[[], QWidget | None],
        choose_file: ChooseFile = choose_calendar_file,
    ) -> None:
        super().__init__()
        self._operations = operations
        self._justice = justice
        self._diary_page = diary_page
        self._choose_file = choose_file
        self._mine_only = False
        diary_page.window_changed.connect(lambda _days: self.refresh())
        diary_page.mine_only_changed.connect(self.on_diary_mine_only_changed)
        diary_page.export_requested.connect(self.export)
        self.stale_refresh = StaleRefresh(
            operations,
            self._load,
            lambda: current_page() is diary_page,
            SHOWN,
            parent=self,
            today=date.today,  # "coming up" moves on overnight
        )

    def on_window_page_shown(self, _page: object) -> None:
        """Load when the diary comes to the front, not at unlock: across a manager's
        100,000 cases the diary takes about a second and a half on the vault thread, and the
        caseload should not wait for it."""
        self.stale_refresh.shown()

    def stop(self) -> None:
        """The vault is locking: ask it nothing more."""
        self.stale_refresh.stop()

    def on_diary_mine_only_changed(self, mine_only: bool) -> None:
        self._mine_only = mine_only
        self.refresh()

    def refresh(self) -> None:
        self.stale_refresh.reload()

    def _load(self) -> None:
        justice, mine = self._justice, self._mine_only
        days = self._diary_page.window_days()
        today = date.today()

        def show(entries: list[DiaryEntry]) -> None:
            horizon = self._diary_page.window_days()
            self._diary_page.set_entries(
                [e for e in entries if (e.day - today).days <= horizon], today
            )

        self._operations.run(
            lambda: justice.diary(days, mine_only=mine), on_success=show, owner=self._diary_page
        )

    def export(self) -> None:
        chosen = self._choose_file(self._diary_page)
        if not chosen:
            return
        path, justice = Path(chosen), self._justice
        days, mine = self._diary_page.window_days(), self._mine_only
        page = self._diary_page

        def done(count: int) -> None:
            page.show_message(
                page.tr("Saved {count} entries to {name}. It holds case references only.")
                .replace("{count}", str(count))
                .replace("{name}", path.name)
            )

        self._operations.run(
            lambda: export_diary(justice, path, days, mine_only=mine),
            on_success=done,
            on_failure=lambda exc: page.show_message(message_for(exc)),
            owner=page,
        )
