"""A painted timeline of one justice matter: stages across, events as points beneath.

Drawn with QPainter from the palette so it follows the theme: the accent marks the stages
reached, muted grey marks what is not reached and where a matter left the process. Red is
never used here (it is kept for risk). Every size comes from the font, so large text gives a
larger timeline, and the whole journey is also told in words as the accessible description.
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

from survivorapp.domain.justice import JusticeEvent, SurvivorPosition
from survivorapp.domain.justice_derive import (
    COURT_OUTCOME,
    CPS_DECISION,
    POLICE_DECISION,
    SENTENCED,
    SURVIVOR_WITHDREW,
    JourneyState,
    effective_events,
    stage_of,
)
from survivorapp.domain.justice_events import STAGES, TIMELINE_GROUP, TRIAL_CHANGES
from survivorapp.ui.widgets.labels import Labels, format_date

COMPENSATION = "compensation"
_OUTCOME_VOCABULARIES = ("police_outcome", "cps_outcome", "court_outcome", "cjs_event_type")


def stage_label(labels: Labels, stage: str) -> str:
    if stage == COMPENSATION:
        return "Compensation"
    return labels.code("cjs_stage", stage)


def outcome_label(labels: Labels, code: str | None) -> str:
    """An outcome code's words, whichever list it comes from."""
    if code is None:
        return ""
    for vocabulary in _OUTCOME_VOCABULARIES:
        vocab = labels.vocabularies.get(vocabulary)
        if vocab is not None and vocab.contains(code):
            return vocab.label(code)
    return code.replace("_", " ")


def ending_text(state: JourneyState, labels: Labels) -> str:
    """'Ended at investigation: survivor withdrew', or '' while the matter is ongoing."""
    if not state.ended or state.ended_at_stage is None:
        return ""
    if state.ended_reason == SENTENCED:
        return "Sentenced" + (f" on {format_date(state.ended_on)}" if state.ended_on else "")
    stage = stage_label(labels, state.ended_at_stage).lower()
    outcome = outcome_label(labels, state.outcome_code)
    if state.ended_reason == SURVIVOR_WITHDREW:
        reason = "survivor withdrew"
        if state.police_withdrawal_without_survivor_view:
            reason += " (recorded by police; the survivor's own view was not recorded)"
    elif state.ended_reason == POLICE_DECISION:
        reason = f"police decision, {outcome}"
    elif state.ended_reason == CPS_DECISION:
        reason = f"CPS decision, {outcome}"
    elif state.ended_reason == COURT_OUTCOME:
        reason = f"court outcome, {outcome}"
    else:
        reason = outcome
    return f"Ended at {stage}: {reason}"


def journey_status(state: JourneyState, labels: Labels) -> str:
    """One line: how the matter ended, or where it is now."""
    ending = ending_text(state, labels)
    if ending:
        return ending + "."
    text = f"Ongoing: now at {stage_label(labels, state.current_stage).lower()}."
    if state.outcome_group == "convicted" and state.outcome_on is not None:
        text += f" Convicted on {format_date(state.outcome_on)}; sentence to come."
    elif state.next_trial_date is not None:
        text += f" Trial listed for {format_date(state.next_trial_date)}."
    return text


def position_text(
    state: JourneyState, positions: Sequence[SurvivorPosition], labels: Labels
) -> str:
    if state.survivor_position is None:
        return "The survivor's own wishes have not been recorded."
    latest = max(positions, key=lambda p: p.recorded_on, default=None)
    since = f" (told us {format_date(latest.recorded_on)})" if latest else ""
    words = labels.code("survivor_position", state.survivor_position)
    return f"The survivor's own wishes: {words}{since}."


def timeline_group(event: JusticeEvent) -> str | None:
    return stage_of(event) or TIMELINE_GROUP.get(event.event_type)


def describe_journey(
    events: Iterable[JusticeEvent],
    state: JourneyState,
    labels: Labels,
    positions: Sequence[SurvivorPosition] = (),
) -> str:
    """The journey in a few plain sentences, for screen readers and the tab's summary."""
    kept = effective_events(events)
    parts = [f"Stage reached: {stage_label(labels, state.stage_reached)}."]
    ending = ending_text(state, labels)
    if ending:
        parts.append(ending + ".")
    else:
        parts.append(f"Ongoing, now at {stage_label(labels, state.current_stage).lower()}.")
        if state.outcome_group == "convicted" and state.outcome_on is not None:
            parts.append(f"Convicted on {format_date(state.outcome_on)}; sentence to come.")
    if state.reviewable_by and state.ended and not state.review_requested:
        who = "police" if state.reviewable_by == "police" else "CPS"
        parts.append(f"The decision can be reviewed by the {who} (Victims' Right to Review).")
    if state.trial_date_changes:
        parts.append(f"Trial date changed {state.trial_date_changes} times.")
    if state.next_trial_date and not state.ended:
        parts.append(f"Trial listed for {format_date(state.next_trial_date)}.")
    parts.append(f"{len(kept)} events recorded.")
    parts.append(position_text(state, positions, labels))
    return " ".join(parts)


@dataclass
class _Point:
    rect: QRectF
    event: JusticeEvent


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
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        accent = pal.color(QPalette.ColorRole.Link)
        base = pal.color(QPalette.ColorRole.Base)
        soft = pal.color(QPalette.ColorRole.Highlight)
        painter.fillRect(self.rect(), base)
        self._points = []
        if self._state is None or self._labels is None:
            painter.setPen(muted)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No journey recorded yet.")
            )
            return
        state, labels, u = self._state, self._labels, self._unit()
        column = self._column_width(self.width())
        left = u
        reached = STAGES.index(state.stage_reached)
        current = STAGES.index(state.current_stage)
        ended_at = (
            STAGES.index(state.ended_at_stage)
            if state.ended and state.ended_at_stage and state.ended_reason != SENTENCED
            else None
        )
        label_top, track_y = u * 0.3, u * 2.6 + u * 0.6
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for index, stage in enumerate(self._columns):
            x = left + index * column
            done = index <= reached and stage != COMPENSATION
            if index == current and ended_at is None and not state.ended:
                painter.fillRect(QRectF(x + 2, 0, column - 4, track_y + u * 0.8), soft)
            painter.setFont(bold if index == current and stage != COMPENSATION else self.font())
            painter.setPen(text if done else muted)
            painter.drawText(
                QRectF(x + 2, label_top, column - 4, u * 2.4),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                stage_label(labels, stage),
            )
        painter.setFont(self.font())
        # Track: accent up to the stage reached, muted after it.
        start = QPointF(left + column / 2, track_y)
        end_stage = len(STAGES) - 1
        reach_x = left + reached * column + column / 2
        painter.setPen(QPen(muted, max(u * 0.12, 1.5)))
        painter.drawLine(
            QPointF(reach_x, track_y), QPointF(left + end_stage * column + column / 2, track_y)
        )
        painter.setPen(QPen(accent if ended_at is None else muted, max(u * 0.2, 2.0)))
        painter.drawLine(start, QPointF(reach_x, track_y))
        radius = u * 0.35
        for index in range(len(STAGES)):
            centre = QPointF(left + index * column + column / 2, track_y)
            if index == ended_at:
                painter.setPen(QPen(muted, 2))
                painter.setBrush(QBrush(base))
                painter.drawRect(
                    QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
                )
                painter.drawLine(
                    centre + QPointF(-radius * 0.6, -radius * 0.6),
                    centre + QPointF(radius * 0.6, radius * 0.6),
                )
                painter.drawLine(
                    centre + QPointF(-radius * 0.6, radius * 0.6),
                    centre + QPointF(radius * 0.6, -radius * 0.6),
                )
                continue
            filled = index <= reached
            colour = (accent if ended_at is None else muted) if filled else muted
            painter.setPen(QPen(colour, 2))
            painter.setBrush(QBrush(colour if filled else base))
            r = radius * (1.3 if index == current and not state.ended else 1.0)
            painter.drawEllipse(centre, r, r)
        self._paint_points(painter, column, track_y + u * 1.0, accent, muted, text)

    def _paint_points(
        self,
        painter: QPainter,
        column: float,
        top: float,
        accent: QColor,
        muted: QColor,
        text: QColor,
    ) -> None:
        state, labels, u = self._state, self._labels, self._unit()
        assert state is not None and labels is not None
        left, step, dot = u, u * 0.9, u * 0.55
        per_row = self._per_row(column)
        deepest = top + step
        for index, stage in enumerate(self._columns):
            events = self._by_column()[stage]
            x0 = left + index * column + (column - min(len(events), per_row) * step) / 2
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
        painter.setPen(muted if state.ended and state.ended_reason != SENTENCED else text)
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
