"""The court diary's table model as a plain object (no window): a heading per day, entries
under it in case order, the words in each cell, and headings that cannot be chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.ui.diary.model import DIARY_COLUMNS, CourtDiaryTableModel, day_heading
from tests.gui.justice_samples import diary_entries

TODAY = date(2025, 10, 1)


def model() -> CourtDiaryTableModel:
    made = CourtDiaryTableModel()
    made.set_entries(list(reversed(diary_entries())), TODAY)  # any order in, by day out
    return made


def row_texts(made: CourtDiaryTableModel, row: int) -> list[str]:
    return [made.data(made.index(row, c)) for c in range(made.columnCount())]


def test_a_heading_for_each_day_then_its_entries_by_case() -> None:
    made = model()
    assert [made.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == list(DIARY_COLUMNS)
    assert made.days() == [date(2025, 10, 1), date(2025, 10, 3), date(2025, 10, 6)]
    shown = [
        "day" if made.is_heading(r) else made.entry_at(r).case_reference  # type: ignore[union-attr]
        for r in range(made.rowCount())
    ]
    assert shown == [
        *("day", "C-000123", "C-000140"),
        *("day", "C-000131"),
        *("day", "C-000155", "C-000160"),
    ]
    assert made.entry_at(0) is None and made.entry_at(99) is None and not made.is_heading(99)


def test_each_cell_in_plain_words() -> None:
    made = model()
    assert row_texts(made, 0) == ["Today, Wednesday 1 October", "", "", "", "", ""]
    assert row_texts(made, 1) == [
        "Wed 1 Oct",
        "C-000123",
        "Sam",
        "Hearing: Sentencing hearing",
        "Snaresbrook Crown Court",
        "No Witness Service referral",
    ]
    assert row_texts(made, 2)[3:] == ["Deadline: Bail expires", "", ""]  # no court, nothing to do
    hearing_ready = DiaryEntry(TODAY, "C-1", None, "hearing", "Mention", "Court", (), 9)
    ready = CourtDiaryTableModel()
    ready.set_entries([hearing_ready], TODAY)
    assert row_texts(ready, 1)[2] == "" and row_texts(ready, 1)[5] == "Ready"
    assert made.data(made.index(1, 1), Qt.ItemDataRole.AccessibleTextRole) == "C-000123"


def test_what_is_still_to_do_shows_line_by_line_on_hover() -> None:
    made = model()
    trial = made.index(4, 5)
    assert made.data(trial, Qt.ItemDataRole.ToolTipRole) == (
        "Special measures not decided\nVPS not offered\nNo pre-trial visit"
    )
    assert made.data(made.index(4, 1), Qt.ItemDataRole.ToolTipRole) is None
    assert made.data(made.index(2, 5), Qt.ItemDataRole.ToolTipRole) is None  # nothing to do
    assert made.data(made.index(0, 5), Qt.ItemDataRole.ToolTipRole) is None  # a heading


def test_headings_are_bold_and_cannot_be_chosen() -> None:
    made = model()
    font = made.data(made.index(0, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.weight() == QFont.Weight.DemiBold
    assert made.data(made.index(1, 0), Qt.ItemDataRole.FontRole) is None
    assert made.flags(made.index(0, 0)) == Qt.ItemFlag.ItemIsEnabled
    assert made.flags(made.index(1, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_sorting_never_tears_entries_from_their_day() -> None:
    made = model()
    before = made.items()
    made.sort(1, Qt.SortOrder.DescendingOrder)
    assert made.items() == before


def test_day_headings_name_today_and_tomorrow() -> None:
    assert day_heading(TODAY, TODAY) == "Today, Wednesday 1 October"
    assert day_heading(date(2025, 10, 2), TODAY) == "Tomorrow, Thursday 2 October"
    assert day_heading(date(2025, 10, 6), TODAY) == "Monday 6 October"
