"""One CSV file per table: machine-readable, UTF-8, one header line, nothing else.

Columns (docs/return-spec.md, "Output files"): ``category_code,category_label`` and then the
table's column codes: a one-way count table adds ``count,percent``; a two-way table adds one
column per category of its second dimension and ``total``; a statistics table adds ``n`` and
one column per statistic (``median``, ``p90``...). Count tables end with a ``total`` line.
Cells are exactly the published text, so ``[c]`` and ``[z]`` appear as they do everywhere
else. Markings ("contains small numbers") live in the manifest, workbook and report, never
in the CSV, so that programs can read every file the same way.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from survivorapp.domain.safe_input import csv_safe_cell
from survivorapp.reporting.disclosure import TOTAL_CODE, PublishedTable

LEADING_COLUMNS = ("category_code", "category_label")
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}")


def csv_name(table: PublishedTable) -> str:
    """``<table id>.csv``; ids are plain names, so a file can never land outside the folder."""
    if not _SAFE_ID.fullmatch(table.id):
        raise ValueError(f"The table id {table.id!r} cannot be used as a file name.")
    return f"{table.id}.csv"


def csv_rows(table: PublishedTable) -> list[list[str]]:
    """Header first, then one row per category, then the total line (count tables)."""
    rows = [[*LEADING_COLUMNS, *table.column_codes]]
    for code, label, cells in zip(table.row_codes, table.row_labels, table.cells, strict=True):
        rows.append([code, label, *cells])
    if table.total_cells is not None:
        rows.append([TOTAL_CODE, "Total", *table.total_cells])
    return rows


def csv_bytes(table: PublishedTable) -> bytes:
    """The table's CSV; a text cell a spreadsheet could run as a formula starts with an
    apostrophe (``safe_input.csv_safe_cell``; numbers, negative ones too, stay numbers)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_safe_cell(cell) for cell in row] for row in csv_rows(table))
    return buffer.getvalue().encode("utf-8")


def write_csv(table: PublishedTable, folder: Path) -> Path:
    path = folder / csv_name(table)
    path.write_bytes(csv_bytes(table))
    return path
