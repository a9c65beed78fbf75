"""The return as one Excel workbook: a contents sheet, then one sheet per table.

Written with XlsxWriter. Cells hold the same published values as the CSVs, as numbers where
they are numbers (so a commissioner can add them up) and as text for ``[c]`` and ``[z]``.
The contents sheet carries the level's marking, the period, k and the rounding base, and
links to every table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from survivorapp.reporting.disclosure import NOT_APPLICABLE, SUPPRESSED, PublishedReturn
from survivorapp.reporting.model import Level
from survivorapp.reporting.writers import csv_rows

WORKBOOK_NAME = "return.xlsx"
HEADER_ROW = 4  # zero-based row of each table sheet's column headings
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


def sheet_names(published: PublishedReturn) -> dict[str, str]:
    """A unique, valid sheet name (at most 31 characters) for every table id."""
    names: dict[str, str] = {}
    used = {"contents"}
    for table in published.tables:
        base = _BAD_SHEET_CHARS.sub("_", table.id)[:31] or "table"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            suffix = f"~{n}"
            name = base[: 31 - len(suffix)] + suffix
        used.add(name.lower())
        names[table.id] = name
    return names


def cell_value(text: str) -> int | float | str:
    """What the workbook stores for a published cell: a number when it is one."""
    if _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def write_xlsx(published: PublishedReturn, path: Path) -> Path:
    import xlsxwriter

    # in memory: otherwise XlsxWriter puts dozens of temporary files in the system temp folder
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "in_memory": True})
    try:
        formats = _formats(workbook)
        names = sheet_names(published)
        _contents(workbook.add_worksheet("Contents"), published, names, formats)
        for table in published.tables:
            sheet = workbook.add_worksheet(names[table.id])
            sheet.write_string(0, 0, table.title, formats["title"])
            sheet.write_string(1, 0, published.marking, formats["marking"])
            sheet.write_string(2, 0, table.notes or _symbols_note(), formats["note"])
            sheet.write_url(2, 6, "internal:'Contents'!A1", string="Back to contents")
            rows = csv_rows(table)
            headings = ["Code", "Category", *table.column_labels]
            for col, heading in enumerate(headings):
                sheet.write_string(HEADER_ROW, col, heading, formats["header"])
            for r, row in enumerate(rows[1:], start=HEADER_ROW + 1):
                is_total = row[0] == "total" and r == HEADER_ROW + len(rows) - 1
                for col, text in enumerate(row):
                    _write_cell(sheet, r, col, text, formats, bold=is_total, label=col < 2)
            sheet.set_column(0, 0, 22)
            sheet.set_column(1, 1, 44)
            sheet.set_column(2, len(headings) - 1, 13)
            sheet.freeze_panes(HEADER_ROW + 1, 2)
    finally:
        workbook.close()
    return path


def _write_cell(
    sheet: Any, row: int, col: int, text: str, formats: dict[str, Any], *, bold: bool, label: bool
) -> None:
    value = text if label else cell_value(text)
    if isinstance(value, str):
        fmt = formats["bold"] if bold else (formats["text"] if label else formats["symbol"])
        sheet.write_string(row, col, value, fmt)
    else:
        decimal = isinstance(value, float)
        key = ("bold_decimal" if decimal else "bold_number") if bold else None
        key = key or ("decimal" if decimal else "number")
        sheet.write_number(row, col, value, formats[key])


def _contents(
    sheet: Any, published: PublishedReturn, names: dict[str, str], formats: dict[str, Any]
) -> None:
    period = published.period
    lines = [
        ("Period", f"{period.label} ({period.start.isoformat()} to {period.end.isoformat()})"),
        ("Level", published.level.value),
        ("Marking", published.marking),
        ("Threshold k", str(published.k)),
        ("Rounding base", str(published.base if published.level is Level.PUBLICATION else 1)),
        ("Cases left out (no consent to statistics)", published.excluded_for_consent),
        ("Cells suppressed (primary)", str(published.primary_suppressed)),
        ("Cells suppressed (secondary)", str(published.secondary_suppressed)),
        ("Symbols", _symbols_note()),
    ]
    sheet.write_string(0, 0, "Anonymised return", formats["title"])
    for r, (label, value) in enumerate(lines, start=2):
        sheet.write_string(r, 0, label, formats["bold"])
        sheet.write_string(r, 1, value, formats["marking"] if label == "Marking" else None)
    start = len(lines) + 3
    for col, heading in enumerate(("Section", "Table", "Sheet")):
        sheet.write_string(start, col, heading, formats["header"])
    for r, table in enumerate(published.tables, start=start + 1):
        sheet.write_string(r, 0, table.section)
        sheet.write_string(r, 1, table.title)
        sheet.write_url(r, 2, f"internal:'{names[table.id]}'!A1", string=names[table.id])
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 2, 32)


def _symbols_note() -> str:
    return (
        f"{SUPPRESSED} = withheld to protect privacy; {NOT_APPLICABLE} = not applicable. "
        "Totals are rounded from exact figures, so they may not equal the sum of the cells."
    )


def _formats(workbook: Any) -> dict[str, Any]:
    def fmt(**props: Any) -> Any:
        return workbook.add_format({"font_name": "Arial", "font_size": 10, **props})

    return {
        "title": fmt(bold=True, font_size=14, font_color="#1F4E79"),
        "marking": fmt(bold=True, font_color="#5A4A00", bg_color="#FFF4CC"),
        "note": fmt(italic=True, font_color="#555555"),
        "header": fmt(bold=True, bg_color="#DCE6F0", bottom=1, text_wrap=True),
        "text": fmt(),
        "symbol": fmt(align="right"),
        "bold": fmt(bold=True),
        "number": fmt(num_format="#,##0"),
        "decimal": fmt(num_format="0.0"),
        "bold_number": fmt(bold=True, num_format="#,##0", top=1),
        "bold_decimal": fmt(bold=True, num_format="0.0", top=1),
    }
