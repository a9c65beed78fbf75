"""A painted timeline of one justice matter: stages across, events as points beneath.

Drawn with QPainter from the palette so it follows the theme: the accent marks the stages
reached, muted grey marks what is not reached and where a matter left the process. Red is
never used here (it is kept for risk). Every size comes from the font, so large text gives a
larger timeline, and the whole journey is also told in words as the accessible description
(journey_text.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from survivorapp.domain.justice.derive import JourneyState, effective_events
from survivorapp.domain.justice.events import STAGES, TIMELINE_GROUP, TRIAL_CHANGES, stage_of
from survivorapp.domain.justice.outcomes import SENTENCED
from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition
from survivorapp.ui.justice.journey_text import (
    COMPENSATION,
    describe_journey,
    ending_text,
    outcome_label,
    position_text,
    stage_label,
)
from survivorapp.ui.widgets.labels import Labels, format_date


def timeline_group(event: JusticeEvent) -> str | None:
    return stage_of(event) or TIMELINE_GROUP.get(event.event_type)


@dataclass
class _Point:
    rect: QRectF
    event: JusticeEvent


@dataclass(frozen=True)
class _Colours:
    """The palette's colours the timeline paints with (so it follows the theme)."""

    text: QColor
    muted: QColor
    accent: QColor
    base: QColor
    soft: QColor


def _paint_stop(
    painter: QPainter, centre: QPointF, radius: float, pen: QColor, fill: QColor
) -> None:
    """A crossed box: where a matter left the process."""
    painter.setPen(QPen(pen, 2))
    painter.setBrush(QBrush(fill))
    painter.drawRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
    arm = radius * 0.6
    painter.drawLine(centre + QPointF(-arm, -arm), centre + QPointF(arm, arm))
    painter.drawLine(centre + QPointF(-arm, arm), centre + QPointF(arm, -arm))


class JourneyTimelineWidget(QWidget):
    """Input: :meth:`set_journey`. Read-only: hovering a point shows the event."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: Labels | None = None
        self._events: list[JusticeEvent] = []
        self._state: JourneyState | None = None
        self._positions: tuple[SurvivorPosition, ...] = ()
        self._points: list[_Point] = []
        self._columns: list[str] = list(STAGES)
        self.setAccessibleName(self.tr("Justice journey timeline"))
        self.setAccessibleDescription(self.tr("No journey recorded yet."))
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # -- input ----------------------------------------------------------------------------

    def set_journey(
        self,
        events: Iterable[JusticeEvent],
        state: JourneyState,
        labels: Labels,
        positions: Sequence[SurvivorPosition] = (),
    ) -> None:
        self._labels = labels
        self._events = effective_events(events)
        self._state = state
        self._positions = tuple(positions)
        self._columns = list(STAGES)
        if any(timeline_group(e) == COMPENSATION for e in self._events):
            self._columns.append(COMPENSATION)
        description = describe_journey(self._events, state, labels, self._positions)
        self.setAccessibleDescription(description)
        self.setToolTip("")
        self._relayout()
        self.update()

    def clear(self) -> None:
        self._events, self._state, self._points = [], None, []
        self.setAccessibleDescription(self.tr("No journey recorded yet."))
        self._relayout()
        self.update()

    def description(self) -> str:
        return self.accessibleDescription()

    # -- geometry -------------------------------------------------------------------------

    def _unit(self) -> float:
        return float(self.fontMetrics().height())

    def _column_width(self, width: float) -> float:
        margin = self._unit()
        return max((width - 2 * margin) / max(len(self._columns), 1), self._unit() * 3)

    def _per_row(self, column_width: float) -> int:
        return max(int((column_width - self._unit() * 0.5) // (self._unit() * 0.9)), 1)

    def _by_column(self) -> dict[str, list[JusticeEvent]]:
        grouped: dict[str, list[JusticeEvent]] = {c: [] for c in self._columns}
        for event in self._events:
            group = timeline_group(event)
            if group in grouped:
                grouped[group].append(event)
        return grouped

    def _height_for(self, width: float) -> int:
        u = self._unit()
        per_row = self._per_row(self._column_width(width))
        most = max((len(v) for v in self._by_column().values()), default=0)
        rows = max((most + per_row - 1) // per_row, 1)
        state = self._state
        height = u * 3.6 + rows * u * 0.9 + u * 0.4
        if state is not None and state.trial_date_changes:
            height += u * 1.3
        if state is not None and self._labels is not None and ending_text(state, self._labels):
            height += u * 1.4
        return int(height + u * 1.6)

    def _relayout(self) -> None:
        self.setFixedHeight(self._height_for(max(self.width(), 600)))

    def sizeHint(self) -> QSize:
        return QSize(int(self._unit() * 50), self._height_for(self._unit() * 50))

    def minimumSizeHint(self) -> QSize:
        return QSize(int(self._unit() * 30), self._height_for(self._unit() * 30))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self._height_for(event.size().width())
        if height != self.height():
            self.setFixedHeight(height)

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        colours = _Colours(
            text=pal.color(QPalette.ColorRole.Text),
            muted=pal.color(QPalette.ColorRole.PlaceholderText),
            accent=pal.color(QPalette.ColorRole.Link),
            base=pal.color(QPalette.ColorRole.Base),
            soft=pal.color(QPalette.ColorRole.Highlight),
        )
        painter.fillRect(self.rect(), colours.base)
        self._points = []
        if self._state is None or self._labels is None:
            painter.setPen(colours.muted)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No journey recorded yet.")
            )
            return
        u = self._unit()
        column = self._column_width(self.width())
        track_y = u * 2.6 + u * 0.6
        self._paint_stage_names(painter, column, track_y, colours)
        self._paint_track(painter, column, track_y, colours)
        self._paint_points(painter, column, track_y + u * 1.0, colours)

    def _ended_at(self) -> int | None:
        """The stage where the matter left the process (a sentence is a finish, not a stop)."""
        state = self._state
        assert state is not None
        if state.ended and state.ended_at_stage and state.ended_reason != SENTENCED:
            return STAGES.index(state.ended_at_stage)
        return None

    def _paint_stage_names(
        self, painter: QPainter, column: float, track_y: float, colours: _Colours
    ) -> None:
        """Each stage's name across the top; the current stage bold on a soft band."""
        state, labels, u = self._state, self._labels, self._unit()
        assert state is not None and labels is not None
        reached = STAGES.index(state.stage_reached)
        current = STAGES.index(state.current_stage)
        ongoing = self._ended_at() is None and not state.ended
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for index, stage in enumerate(self._columns):
            x = u + index * column
            done = index <= reached and stage != COMPENSATION
            if index == current and ongoing:
                painter.fillRect(QRectF(x + 2, 0, column - 4, track_y + u * 0.8), colours.soft)
            painter.setFont(bold if index == current and stage != COMPENSATION else self.font())
            painter.setPen(colours.text if done else colours.muted)
            painter.drawText(
                QRectF(x + 2, u * 0.3, column - 4, u * 2.4),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                stage_label(labels, stage),
            )
        painter.setFont(self.font())

    def _paint_track(
        self, painter: QPainter, column: float, track_y: float, colours: _Colours
    ) -> None:
        """The line through the stages (accent up to the stage reached) and a mark on each:
        filled when reached, a crossed box where the matter left the process."""
        state, u = self._state, self._unit()
        assert state is not None
        left, muted, base = u, colours.muted, colours.base
        reached = STAGES.index(state.stage_reached)
        current = STAGES.index(state.current_stage)
        ended_at = self._ended_at()
        reach_x = left + reached * column + column / 2
        painter.setPen(QPen(muted, max(u * 0.12, 1.5)))
        last_x = left + (len(STAGES) - 1) * column + column / 2
        painter.drawLine(QPointF(reach_x, track_y), QPointF(last_x, track_y))
        painter.setPen(QPen(colours.accent if ended_at is None else muted, max(u * 0.2, 2.0)))
        painter.drawLine(QPointF(left + column / 2, track_y), QPointF(reach_x, track_y))
        radius = u * 0.35
        for index in range(len(STAGES)):
            centre = QPointF(left + index * column + column / 2, track_y)
            if index == ended_at:
                _paint_stop(painter, centre, radius, muted, base)
                continue
            filled = index <= reached
            colour = (colours.accent if ended_at is None else muted) if filled else muted
            painter.setPen(QPen(colour, 2))
            painter.setBrush(QBrush(colour if filled else base))
            r = radius * (1.3 if index == current and not state.ended else 1.0)
            painter.drawEllipse(centre, r, r)

    def _paint_points(
        self, painter: QPainter, column: float, top: float, colours: _Colours
    ) -> None:
        """Each event as a point under its stage (a hollow one for a moved trial date, a square
        for a review); then the words under them. Remembers the points for tooltips."""
        u = self._unit()
        accent, muted = colours.accent, colours.muted
        step, dot = u * 0.9, u * 0.55
        per_row = self._per_row(column)
        deepest = top + step
        for index, stage in enumerate(self._columns):
            events = self._by_column()[stage]
            x0 = u + index * column + (column - min(len(events), per_row) * step) / 2
            for n, event in enumerate(events):
                row, col = divmod(n, per_row)
                cx = x0 + col * step + step / 2
                cy = top + row * step + step / 2
                rect = QRectF(cx - dot / 2, cy - dot / 2, dot, dot)
                moved = event.event_type in TRIAL_CHANGES
                painter.setPen(QPen(accent if not moved else muted, 1.5))
                painter.setBrush(QBrush(accent) if not moved else QBrush())
                if event.event_type.startswith("vrr_"):
                    painter.drawRect(rect)
                else:
                    painter.drawEllipse(rect)
                self._points.append(_Point(rect.adjusted(-2, -2, 2, 2), event))
                deepest = max(deepest, cy + step / 2)
        self._paint_words(painter, column, deepest, colours)

    def _paint_words(
        self, painter: QPainter, column: float, deepest: float, colours: _Colours
    ) -> None:
        """How often the trial date moved, how the matter ended, and the survivor's wishes."""
        state, labels, u = self._state, self._labels, self._unit()
        assert state is not None and labels is not None
        left, text = u, colours.text
        if state.trial_date_changes:
            index = self._columns.index("pre_trial")
            painter.setPen(text)
            painter.drawText(
                QRectF(left + index * column, deepest + u * 0.1, column, u * 1.2),
                Qt.AlignmentFlag.AlignHCenter,
                self.tr("Date moved ×{n}").replace("{n}", str(state.trial_date_changes)),
            )
            deepest += u * 1.3
        bottom = deepest + u * 0.4
        ending = ending_text(state, labels)
        painter.setPen(colours.muted if state.ended and state.ended_reason != SENTENCED else text)
        if ending:
            bold = QFont(self.font())
            bold.setWeight(QFont.Weight.DemiBold)
            painter.setFont(bold)
            painter.drawText(
                QRectF(left, bottom, self.width() - 2 * left, u * 1.3),
                Qt.AlignmentFlag.AlignLeft,
                ending,
            )
            painter.setFont(self.font())
            bottom += u * 1.4
        painter.setPen(text)
        painter.drawText(
            QRectF(left, bottom, self.width() - 2 * left, u * 1.3),
            Qt.AlignmentFlag.AlignLeft,
            position_text(state, self._positions, labels),
        )

    # -- hover ----------------------------------------------------------------------------

    def event_at(self, x: float, y: float) -> JusticeEvent | None:
        for point in self._points:
            if point.rect.contains(QPointF(x, y)):
                return point.event
        return None

    def tooltip_for(self, event: JusticeEvent) -> str:
        labels = self._labels
        assert labels is not None
        lines = [
            f"{format_date(event.event_date)}: {labels.code('cjs_event_type', event.event_type)}"
        ]
        if event.outcome_code:
            lines.append(outcome_label(labels, event.outcome_code))
        if event.hearing_date:
            lines.append(f"Hearing date: {format_date(event.hearing_date)}")
        if event.reason:
            lines.append(f"Reason: {labels.code('trial_change_reason', event.reason)}")
        lines.append(f"Told us: {labels.code('informed_by', event.informed_by)}")
        return "\n".join(lines)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            found = self.event_at(e.pos().x(), e.pos().y())
            if found is not None:
                QToolTip.showText(e.globalPos(), self.tooltip_for(found), self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)
