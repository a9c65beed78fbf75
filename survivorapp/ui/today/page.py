"""Today: what is coming up for me, so the day starts with what matters.

For everyone: my hearings and deadlines in the next 7 days, my tasks due, my referrals waiting
for a reply, the sessions I logged this week and what I typed but have not saved yet. For
managers also: the waiting list, open cases with no worker, open cases per worker (a small
painted chart) and referrals waiting longer than the service's follow-up time.

Cards sit in a calm two-column grid inside a scroll area, so nothing crowds at 1280x800. Every
line that names a case opens it. The page only shows what it is given (``set_summary``,
``set_entries``); ``TodayPresenter`` asks the services on the vault thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.domain.today import ManagerSummary, TodaySummary
from survivorapp.ui.today.lines import (
    SEP,
    days,
    draft_text,
    entry_text,
    plural,
    referral_text,
    session_text,
    task_text,
    unallocated_text,
)
from survivorapp.ui.widgets.bar_chart import BarChartWidget
from survivorapp.ui.widgets.cards import Card, CaseListView, muted_label
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.page_layout import heading_row, scroll_area
from survivorapp.ui.widgets.theme import heading_font

WAITING_PAGE = "waiting"


class TodayPage(QWidget):
    case_requested = Signal(str)
    #: A navigation key to show (the Waiting list).
    page_requested = Signal(str)

    def __init__(self, labels: Labels | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = labels or Labels()
        self.setAccessibleName(self.tr("Today"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 12)
        outer.setSpacing(10)
        self.status = muted_label(name=self.tr("Whether Today is up to date"))
        outer.addLayout(heading_row(self, self.tr("Today"), self.status))
        hint = muted_label(self.tr("Click a line, or press Enter on it, to open the case."))
        outer.addWidget(hint)

        content = QWidget()
        content.setObjectName("todayContent")
        self.columns = QVBoxLayout(content)
        self.columns.setContentsMargins(0, 0, 8, 8)
        self.columns.setSpacing(14)
        self.scroll_area = scroll_area(content, self.tr("Today's cards"))
        outer.addWidget(self.scroll_area, 1)

        self.columns.addLayout(self._build_my_cards())
        self.manager_section = self._build_manager_section()
        self.columns.addWidget(self.manager_section)
        self.columns.addStretch(1)
        self.manager_section.setVisible(False)
        self.set_entries([])

    def add_notice(self, notice: QWidget) -> None:
        """A line above the cards from another feature (the backups notice)."""
        self.columns.insertWidget(0, notice)

    # --- building ----------------------------------------------------------------------------

    def _build_my_cards(self) -> QGridLayout:
        """The signed-in person's own day, in a two-column grid."""
        mine = self._grid()
        self.hearings_card, self.coming_up = self._list_card(
            self.tr("Coming up in the next 7 days"),
            self.tr("No hearings or deadlines in the next 7 days for your cases."),
            self.tr("Hearings and deadlines in the next 7 days"),
        )
        self.model = self.coming_up.lines
        self.nothing = self.hearings_card.empty
        self.tasks_card, self.tasks = self._list_card(
            self.tr("Tasks due"),
            self.tr("No tasks due in the next 7 days. Overdue ones would show here too."),
            self.tr("Your tasks due"),
        )
        self.referrals_card, self.referrals = self._list_card(
            self.tr("Referrals awaiting a response"),
            self.tr(
                "Well-being referrals you have made that are still waiting for a reply "
                "will appear here, with how long each has been waiting."
            ),
            self.tr("Your referrals awaiting a response"),
        )
        self.sessions_card, self.sessions = self._list_card(
            self.tr("Sessions you logged this week"),
            self.tr("No sessions logged this week yet."),
            self.tr("Sessions you logged this week"),
        )
        self.drafts_card, self.drafts = self._list_card(
            self.tr("Drafts not yet saved"),
            self.tr("Nothing waiting to be finished: everything you started has been saved."),
            self.tr("Your drafts not yet saved"),
        )
        for index, card in enumerate(
            (
                self.hearings_card,
                self.tasks_card,
                self.referrals_card,
                self.sessions_card,
                self.drafts_card,
            )
        ):
            mine.addWidget(card, index // 2, index % 2)
        return mine

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _list_card(self, title: str, empty: str, name: str) -> tuple[Card, CaseListView]:
        card = Card(title, empty)
        view = CaseListView(name)
        view.case_requested.connect(self.case_requested.emit)
        card.body.addWidget(view)
        return card, view

    def _build_manager_section(self) -> QWidget:
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Across the service"))
        heading.setFont(heading_font(self, 1.25))
        layout.addWidget(heading)
        grid = self._grid()
        self.waiting_card = Card(
            self.tr("Waiting list"), self.tr("Nobody is waiting to be allocated.")
        )
        self.waiting_summary = QLabel(wordWrap=True)
        self.waiting_summary.setFont(heading_font(self, 1.3))
        self.waiting_summary.setAccessibleName(self.tr("Waiting list size and longest wait"))
        self.open_waiting_button = QPushButton(self.tr("Open the waiting list"))
        self.open_waiting_button.setAccessibleName(self.tr("Open the waiting list"))
        self.open_waiting_button.clicked.connect(lambda: self.page_requested.emit(WAITING_PAGE))
        self.waiting_card.body.addWidget(self.waiting_summary)
        self.waiting_card.body.addWidget(self.open_waiting_button)
        self.unallocated_card, self.unallocated = self._list_card(
            self.tr("Not yet allocated"),
            self.tr("Every open case has a worker."),
            self.tr("Open cases with no worker, longest waiting first"),
        )
        self.caseload_card = Card(
            self.tr("Open cases per worker"), self.tr("No caseworkers or ISVAs yet.")
        )
        self.caseload_chart = BarChartWidget(
            self.tr("Open cases per worker"), (self.tr("open case"), self.tr("open cases"))
        )
        self.caseload_card.body.addWidget(self.caseload_chart)
        self.referral_waits_card, self.referral_waits = self._list_card(
            self.tr("Referrals waiting longer than the follow-up time"),
            self.tr("Referral waiting times by kind of service will appear here."),
            self.tr("Referrals waiting longer than the follow-up time, by kind of service"),
        )
        for index, card in enumerate(
            (self.waiting_card, self.unallocated_card, self.caseload_card, self.referral_waits_card)
        ):
            grid.addWidget(card, index // 2, index % 2)
        layout.addLayout(grid)
        return section

    # --- filling -------------------------------------------------------------------------------

    def set_loading(self, loading: bool) -> None:
        if loading:
            self.status.setText(self.tr("Bringing Today up to date…"))
        else:
            self.status.setText(
                self.tr("Up to date at {time}").replace("{time}", f"{datetime.now():%H:%M}")
            )

    def set_entries(self, entries: list[DiaryEntry]) -> None:
        """My hearings and deadlines in the next 7 days."""
        self.coming_up.set_lines([(entry_text(e), e.case_reference) for e in entries])
        self.nothing.setVisible(not entries)
        self.hearings_card.set_count(
            plural(len(entries), "{n} in the next 7 days", "{n} in the next 7 days")
            if entries
            else ""
        )

    def set_summary(self, summary: TodaySummary, *, with_hearings: bool = True) -> None:
        if with_hearings:
            self.set_entries(list(summary.hearings))
        self._fill(
            self.tasks_card,
            self.tasks,
            [(task_text(t), t.case_reference) for t in summary.tasks_due],
        )
        self.tasks_card.set_count(
            ""
            if not summary.tasks_due_count
            else plural(summary.tasks_due_count, "{n} due", "{n} due")
            + (
                f"{SEP}{summary.tasks_overdue_count:,} overdue"
                if summary.tasks_overdue_count
                else ""
            )
        )
        self._fill_referrals(summary)
        self._fill(
            self.sessions_card,
            self.sessions,
            [(session_text(self._labels, s), s.case_reference) for s in summary.sessions_this_week],
        )
        self.sessions_card.set_count(
            plural(
                summary.sessions_this_week_count,
                "{n} session since Monday " + format_date(summary.week_start),
                "{n} sessions since Monday " + format_date(summary.week_start),
            )
            if summary.sessions_this_week_count
            else ""
        )
        self._fill(
            self.drafts_card,
            self.drafts,
            [(draft_text(d), d.case_reference) for d in summary.drafts],
        )
        self.manager_section.setVisible(summary.manager is not None)
        if summary.manager is not None:
            self._fill_manager(summary.manager)

    def _fill(
        self, card: Card, view: CaseListView, lines: Sequence[tuple[str, str | None]]
    ) -> None:
        view.set_lines(lines)
        card.empty.setVisible(not lines)

    def _fill_referrals(self, summary: TodaySummary) -> None:
        found = summary.referrals_awaiting
        if found is None:
            self._fill(self.referrals_card, self.referrals, [])
            return
        self.referrals_card.empty.setText(
            self.tr("None of your referrals is waiting for a reply past the follow-up time.")
        )
        lines = [(referral_text(self._labels, r), r.case_reference) for r in found]
        self._fill(self.referrals_card, self.referrals, lines)
        self.referrals_card.set_count(
            plural(len(lines), "{n} to follow up", "{n} to follow up") if lines else ""
        )

    def _fill_manager(self, manager: ManagerSummary) -> None:
        if manager.waiting_count:
            longest = manager.longest_wait_days or 0
            self.waiting_summary.setText(
                plural(manager.waiting_count, "{n} survivor waiting", "{n} survivors waiting")
                + f"{SEP}longest wait {days(longest)}"
            )
        self.waiting_summary.setVisible(bool(manager.waiting_count))
        self.waiting_card.empty.setVisible(not manager.waiting_count)
        self._fill(
            self.unallocated_card,
            self.unallocated,
            [(unallocated_text(self._labels, c), c.case_reference) for c in manager.unallocated],
        )
        self.unallocated_card.set_count(
            plural(
                manager.unallocated_count,
                "{n} open case with no worker",
                "{n} open cases with no worker",
            )
            if manager.unallocated_count
            else ""
        )
        self.caseload_chart.set_bars([(w.display_name, w.open_cases) for w in manager.caseload])
        self.caseload_chart.setVisible(bool(manager.caseload))
        self.caseload_card.empty.setVisible(not manager.caseload)
        over = manager.referrals_over_threshold
        if manager.referral_threshold_days is not None:
            self.referral_waits_card.title.setText(
                self.tr("Referrals waiting more than {days}").replace(
                    "{days}", days(manager.referral_threshold_days)
                )
            )
            self.referral_waits_card.empty.setText(
                self.tr("No referral has waited longer than the follow-up time.")
            )
        self._fill(
            self.referral_waits_card,
            self.referral_waits,
            [
                (f"{self._labels.code('referral_destination', code)}: {count:,}", None)
                for code, count in (over or ())
            ],
        )

    def on_coming_up_activated(self, index: QModelIndex) -> None:
        self.coming_up.on_line_chosen(index)
