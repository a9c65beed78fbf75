"""The readable report as a PDF, made with matplotlib's PdfPages: slide- and print-ready.

A title page with the marking and summary, one page per chart, then every table exactly as
published, split across pages when long. Tables are set in fixed-width columns, one line of
text per row (matplotlib's ``Axes.table`` draws and measures every cell separately and made a
60-table return take over ten seconds), in the PDF standard fonts (Helvetica, Courier), which
need no embedding and draw several times faster, so a year's return fits the export budget.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from textwrap import fill, wrap
from typing import TYPE_CHECKING, Any

from survivorapp.reporting.charts import INK, LIGHT, chart_figures
from survivorapp.reporting.disclosure import PublishedReturn, PublishedTable
from survivorapp.reporting.report import summary_lines, symbols_note
from survivorapp.reporting.writers import csv_rows

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PDF_NAME = "report.pdf"
A4_LANDSCAPE = (11.69, 8.27)
ROWS_PER_PAGE = 24
TITLE = "#1F4E79"
MUTED = "#5F6B75"
HEADER_FILL = "#DCE6F0"
RULE = "#E3E8EE"
LEFT, RIGHT, TOP, ROW_HEIGHT = 0.05, 0.95, 0.84, 0.03
LINE_CHARS_AT_9PT = 138  # Courier is 0.6 em wide: 138 characters fill the table's width
FONT_RC: Any = {
    "pdf.use14corefonts": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["Helvetica", "DejaVu Sans"],
    "font.monospace": ["Courier", "DejaVu Sans Mono"],
}


def write_pdf(pub: PublishedReturn, path: Path) -> Path:
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    metadata = {
        "Title": f"Anonymised return {pub.period.label}",
        "Creator": "survivorapp",
        "CreationDate": None,
    }
    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    font_log.setLevel(logging.ERROR)  # "Helvetica: using medium for normal" is not news
    try:
        with rc_context(FONT_RC), PdfPages(path, metadata=metadata) as pdf:
            pdf.savefig(_title_page(pub))
            for _, figure in chart_figures(pub):
                figure.set_size_inches(*A4_LANDSCAPE)
                pdf.savefig(figure)
            for table in pub.tables:
                for page in _table_pages(pub, table):
                    pdf.savefig(page)
    finally:
        font_log.setLevel(level)
    return path


def _page(title: str) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=A4_LANDSCAPE)
    figure.text(LEFT, 0.93, title, fontsize=16, fontweight="bold", color=TITLE)
    return figure


def _title_page(pub: PublishedReturn) -> Figure:
    figure = _page(f"Anonymised return: {pub.period.label}")
    figure.text(
        LEFT,
        0.86,
        pub.marking,
        fontsize=11,
        fontweight="bold",
        color="#5A4A00",
        bbox={"facecolor": "#FFF4CC", "edgecolor": "#C9A227", "pad": 6},
    )
    y = 0.76
    for label, value in summary_lines(pub):
        figure.text(LEFT, y, label, fontsize=11, color=INK, fontweight="bold")
        figure.text(0.42, y, value, fontsize=11, color=INK)
        y -= 0.045
    figure.text(LEFT, y - 0.06, fill(symbols_note(pub), 130), fontsize=9, color=MUTED)
    return figure


def _chunks(rows: Sequence[list[str]], size: int) -> Iterator[Sequence[list[str]]]:
    for start in range(0, max(len(rows), 1), size):
        yield rows[start : start + size]


def _table_pages(pub: PublishedReturn, table: PublishedTable) -> Iterator[Figure]:
    rows = [row[1:] for row in csv_rows(table)[1:]]
    layout = _Layout.of(["Category", *table.column_labels], rows)
    chunks = list(_chunks(rows, ROWS_PER_PAGE))
    for number, chunk in enumerate(chunks, start=1):
        more = f" (page {number} of {len(chunks)})" if len(chunks) > 1 else ""
        figure = _page(f"{table.title}{more}")
        figure.text(LEFT, 0.89, f"{table.section} - {pub.period.label}", fontsize=10, color=INK)
        has_total = table.total_cells is not None and number == len(chunks)
        _draw_grid(figure, layout, chunk, has_total)
        figure.text(LEFT, 0.02, fill(symbols_note(pub), 150), fontsize=8, color=MUTED)
        yield figure


@dataclass(frozen=True)
class _Layout:
    """Fixed-width columns: one line of text per table row keeps a long return fast to draw."""

    label_chars: int
    value_chars: int
    font_size: float
    header_lines: tuple[str, ...]

    @classmethod
    def of(cls, header: Sequence[str], rows: Sequence[Sequence[str]]) -> _Layout:
        n_values = len(header) - 1
        label_chars = min(60, max([len(header[0]), *(len(row[0]) for row in rows)]))
        widest = max([4, *(len(cell) for row in rows for cell in row[1:])])
        value_chars = max(widest, min(14, max([0, *(len(h) for h in header[1:])]))) + 3
        line = label_chars + 2 + value_chars * n_values
        font_size = max(5.5, min(9.0, LINE_CHARS_AT_9PT * 9.0 / max(line, 1)))
        wrapped = [wrap(h, value_chars - 2) or [""] for h in header[1:]]
        depth = min(3, max([1, *(len(w) for w in wrapped)]))
        lines = []
        for n in range(depth):
            first = header[0] if n == depth - 1 else ""
            parts = [(w[n] if n < len(w) else "").rjust(value_chars) for w in wrapped]
            lines.append(first.ljust(label_chars + 2) + "".join(parts))
        return cls(label_chars, value_chars, font_size, tuple(lines))

    def width(self) -> float:
        """The table's width as a fraction of the page (Courier: 0.6 em per character)."""
        characters = len(self.header_lines[0])
        return characters * 0.6 * self.font_size / (A4_LANDSCAPE[0] * 72)

    def line(self, row: Sequence[str]) -> str:
        label = _short(row[0], self.label_chars).ljust(self.label_chars + 2)
        return label + "".join(cell.rjust(self.value_chars) for cell in row[1:])


def _draw_grid(
    figure: Figure, layout: _Layout, rows: Sequence[Sequence[str]], has_total: bool
) -> None:
    """Header band, one line per row, thin rules; the total line shaded and bold."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    depth = len(layout.header_lines)
    header_height = ROW_HEIGHT * (0.4 + 0.6 * depth)
    top = TOP - header_height
    bands = [(TOP - header_height, header_height, HEADER_FILL)]
    if has_total and rows:
        bands.append((top - ROW_HEIGHT * len(rows), ROW_HEIGHT, LIGHT))
    width = min(RIGHT - LEFT, layout.width() + 0.012)
    for y, height, colour in bands:
        figure.add_artist(
            Rectangle(
                (LEFT, y),
                width,
                height,
                transform=figure.transFigure,
                facecolor=colour,
                edgecolor="none",
            )
        )
    text: dict[str, Any] = {"fontsize": layout.font_size, "color": INK, "va": "center"}
    text["family"] = "monospace"
    for n, line in enumerate(layout.header_lines):
        y = TOP - ROW_HEIGHT * (0.5 + 0.6 * n)
        figure.text(LEFT + 0.006, y, line, fontweight="bold", **text)
    rules = []
    for r, row in enumerate(rows, start=1):
        y = top - ROW_HEIGHT * (r - 0.5)
        bold = "bold" if has_total and r == len(rows) else "normal"
        figure.text(LEFT + 0.006, y, layout.line(row), fontweight=bold, **text)
        rules.append([(LEFT, y - ROW_HEIGHT / 2), (LEFT + width, y - ROW_HEIGHT / 2)])
    figure.add_artist(
        LineCollection(rules, colors=RULE, linewidths=0.6, transform=figure.transFigure)
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
