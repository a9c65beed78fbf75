"""How far counting a return has got, with Stop while it runs and Count again once stopped.

A year over a large vault takes seconds; the person sees it move, and can stop it. The row
only shows and asks: the Returns page decides what stopping and counting again mean.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from survivorapp.domain.progress import ProgressReport
from survivorapp.ui.widgets.fields import action_button


class CountingRow(QWidget):
    stop_requested = Signal()
    count_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("How far the counting has got"))
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(self.fontMetrics().averageCharWidth() * 40)
        # An accessible name starts with the visible text (voice control users say what they
        # see); longer wording goes in the description.
        self.stop_button = action_button(self.tr("Stop"), self.tr("Stop counting"))
        self.stop_button.clicked.connect(self.stop_requested)
        self.count_button = action_button(self.tr("Count again"))
        self.count_button.setAccessibleDescription(self.tr("Count the figures again"))
        self.count_button.clicked.connect(self.count_requested)
        for widget in (self.progress_bar, self.stop_button, self.count_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.show_state(counting=False)

    def show_state(self, *, counting: bool, stopped: bool = False) -> None:
        """Counting: the bar and Stop. Stopped: Count again. Otherwise nothing at all."""
        if counting:
            self.progress_bar.setRange(0, 0)  # busy, until the first step is heard
        self.progress_bar.setVisible(counting)
        self.stop_button.setVisible(counting)
        self.count_button.setVisible(stopped)
        self.setVisible(counting or stopped)

    def heard(self, report: ProgressReport) -> None:
        self.progress_bar.setRange(0, max(report.total, 0))
        self.progress_bar.setValue(report.done)
        self.progress_bar.setAccessibleDescription(self.tr(report.step))
