"""A readable report of the return as one self-contained HTML page (the PDF is ``pdf.py``).

It opens with the level's marking and a short summary, shows the charts
(``reporting.charts``) as inline SVG and then every table exactly as published; it needs no
other file, so it can be emailed or opened from a USB stick as it is.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from survivorapp.reporting.charts import chart_figures, figure_svg
from survivorapp.reporting.disclosure import (
    NOT_APPLICABLE,
    SUPPRESSED,
    PublishedReturn,
    PublishedTable,
)
from survivorapp.reporting.model import Level
from survivorapp.reporting.writers import csv_rows

HTML_NAME = "report.html"

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #2F3B45; margin: 2em auto;
       max-width: 60em; line-height: 1.45; }
h1 { color: #1F4E79; font-size: 1.7em; } h2 { color: #1F4E79; margin-top: 2em; }
.marking { background: #FFF4CC; border-left: 6px solid #C9A227; padding: 0.7em 1em;
           font-weight: bold; }
.summary td { padding: 0.15em 1.2em 0.15em 0; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
table.data { border-collapse: collapse; margin: 0.6em 0 1.6em; font-size: 0.92em; }
table.data th, table.data td { border-bottom: 1px solid #E3E8EE; padding: 0.3em 0.7em; }
table.data th { background: #DCE6F0; text-align: left; }
table.data td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.data tr.total td { font-weight: bold; border-top: 2px solid #A9C6E0; }
.note { color: #5F6B75; font-size: 0.9em; }
"""


def summary_lines(pub: PublishedReturn) -> list[tuple[str, str]]:
    period = pub.period
    lines = [
        ("Period", f"{period.label} ({period.start.isoformat()} to {period.end.isoformat()})"),
        ("Level", pub.level.value),
        ("Tables", str(len(pub.tables))),
        ("Cases left out (no consent to statistics)", pub.excluded_for_consent),
    ]
    if pub.level is Level.PUBLICATION:
        lines += [
            ("Threshold k", f"{pub.k} (counts of 1 to {pub.k - 1} are withheld)"),
            ("Rounding", f"to the nearest {pub.base}"),
            (
                "Cells withheld",
                f"{pub.primary_suppressed} small, {pub.secondary_suppressed} more to protect them",
            ),
        ]
    if pub.organisations:
        lines.append(("Organisations", ", ".join(pub.organisations)))
    return lines


def symbols_note(pub: PublishedReturn) -> str:
    return (
        f"{SUPPRESSED} = withheld to protect privacy. {NOT_APPLICABLE} = not applicable "
        "(nothing to count). Totals are rounded from exact figures, so they may not equal the "
        "sum of the rounded cells. Medians and percentages are shown only when based on at "
        f"least {pub.k} people."
    )


# --- HTML -----------------------------------------------------------------------------------------


def render_html(pub: PublishedReturn) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Anonymised return {escape(pub.period.label)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Anonymised return: {escape(pub.period.label)}</h1>",
        f'<p class="marking">{escape(pub.marking)}</p>',
        '<table class="summary">',
        *(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in summary_lines(pub)),
        "</table>",
        f'<p class="note">{escape(symbols_note(pub))}</p>',
    ]
    figures = chart_figures(pub)
    if figures:
        parts.append("<h2>Charts</h2>")
    for spec, figure in figures:
        parts.append(f'<figure id="chart-{escape(spec.table_id)}">{figure_svg(figure)}</figure>')
    section = None
    for table in pub.tables:
        if table.section != section:
            section = table.section
            parts.append(f"<h2>{escape(section)}</h2>")
        parts.append(_html_table(table))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_table(table: PublishedTable) -> str:
    rows = csv_rows(table)[1:]
    head = "".join(f"<th>{escape(h)}</th>" for h in ("Category", *table.column_labels))
    body = []
    for index, row in enumerate(rows):
        total = table.total_cells is not None and index == len(rows) - 1
        cells = "".join(f'<td class="n">{escape(c)}</td>' for c in row[2:])
        css = ' class="total"' if total else ""
        body.append(f"<tr{css}><td>{escape(row[1])}</td>{cells}</tr>")
    note = f'<p class="note">{escape(table.notes)}</p>' if table.notes else ""
    return (
        f'<h3 id="{escape(table.id)}">{escape(table.title)}</h3>{note}'
        f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        "</table>"
    )


def write_html(pub: PublishedReturn, path: Path) -> Path:
    path.write_text(render_html(pub), encoding="utf-8")
    return path
