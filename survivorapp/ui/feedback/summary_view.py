"""Service feedback added up: per questionnaire, per question, how many chose each answer.

Shows the service's cells as they are: a hidden small count reads "fewer than 5" with no
percentage. Open comments are only counted, never shown. The summary is laid out as one table
of indented lines (questionnaire, its questions, each question's answers) rather than a tree,
so it reads top to bottom with nothing to expand and moves with the keyboard like every other
table in the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from survivorapp.domain.questionnaires.service_summary import (
    Cell,
    FeedbackSummary,
    InstrumentSummary,
)
from survivorapp.ui.widgets.table_kit import Index, ListTableModel, configure_table

INDENT = "    "
NOTHING_GIVEN = "No service feedback was given in this period."


def share(cell: Cell) -> str:
    return "" if cell.percent is None else f"{cell.percent:g}%"


@dataclass(frozen=True)
class SummaryLine:
    """One line of the summary: ``depth`` 0 is a questionnaire, 1 a question, 2 an answer.

    An answer line keeps its ``question``: a screen reader moving down the table hears each
    line alone, and "Skipped, fewer than 5" means nothing without what was skipped."""

    depth: int
    text: str
    people: str = ""
    share: str = ""
    question: str = ""

    @classmethod
    def of(
        cls, depth: int, text: str, cell: Cell | None, with_share: bool, question: str = ""
    ) -> SummaryLine:
        if cell is None:
            return cls(depth, text, question=question)
        return cls(depth, text, cell.text, share(cell) if with_share else "", question)


def instrument_lines(summary: InstrumentSummary) -> list[SummaryLine]:
    title = f"{summary.title} (version {summary.instrument_version})"
    lines = [SummaryLine.of(0, title, summary.responses, False)]
    for item in summary.items:
        question = str(item.text)
        if item.is_choice:
            lines.append(SummaryLine.of(1, question, item.answered, False))
            lines.extend(
                SummaryLine.of(2, str(o.label), o.cell, True, question) for o in item.options
            )
            lines.append(SummaryLine.of(2, "Prefer not to answer", item.declined, False, question))
        else:
            text = f"{question} (comments written; not shown here)"
            lines.append(SummaryLine.of(1, text, item.comments, False))
        lines.append(SummaryLine.of(2, "Skipped", item.skipped, False, question))
    return lines


def summary_lines(summary: FeedbackSummary) -> list[SummaryLine]:
    if not summary.instruments:
        return [SummaryLine(0, NOTHING_GIVEN)]
    return [line for i in summary.instruments for line in instrument_lines(i)]


class FeedbackSummaryTableModel(ListTableModel[SummaryLine]):
    COLUMNS = ("Question and answer", "People", "Share")
    NUMBER_COLUMNS = frozenset({1, 2})
    HEADER_TIPS = (None, None, "Share of those who answered")

    def cells(self, item: SummaryLine) -> tuple[str, ...]:
        return (INDENT * item.depth + item.text, item.people, item.share)

    def tooltip(self, item: SummaryLine, column: int) -> str | None:
        return (item.text, item.people, item.share)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """An answer's first cell is read aloud with its question; it shows without it."""
        item = self.item_at(index.row()) if index.isValid() else None
        if (
            role == Qt.ItemDataRole.AccessibleTextRole
            and index.column() == 0
            and item is not None
            and item.question
        ):
            return f"{item.question}: {item.text}"
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return super().headerData(section, orientation, role)

    def all_text(self) -> str:
        """Every line, indented by depth, its cells joined with " | "."""
        return "\n".join(
            "  " * line.depth + " | ".join((line.text, line.people, line.share))
            for line in self.items()
        )


class FeedbackSummaryView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = FeedbackSummaryTableModel()
        self.setModel(self.model_)
        configure_table(self, self.tr("Service feedback, added up"), stretch_last=False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(1, 110)
        self.setColumnWidth(2, 110)
        self.setMinimumHeight(260)

    def show_summary(self, summary: FeedbackSummary) -> None:
        self.model_.set_items(summary_lines(summary))

    def all_text(self) -> str:
        """Everything the table shows, for tests and for copying into a report by hand."""
        return self.model_.all_text()
