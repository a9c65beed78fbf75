"""The case's Feedback tab: questionnaires answered, each outcome measure over time, what is due.

The tab loads what it shows itself, on the vault thread, when the case is shown, in one service
call (:class:`CaseFeedback`). Outcome
measures show their score and band and a chart with the measure's bands and a meaningful-change
marker; service feedback shows only that it was completed (its answers count in aggregate).
Starting a questionnaire goes through :class:`FeedbackLauncher`; survivor mode itself is run by
the controller, which owns the windows.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survivorapp.domain.questionnaires.administrations import (
    IMPROVED,
    NO_RELIABLE_CHANGE,
    WORSENED,
    DueMeasure,
)
from survivorapp.domain.questionnaires.instruments import HIGHER_IS_BETTER
from survivorapp.services.feedback import FeedbackService
from survivorapp.services.feedback_views import CaseFeedback, MeasureSeries
from survivorapp.ui.errors import message_for
from survivorapp.ui.feedback.launcher import FeedbackLauncher
from survivorapp.ui.feedback.measure_chart import (
    ChartBand,
    ChartPoint,
    ChartSeries,
    MeasureChartWidget,
)
from survivorapp.ui.feedback.table_model import FeedbackTableModel
from survivorapp.ui.operations import Operations
from survivorapp.ui.widgets.labels import Labels, format_date
from survivorapp.ui.widgets.page_layout import scrolling_body
from survivorapp.ui.widgets.stale_refresh import StaleRefresh
from survivorapp.ui.widgets.table_kit import make_table
from survivorapp.ui.widgets.theme import heading_font

CHANGE_WORDS = {
    IMPROVED: "Meaningfully better than at the first score",
    WORSENED: "Meaningfully worse than at the first score",
    NO_RELIABLE_CHANGE: "No meaningful change since the first score",
}


def chart_series(series: MeasureSeries) -> ChartSeries:
    points = tuple(
        ChartPoint(p.administered_on, p.total, p.timepoint)
        for p in sorted(series.points, key=lambda p: p.administered_on)
        if p.total is not None
    )
    return ChartSeries(
        title=str(series.instrument.name),
        lowest=series.lowest or 0,
        highest=series.highest or 0,
        points=points,
        bands=tuple(ChartBand(b.min, b.max, str(b.label)) for b in series.bands),
        meaningful_change=series.meaningful_change,
        higher_is_better=series.direction == HIGHER_IS_BETTER,
    )


def due_text(labels: Labels, due: DueMeasure | None, today: date) -> str:
    if due is None:
        return "Nothing is due: outcome measures are scheduled once support has started."
    what = labels.code("feedback_timepoint", due.timepoint)
    if due.review_number:
        what = f"{what} {due.review_number}"
    if due.overdue:
        return f"{what} was due {format_date(due.due_on)}."
    if due.due_on == today:
        return f"{what} is due today."
    return f"{what} due {format_date(due.due_on)}."


class FeedbackTab(QWidget):
    #: Forwarded from the launcher: the controller runs survivor mode.
    survivor_mode_requested = Signal(object)

    def __init__(
        self,
        operations: Operations,
        feedback: FeedbackService,
        labels: Labels,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self._feedback = feedback
        self._labels = labels
        self._reference: str | None = None
        self._bundle: CaseFeedback | None = None
        # The case view says when the case changed (show_case); the launcher, when it recorded.
        self.stale_refresh = StaleRefresh.for_widget(operations, self, self._load, ())
        self.launcher = FeedbackLauncher(operations, feedback, labels, self)
        self.launcher.survivor_mode_requested.connect(self.survivor_mode_requested.emit)
        self.launcher.recorded.connect(self.reload)

        _scroll, layout = scrolling_body(self, (8, 12, 8, 12), 12)
        layout.addLayout(self._build_top())
        self.model = FeedbackTableModel(labels)
        self.table = make_table(
            self.model, self.tr("Questionnaires answered"), widths=(100, 190, 120, 150, 280)
        )
        self.table.setWordWrap(True)  # a score, its band and a note can be long
        layout.addWidget(self.table)
        self.empty = QLabel(
            self.tr(
                "No questionnaires yet. They are always optional for the survivor, and "
                "never a condition of support."
            ),
            wordWrap=True,
        )
        self.empty.setProperty("role", "muted")
        layout.addWidget(self.empty)
        self._build_charts(layout)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "message")
        self.message.setVisible(False)
        layout.addWidget(self.message)

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.due_label = QLabel(wordWrap=True)
        self.due_label.setAccessibleName(self.tr("What is due"))
        top.addWidget(self.due_label, 1)
        self.start_button = QPushButton(self.tr("Start a questionnaire…"))
        self.start_button.setAccessibleName(self.tr("Start a questionnaire"))
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(self.on_start_button_clicked)
        top.addWidget(self.start_button)
        return top

    def _build_charts(self, layout: QVBoxLayout) -> None:
        self.charts_heading = QLabel(self.tr("Outcome measures over time"))
        self.charts_heading.setFont(heading_font(self, 1.15))
        layout.addWidget(self.charts_heading)
        self.charts = QVBoxLayout()
        self.charts.setSpacing(8)
        layout.addLayout(self.charts)
        self.chart_widgets: list[MeasureChartWidget] = []
        layout.addStretch(1)

    # --- loading -----------------------------------------------------------------------------

    def show_case(self, reference: str) -> None:
        """Load now if the tab is in view, else when it is first shown: reading a case's
        questionnaires is audited, so it happens only when someone looks."""
        if reference != self._reference:
            self._reference = reference
            self._bundle = None
            self.model.set_administrations([])
            self._clear_charts()
        self.stale_refresh.mark_stale()

    def reload(self) -> None:
        self.stale_refresh.reload()

    def _load(self) -> None:
        reference, feedback = self._reference, self._feedback
        if reference is None:
            return
        self._operations.run(
            lambda: feedback.case_feedback(reference),
            self._show,
            self._show_failure,
            owner=self,
        )

    def _show(self, bundle: CaseFeedback) -> None:
        if bundle.reference != self._reference:
            return
        self._bundle = bundle
        self.message.setVisible(False)
        self.model.set_administrations(bundle.administrations)
        self.table.resizeRowsToContents()
        self._fit_table()
        self.empty.setVisible(not bundle.administrations)
        self.due_label.setText(due_text(self._labels, bundle.due, date.today()))
        self._clear_charts()
        for series in bundle.series:
            if series.hidden or not any(p.total is not None for p in series.points):
                continue
            self._add_chart(series)
        self.charts_heading.setVisible(bool(self.chart_widgets))

    def _fit_table(self) -> None:
        """As tall as its rows (up to ten), so the charts below stay in view."""
        rows = min(self.model.rowCount(), 10)
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(rows)) or 40
        self.table.setFixedHeight(height + 2)

    def _show_failure(self, exc: BaseException) -> None:
        self.message.setText(message_for(exc))
        self.message.setVisible(True)

    def _clear_charts(self) -> None:
        while self.charts.count():
            item = self.charts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.chart_widgets = []

    def _add_chart(self, series: MeasureSeries) -> None:
        data = chart_series(series)
        title = QLabel(data.title)
        title.setProperty("role", "heading")
        self.charts.addWidget(title)
        chart = MeasureChartWidget(data)
        self.charts.addWidget(chart)
        self.chart_widgets.append(chart)
        words = []
        if series.change_kind in CHANGE_WORDS:
            words.append(CHANGE_WORDS[series.change_kind] + ".")
        if series.meaningful_change is not None:
            words.append(
                f"The dashed lines mark a meaningful change ({series.meaningful_change:g} points) "
                "up or down from the first score; the shaded stripes are the measure's bands."
            )
        if words:
            summary = QLabel(" ".join(words), wordWrap=True)
            summary.setProperty("role", "muted")
            self.charts.addWidget(summary)

    # --- starting a questionnaire --------------------------------------------------------------

    def on_start_button_clicked(self) -> None:
        if self._reference is None:
            return
        self.launcher.start(self._reference, self._bundle.due if self._bundle else None)

    @property
    def bundle(self) -> CaseFeedback | None:
        return self._bundle
