"""A small horizontal bar chart painted with QPainter: no chart library in the UI.

One bar per row (a worker and their open cases, say), labels on the left, the number at the
end of each bar. Colours come from the application palette, which ``ui.theme`` sets from the
theme (bars in the accent colour, text in the text colour), so the chart follows light, dark
and high contrast. A chart is only pixels to a screen reader: the same figures are its
accessible description and tooltip, and :meth:`text_alternative` gives them as one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_GAP = 6
LABEL_SHARE = 0.38  # at most this share of the width goes to the labels


class BarChartWidget(QWidget):
    def __init__(
        self, name: str, unit: tuple[str, str] = ("", ""), parent: QWidget | None = None
    ) -> None:
        """``unit`` is (singular, plural), e.g. ("open case", "open cases")."""
        super().__init__(parent)
        self._name = name
        self._unit = unit
        self._bars: list[tuple[str, int]] = []
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_bars([])

    @property
    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self._bars = [(label, max(0, int(value))) for label, value in bars]
        text = self.text_alternative()
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def text_alternative(self) -> str:
        if not self._bars:
            return self.tr("{name}: nothing to show yet.").replace("{name}", self._name)
        singular, plural = self._unit
        parts = []
        for label, value in self._bars:
            unit = singular if value == 1 else plural
            parts.append(f"{label}: {value}{' ' + unit if unit else ''}")
        return f"{self._name}. " + "; ".join(parts) + "."

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._bars))
        return QSize(320, rows * (self._row_height() + ROW_GAP) + ROW_GAP)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = palette.color(QPalette.ColorRole.Link)
        rule = palette.color(QPalette.ColorRole.Mid)
        metrics = QFontMetrics(self.font())
        width = self.width()
        if not self._bars:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter, self.text_alternative())
            return
        widest = max(metrics.horizontalAdvance(label) for label, _ in self._bars)
        label_width = min(widest + 12, int(width * LABEL_SHARE))
        number_width = metrics.horizontalAdvance(str(max(v for _, v in self._bars))) + 10
        span = max(1, width - label_width - number_width - 4)
        top_value = max(1, max(v for _, v in self._bars))
        row = self._row_height()
        painter.setPen(rule)
        painter.drawLine(label_width, ROW_GAP // 2, label_width, self.height() - ROW_GAP // 2)
        for index, (label, value) in enumerate(self._bars):
            y = ROW_GAP + index * (row + ROW_GAP)
            painter.setPen(text)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 12)
            painter.drawText(
                QRectF(0, y, label_width - 8, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                shown,
            )
            length = span * value / top_value
            if value:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(bar)
                painter.drawRoundedRect(QRectF(label_width, y + 2, max(2.0, length), row - 4), 3, 3)
            painter.setPen(text)
            painter.drawText(
                QRectF(label_width + length + 6, y, number_width, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                str(value),
            )
