"""The report's charts, drawn headless by matplotlib from the *published* cells only.

Charts never see exact figures: they plot what the tables show, so a withheld cell is a gap
labelled ``[c]``, never a bar. Figures are built with ``matplotlib.figure.Figure`` directly,
without pyplot, so no GUI backend (and never Qt) is chosen or imported, and nothing global
changes in a process that also runs the desktop app. matplotlib is imported only inside
these functions: nothing on the app's start-up path pays for it.

Three charts a commissioner can put on a slide: the justice journey as an attrition funnel
(how many survivors' cases reached each stage or a later one), demand by referral source, and
waiting times. The funnel is summed from the published, rounded "furthest stage" cells, so it
adds nothing that the table does not already show; a withheld cell counts as 0 there and the
chart says so. A return without one of those tables simply
has fewer charts.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from survivorapp.reporting.disclosure import SUPPRESSED, PublishedReturn, PublishedTable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INK = "#2F3B45"
MAIN = "#4A7BA7"  # a calm, muted blue
LIGHT = "#A9C6E0"
GRID = "#E3E8EE"


@dataclass(frozen=True)
class ChartSpec:
    table_id: str
    title: str
    axis_label: str
    cumulative: bool = False  # each bar counts its row and every row below it (a funnel)


CHARTS = (
    ChartSpec(
        "justice_furthest_stage",
        "Justice journey: survivors whose case reached each stage",
        "Survivors (reached this stage or a later one)",
        cumulative=True,
    ),
    ChartSpec("demand_by_source", "Demand: referrals by source", "Referrals"),
    ChartSpec("waits", "Waiting times", "Days"),
)


def number(text: str) -> float | None:
    """A published cell as a number, or None for ``[c]``, ``[z]`` and blanks."""
    try:
        return float(text)
    except ValueError:
        return None


def chart_figures(published: PublishedReturn) -> list[tuple[ChartSpec, Figure]]:
    """One figure per chart whose table is in the return."""
    figures = []
    for spec in CHARTS:
        try:
            table = published.table(spec.table_id)
        except KeyError:
            continue
        figure = _figure_for(spec, table, published)
        if figure is not None:
            figures.append((spec, figure))
    return figures


def figure_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog), same bytes every run."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": "survivorapp", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _figure_for(spec: ChartSpec, table: PublishedTable, pub: PublishedReturn) -> Figure | None:
    if not table.cells:
        return None
    labels = list(table.row_labels)
    if table.kind == "stat":
        series = [
            (label, [number(row[c]) for row in table.cells], [row[c] for row in table.cells])
            for c, label in enumerate(table.column_labels)
            if c > 0
        ]
    else:
        column = 0 if len(table.column_codes) <= 2 else len(table.column_codes) - 1
        series = [
            ("", [number(row[column]) for row in table.cells], [r[column] for r in table.cells])
        ]
        if spec.cumulative:
            series = [_funnel(series[0][1])]
    return _bars(spec, labels, series, _footnote(pub))


def _funnel(values: Sequence[float | None]) -> tuple[str, list[float | None], list[str]]:
    """Reached-at-least counts from furthest-stage counts: sums from each row to the last."""
    sums: list[float | None] = []
    texts: list[str] = []
    running, withheld = 0.0, False
    for value in reversed(values):
        withheld = withheld or value is None
        running += value or 0.0
        sums.append(running)
        texts.append(f"{running:,.0f}" + (" (at least)" if withheld else ""))
    return ("", sums[::-1], texts[::-1])


def _bars(
    spec: ChartSpec,
    labels: Sequence[str],
    series: Sequence[tuple[str, list[float | None], list[str]]],
    footnote: str,
) -> Figure:
    from matplotlib.figure import Figure

    height = max(3.2, 0.42 * len(labels) * max(1, len(series)) + 1.6)
    figure = Figure(figsize=(10, min(height, 12)), dpi=100)
    ax = figure.add_subplot()
    n_series = len(series)
    bar = 0.8 / n_series
    wrapped = [textwrap.fill(label, 38) for label in labels]
    # A table of zeros still needs a non-empty axis (matplotlib warns on 0..0).
    top = max([v for _, values, _ in series for v in values if v is not None] + [1.0])
    for s, (name, values, texts) in enumerate(series):
        colour = MAIN if s == 0 else LIGHT
        positions = [i + (s - (n_series - 1) / 2) * bar for i in range(len(labels))]
        heights = [v if v is not None else 0.0 for v in values]
        ax.barh(positions, heights, height=bar * 0.9, color=colour, label=name or None)
        for y, value, text in zip(positions, values, texts, strict=True):
            plain = value is not None and value == int(value) and text.replace(",", "").isdigit()
            shown = f"{value:,.0f}" if plain and value is not None else text
            ax.text((value or 0) + top * 0.01, y, shown, va="center", fontsize=9, color=INK)
    ax.set_yticks(range(len(labels)), wrapped, fontsize=9, color=INK)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(spec.axis_label, color=INK, fontsize=10)
    ax.set_title(spec.title, loc="left", color=INK, fontsize=14, fontweight="bold", pad=12)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    ax.tick_params(colors=INK, length=0)
    if n_series > 1:
        ax.legend(frameon=False, fontsize=9, loc="lower right")
    figure.text(0.01, 0.005, footnote, fontsize=8, color="#5F6B75")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure


def _footnote(pub: PublishedReturn) -> str:
    if pub.level.value == "publication":
        return (
            f"{pub.period.label}. {SUPPRESSED} = withheld to protect privacy (fewer than {pub.k} "
            f"or needed to protect another cell); counts rounded to the nearest {pub.base}."
        )
    return f"{pub.period.label}. Exact counts: contains small numbers, do not share."
