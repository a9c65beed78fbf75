"""The Feedback page: outcome measurement across my caseload, what is due, anonymous feedback,
and for managers what survivors said about the service over a chosen period.

Due reviews open their case (:attr:`FeedbackPage.case_requested`). The service-feedback summary
is aggregate only: counts and percentages per answer, with small counts shown as "fewer than
5" exactly as the service returns them, and never anyone's own answers or comments.

What the page shows comes from one service call (:class:`FeedbackOverview`). It loads when
shown if it is stale: after a change to cases, sessions, feedback, the waiting list or settings,
or on a new day (what is due and overdue is counted to today).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.services.feedback import FeedbackService
from survivorapp.services.feedback_views import Completion, FeedbackOverview
from survivorapp.ui.errors import message_for
from survivorapp.ui.feedback.launcher import FeedbackLauncher
from survivorapp.ui.feedback.summary_view import FeedbackSummaryView
from survivorapp.ui.feedback.table_model import DueReviewsTableModel
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.labels import Labels
from survivorapp.ui.widgets.page_layout import heading_row, scrolling_body
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import make_table
from survivorapp.ui.widgets.theme import heading_font

DEFAULT_PERIOD_DAYS = 91
DUE_WITHIN_DAYS = 14
MAX_DUE_ROWS = 10
SHOWN_KINDS = ("cases", "sessions", "feedback", "waiting_list", "settings")
"""Changes that can alter what the page shows (support starting or ending, answers, settings)."""


def percent(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({round(100 * part / whole)}%)" if whole else "none yet"


def completion_lines(labels: Labels, c: Completion) -> list[str]:
    lines = [
        f"Open cases: {c.open_cases:,}",
        f"With a measure at the start of support: {percent(c.with_intake, c.open_cases)}",
        f"Up to date with reviews: {percent(c.up_to_date, c.open_cases)}",
        f"Overdue: {c.overdue:,}",
        f"Closed in the period with a measure at the end of support: "
        f"{percent(c.closed_with_exit, c.closed_in_period)}",
    ]
    if c.by_timepoint:
        answered = ", ".join(
            f"{labels.code('feedback_timepoint', k)} {v:,}"
            for k, v in sorted(c.by_timepoint.items())
        )
        lines.append(f"Questionnaires answered in the period: {answered}")
    return lines


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(14, 10, 14, 12)
    heading = QLabel(title)
    heading.setFont(heading_font(card, 1.15))
    layout.addWidget(heading)
    return card, layout


class FeedbackPage(QWidget):
    case_requested = Signal(str)
    survivor_mode_requested = Signal(object)

    def __init__(
        self,
        operations: Operations,
        feedback: FeedbackService,
        *,
        can_see_all: bool,
        can_record_anonymous: bool,
        labels: Labels | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Feedback"))
        self._operations = operations
        self._feedback = feedback
        self._labels = labels or Labels()
        self._can_see_all = can_see_all
        self._overview: FeedbackOverview | None = None
        # Stale after a change it shows, or on a new day; loaded when shown.
        self.stale_refresh = StaleRefresh.for_widget(
            operations, self, self._load, SHOWN_KINDS, today=date.today
        )
        # What the launcher records reaches the page as a change to feedback (SHOWN_KINDS).
        self.launcher = FeedbackLauncher(operations, feedback, self._labels, self)
        self.launcher.survivor_mode_requested.connect(self.survivor_mode_requested.emit)

        _scroll, layout = scrolling_body(self, (32, 24, 32, 24), 14)
        layout.addLayout(self._build_top(can_record_anonymous))
        layout.addLayout(self._build_period(can_see_all))
        card, inner = _card(self.tr("Outcome measures across the caseload"))
        self.completion_label = QLabel(wordWrap=True)
        self.completion_label.setAccessibleName(self.tr("Completion of outcome measures"))
        inner.addWidget(self.completion_label)
        layout.addWidget(card)
        layout.addWidget(self._build_due())
        layout.addWidget(self._build_summary(can_see_all))
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _build_top(self, can_record_anonymous: bool) -> QHBoxLayout:
        self.anonymous_button = QPushButton(self.tr("Anonymous feedback…"))
        self.anonymous_button.setAccessibleName(self.tr("Start anonymous feedback"))
        self.anonymous_button.setToolTip(
            self.tr("Service feedback not linked to any case, for example after a group session")
        )
        self.anonymous_button.clicked.connect(lambda: self.launcher.start(None))
        self.anonymous_button.setVisible(can_record_anonymous)
        return heading_row(self, self.tr("Feedback"), self.anonymous_button)

    def _build_period(self, can_see_all: bool) -> QHBoxLayout:
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Period from")))
        today = date.today()
        self.start_edit = self._date_edit(today - timedelta(days=DEFAULT_PERIOD_DAYS))
        self.start_edit.setAccessibleName(self.tr("Start of the period"))
        self.end_edit = self._date_edit(today)
        self.end_edit.setAccessibleName(self.tr("End of the period"))
        period.addWidget(self.start_edit)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end_edit)
        self.mine_only = QCheckBox(self.tr("Only my cases"))
        self.mine_only.setAccessibleName(self.tr("Only my cases"))
        self.mine_only.setVisible(can_see_all)
        period.addWidget(self.mine_only)
        period.addStretch(1)
        for signal in (self.start_edit.dateChanged, self.end_edit.dateChanged):
            signal.connect(self.stale_refresh.mark_stale)
        self.mine_only.toggled.connect(self.stale_refresh.mark_stale)
        return period

    def _build_due(self) -> QFrame:
        card, inner = _card(self.tr("Due in the next two weeks, and overdue"))
        self.due_model = DueReviewsTableModel(self._labels)
        self.due_list = make_table(
            self.due_model, self.tr("Outcome measures due"), widths=(110, 160, 180)
        )
        self.due_list.activated.connect(self.on_due_list_activated)
        self.due_list.doubleClicked.connect(self.on_due_list_activated)
        inner.addWidget(self.due_list)
        self.nothing_due = QLabel(self.tr("Nothing is due in the next two weeks."))
        self.nothing_due.setProperty("role", "muted")
        inner.addWidget(self.nothing_due)
        return card

    def _build_summary(self, can_see_all: bool) -> QFrame:
        self.summary_card, inner = _card(self.tr("What survivors said about the service"))
        inner.addWidget(
            self._muted(
                self.tr(
                    "Counted across everyone who answered in the period. Small numbers are "
                    "shown as “fewer than 5” so no one's answers can be picked out."
                )
            )
        )
        self.summary_view = FeedbackSummaryView()
        inner.addWidget(self.summary_view)
        self.summary_card.setVisible(can_see_all)
        return self.summary_card

    @staticmethod
    def _muted(text: str) -> QLabel:
        label = QLabel(text, wordWrap=True)
        label.setProperty("role", "muted")
        return label

    @staticmethod
    def _date_edit(day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        return edit

    # --- loading -----------------------------------------------------------------------------

    @property
    def period(self) -> tuple[date, date]:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return (start, end) if start <= end else (end, start)

    def reload(self) -> None:
        self.stale_refresh.reload()

    def _load(self) -> None:
        feedback = self._feedback
        start, end = self.period
        mine = self.mine_only.isChecked() or not self._can_see_all
        summary_wanted = self._can_see_all
        self._operations.run(
            lambda: feedback.overview(start, end, mine, DUE_WITHIN_DAYS, summary_wanted),
            self._show,
            self._show_failure,
            owner=self,
        )

    def _show(self, overview: FeedbackOverview) -> None:
        self._overview = overview
        self.message.setVisible(False)
        self.completion_label.setText(
            "\n".join(completion_lines(self._labels, overview.completion))
        )
        self.due_model.set_items(overview.due)
        self._fit_due_list()
        self.due_list.setVisible(bool(overview.due))
        self.nothing_due.setVisible(not overview.due)
        if overview.summary is not None:
            self.summary_view.show_summary(overview.summary)

    def _fit_due_list(self) -> None:
        """As tall as its rows (up to ten): the page scrolls, the list need not."""
        rows = min(max(self.due_model.rowCount(), 1), MAX_DUE_ROWS)
        table = self.due_list
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        table.setFixedHeight(height + rows * table.verticalHeader().defaultSectionSize() + 2)

    def _show_failure(self, exc: BaseException) -> None:
        self.message.setText(message_for(exc))
        self.message.setVisible(True)

    @property
    def overview(self) -> FeedbackOverview | None:
        return self._overview

    def on_due_list_activated(self, index: QModelIndex) -> None:
        due = self.due_model.item_at(index.row())
        if due is not None:
            self.case_requested.emit(due.case_reference)
