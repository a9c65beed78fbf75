"""The output files a manager or commissioner opens: CSV, XLSX, HTML and PDF."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from survivorapp.reporting.disclosure import PublishedReturn, publish
from survivorapp.reporting.model import Level, Return
from survivorapp.reporting.pdf import write_pdf
from survivorapp.reporting.report import render_html
from survivorapp.reporting.writers import csv_bytes, csv_name, write_csv
from survivorapp.reporting.xlsx import HEADER_ROW, sheet_names, write_xlsx
from tests.reporting.samples import Q1, one_way, sample_return

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pub() -> PublishedReturn:
    return publish(sample_return(), Level.PUBLICATION)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_columns_are_the_documented_ones(pub: PublishedReturn, tmp_path: Path) -> None:
    headers = {t.id: read_csv(write_csv(t, tmp_path))[0] for t in pub.tables}
    assert headers["demand_by_source"] == ["category_code", "category_label", "count", "percent"]
    assert headers["sex_by_age"] == ["category_code", "category_label", "c0", "c1", "c2", "total"]
    assert headers["waits"] == ["category_code", "category_label", "n", "median", "p90"]
    demand = read_csv(tmp_path / "demand_by_source.csv")
    assert demand[-1][:3] == ["total", "Total", "175"]
    assert demand[1][:3] == ["demand_by_source_0", "Category 1", "120"]
    assert ["[c]", "[c]"] in [row[2:] for row in demand]


def test_csv_is_utf8_and_keeps_labels_intact(tmp_path: Path) -> None:
    table = one_way("t", [20, 30])
    table = type(table)(**{**table.__dict__, "row_labels": ("Café, «quoted»", 'Say "no"')})
    shown = publish(Return(Q1, (table,), 0), Level.PUBLICATION).table("t")
    rows = read_csv(write_csv(shown, tmp_path))
    assert rows[1][1] == "Café, «quoted»" and rows[2][1] == 'Say "no"'
    assert csv_bytes(shown) == csv_bytes(shown)


def test_a_table_id_that_is_not_a_plain_name_is_refused(pub: PublishedReturn) -> None:
    bad = type(pub.tables[0])(**{**pub.tables[0].__dict__, "id": "../escape"})
    with pytest.raises(ValueError, match="file name"):
        csv_name(bad)


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def _same(csv_text: str, xlsx_value: object) -> bool:
    if isinstance(xlsx_value, int | float) and not isinstance(xlsx_value, bool):
        return float(csv_text) == float(xlsx_value)
    return csv_text == _as_text(xlsx_value)


@pytest.mark.parametrize("level", [Level.PUBLICATION, Level.INTERNAL])
def test_the_workbook_read_back_equals_the_csvs(level: Level, tmp_path: Path) -> None:
    pub = publish(sample_return(), level)
    path = write_xlsx(pub, tmp_path / "return.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    names = sheet_names(pub)
    assert book.sheetnames == ["Contents", *names.values()]
    contents = [[_as_text(c) for c in row] for row in book["Contents"].iter_rows(values_only=True)]
    flat = " ".join(" ".join(row) for row in contents)
    assert pub.marking in flat and Q1.label in flat
    for table in pub.tables:
        expected = read_csv(write_csv(table, tmp_path))[1:]
        rows = list(book[names[table.id]].iter_rows(min_row=HEADER_ROW + 2, values_only=True))
        got = [list(row)[: len(expected[0])] for row in rows if any(v is not None for v in row)]
        assert len(got) == len(expected), table.id
        for want_row, got_row in zip(expected, got, strict=True):
            assert all(_same(w, g) for w, g in zip(want_row, got_row, strict=True)), (
                table.id,
                want_row,
                got_row,
            )
    book.close()


def test_the_html_report_has_the_three_charts_and_every_table(pub: PublishedReturn) -> None:
    html = render_html(pub)
    assert html.startswith("<!DOCTYPE html>")
    for chart in ("justice_furthest_stage", "demand_by_source", "waits"):
        assert f'id="chart-{chart}"' in html
    assert html.count("<svg") == 3
    assert pub.marking in html
    for table in pub.tables:
        assert f'id="{table.id}"' in html
    assert "[c]" in html


def test_charts_are_left_out_when_their_tables_are_missing() -> None:
    ret = Return(Q1, (one_way("something_else", [40, 50]),), 0)
    html = render_html(publish(ret, Level.PUBLICATION))
    assert "<svg" not in html and "Something else" in html


def test_the_report_is_the_same_every_time(pub: PublishedReturn) -> None:
    assert render_html(pub) == render_html(pub)


def test_the_pdf_has_a_title_page_chart_pages_and_table_pages(
    pub: PublishedReturn, tmp_path: Path
) -> None:
    data = write_pdf(pub, tmp_path / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 1 + 3 + len(pub.tables)


def test_the_internal_report_is_marked_do_not_share(tmp_path: Path) -> None:
    pub = publish(sample_return(), Level.INTERNAL)
    assert "do not share" in render_html(pub).lower()


def test_reports_render_headless_without_qt_or_pyplot(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from survivorapp.reporting.disclosure import publish\n"
        "from survivorapp.reporting.model import Level\n"
        "from survivorapp.reporting.pdf import write_pdf\n"
        "from survivorapp.reporting.report import render_html\n"
        "from tests.reporting.samples import sample_return\n"
        "pub = publish(sample_return(), Level.PUBLICATION)\n"
        "render_html(pub)\n"
        f"write_pdf(pub, Path({str(tmp_path / 'r.pdf')!r}))\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'matplotlib.pyplot'))]\n"
        "print(','.join(bad) or 'clean')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


def test_reading_the_csv_needs_nothing_but_the_standard_library(pub: PublishedReturn) -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(pub.table("waits")).decode("utf-8"))))
    assert rows[0][0] == "category_code" and len(rows) == 3
