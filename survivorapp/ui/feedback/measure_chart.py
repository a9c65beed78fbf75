"""A small chart of one outcome measure over time, painted with QPainter.

Each administration with a score is a point, dated along the bottom. The measure's clinical
bands are soft background stripes (deeper tint for higher scores, never alarm red), and two
dashed lines mark a meaningful change up or down from the intake score, so a worker can see at
a glance whether things have moved enough to mean something. The same facts are given as text
(:meth:`MeasureChartWidget.description`, also the accessible description) for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from survivorapp.ui.widgets.labels import format_date

Number = int | float


@dataclass(frozen=True)
class ChartBand:
    low: Number
    high: Number
    label: str


@dataclass(frozen=True)
class ChartPoint:
    day: date
    value: Number
    timepoint: str = ""


@dataclass(frozen=True)
class ChartSeries:
    title: str
    lowest: Number
    highest: Number
    points: tuple[ChartPoint, ...]
    bands: tuple[ChartBand, ...] = ()
    meaningful_change: Number | None = None
    higher_is_better: bool = False

    @property
    def baseline(self) -> ChartPoint | None:
        """The intake score where there is one, else the first score."""
        intake = next((p for p in self.points if p.timepoint == "intake"), None)
        return intake or (self.points[0] if self.points else None)

    def change_words(self, point: ChartPoint) -> str:
        base = self.baseline
        if base is None or point is base or self.meaningful_change is None:
            return ""
        delta = point.value - base.value
        if abs(delta) < self.meaningful_change:
            return "no meaningful change from intake"
        better = (delta > 0) == self.higher_is_better
        return (
            "meaningfully better than at intake" if better else "meaningfully worse than at intake"
        )


def _fmt(value: Number) -> str:
    return f"{value:g}"


def describe(series: ChartSeries) -> str:
    """The chart as sentences: title, each score with its band, and the change from intake."""
    if not series.points:
        return f"{series.title}: no scores yet."
    lines = [
        f"{series.title}, scores over time (from {_fmt(series.lowest)} to "
        f"{_fmt(series.highest)}; {'higher' if series.higher_is_better else 'lower'} "
        "is better)."
    ]
    for point in series.points:
        band = next((b.label for b in series.bands if b.low <= point.value <= b.high), "")
        words = [f"{format_date(point.day)}: {_fmt(point.value)}"]
        if band:
            words.append(band)
        if point.timepoint:
            words.append(point.timepoint.replace("_", " "))
        change = series.change_words(point)
        if change:
            words.append(change)
        lines.append(", ".join(words) + ".")
    if series.meaningful_change is not None:
        lines.append(f"A change of {_fmt(series.meaningful_change)} or more is meaningful.")
    return "\n".join(lines)


class MeasureChartWidget(QWidget):
    def __init__(self, series: ChartSeries | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so a screen reader reads it
        self._series: ChartSeries | None = None
        if series is not None:
            self.set_series(series)

    def sizeHint(self) -> QSize:
        return QSize(560, 220)

    @property
    def series(self) -> ChartSeries | None:
        return self._series

    def set_series(self, series: ChartSeries) -> None:
        self._series = series
        self.setAccessibleName(f"Chart: {series.title} over time")
        self.setAccessibleDescription(describe(series))
        self.setToolTip(describe(series))
        self.update()

    def description(self) -> str:
        return describe(self._series) if self._series else ""

    # --- painting ----------------------------------------------------------------------------

    def _plot_rect(self) -> QRectF:
        return QRectF(44, 24, max(10, self.width() - 44 - 150), max(10, self.height() - 24 - 30))

    def _y(self, plot: QRectF, value: Number, series: ChartSeries) -> float:
        span = (series.highest - series.lowest) or 1
        return plot.bottom() - (value - series.lowest) / span * plot.height()

    def _x(self, plot: QRectF, day: date, first: date, last: date) -> float:
        days = (last - first).days
        if days <= 0:
            return plot.center().x()
        return plot.left() + (day - first).days / days * plot.width()

    def paintEvent(self, event: QPaintEvent) -> None:
        series = self._series
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        accent = pal.color(QPalette.ColorRole.Link)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        plot = self._plot_rect()
        if series is None:
            painter.end()
            return
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() * 0.85))
        painter.setFont(small)
        self._paint_bands(painter, plot, series, accent, muted)
        painter.setPen(QPen(muted, 1))
        painter.drawRect(plot)
        for value in (series.lowest, series.highest):
            y = self._y(plot, value, series)
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                _fmt(value),
            )
        if not series.points:
            painter.setPen(text)
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), "No scores yet")
            painter.end()
            return
        first, last = series.points[0].day, series.points[-1].day
        self._paint_change_lines(painter, plot, series, muted)
        positions = [
            QPointF(self._x(plot, p.day, first, last), self._y(plot, p.value, series))
            for p in series.points
        ]
        painter.setPen(QPen(accent, 2))
        for a, b in pairwise(positions):
            painter.drawLine(a, b)
        painter.setBrush(accent)
        for position in positions:
            painter.drawEllipse(position, 4.5, 4.5)
        painter.setPen(text)
        for point, position in zip(series.points, positions, strict=True):
            painter.drawText(
                QRectF(position.x() - 30, max(0.0, position.y() - 24), 60, 18),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                _fmt(point.value),
            )
        for index in sorted({0, len(series.points) - 1}):
            x = positions[index].x()
            painter.drawText(
                QRectF(x - 60, plot.bottom() + 4, 120, 20),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                format_date(series.points[index].day),
            )
        painter.end()

    def _paint_bands(
        self, painter: QPainter, plot: QRectF, series: ChartSeries, accent: QColor, muted: QColor
    ) -> None:
        ordered = sorted(series.bands, key=lambda b: b.low)
        count = len(ordered)
        for index, band in enumerate(ordered):
            # Deeper tint towards the worse end of the scale, whichever way that runs.
            worse = index if not series.higher_is_better else count - 1 - index
            tint = QColor(accent)
            tint.setAlpha(12 + int(44 * worse / max(1, count - 1)))
            top = self._y(plot, min(band.high + 0.5, series.highest), series)
            bottom = self._y(plot, max(band.low - 0.5, series.lowest), series)
            rect = QRectF(plot.left(), top, plot.width(), bottom - top)
            painter.fillRect(rect, tint)
            painter.setPen(muted)
            painter.drawText(
                QRectF(plot.right() + 8, top, 142, bottom - top),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                band.label,
            )

    def _paint_change_lines(
        self, painter: QPainter, plot: QRectF, series: ChartSeries, muted: QColor
    ) -> None:
        base = series.baseline
        change = series.meaningful_change
        if base is None or change is None:
            return
        pen = QPen(muted, 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        for value in (base.value - change, base.value + change):
            if series.lowest <= value <= series.highest:
                y = self._y(plot, value, series)
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))


def series_points(points: Sequence[tuple[date, Number, str]]) -> tuple[ChartPoint, ...]:
    """Points sorted by day (the service may give them in any order)."""
    return tuple(ChartPoint(d, v, t) for d, v, t in sorted(points, key=lambda p: p[0]))
