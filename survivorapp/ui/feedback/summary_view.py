"""Service feedback added up: per questionnaire, per question, how many chose each answer.

Shows the service's cells as they are: a hidden small count reads "fewer than 5" with no
percentage. Open comments are only counted, never shown.
"""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from survivorapp.domain.feedback_summary import Cell, FeedbackSummary, InstrumentSummary

HEADERS = ("Question and answer", "People", "Share")


def share(cell: Cell) -> str:
    return "" if cell.percent is None else f"{cell.percent:g}%"


def _row(text: str, cell: Cell | None = None, with_share: bool = True) -> list[QStandardItem]:
    items = [
        QStandardItem(text),
        QStandardItem("" if cell is None else cell.text),
        QStandardItem(share(cell) if cell is not None and with_share else ""),
    ]
    for item in items:
        item.setEditable(False)
        item.setToolTip(item.text())
    return items


def instrument_rows(summary: InstrumentSummary) -> list[QStandardItem]:
    title = f"{summary.title} (version {summary.instrument_version})"
    row = _row(title, summary.responses, with_share=False)
    parent = row[0]
    for item in summary.items:
        question = _row(str(item.text), item.answered if item.is_choice else item.comments, False)
        if item.is_choice:
            for option in item.options:
                question[0].appendRow(_row(str(option.label), option.cell))
            question[0].appendRow(_row("Prefer not to answer", item.declined, False))
        else:
            question[0].setText(f"{item.text} (comments written; not shown here)")
        question[0].appendRow(_row("Skipped", item.skipped, False))
        parent.appendRow(question)
    return row


class FeedbackSummaryView(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = QStandardItemModel(self)
        self.model_.setHorizontalHeaderLabels(list(HEADERS))
        self.setModel(self.model_)
        self.setAccessibleName(self.tr("Service feedback, added up"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setMinimumHeight(260)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(1, 110)
        self.setColumnWidth(2, 110)
        self.model_.horizontalHeaderItem(2).setToolTip(self.tr("Share of those who answered"))

    def show_summary(self, summary: FeedbackSummary) -> None:
        self.model_.removeRows(0, self.model_.rowCount())
        if not summary.instruments:
            self.model_.appendRow(_row("No service feedback was given in this period."))
            return
        for instrument in summary.instruments:
            self.model_.appendRow(instrument_rows(instrument))
        self.expandAll()

    def all_text(self) -> str:
        """Everything the tree shows, for tests and for copying into a report by hand."""
        lines: list[str] = []

        def walk(parent: QStandardItem, depth: int) -> None:
            for row in range(parent.rowCount()):
                cells = [parent.child(row, c) for c in range(3)]
                lines.append("  " * depth + " | ".join(c.text() for c in cells if c is not None))
                first = cells[0]
                if first is not None:
                    walk(first, depth + 1)

        walk(self.model_.invisibleRootItem(), 0)
        return "\n".join(lines)
