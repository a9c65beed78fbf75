"""The justice event table model as a plain object: order, words, corrections, tooltips."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from survivorapp.domain.justice.records import JusticeEvent
from survivorapp.ui.justice.event_table import EVENT_COLUMNS, JusticeEventTableModel
from survivorapp.ui.widgets.labels import Labels
from tests.gui.justice_samples import long_journey_events

LABELS = Labels()
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def model_of(*events: JusticeEvent) -> JusticeEventTableModel:
    model = JusticeEventTableModel(LABELS)
    model.set_events(list(events))
    return model


def test_newest_first_with_a_column_each() -> None:
    events = long_journey_events()
    model = model_of(*events)
    assert (model.rowCount(), model.columnCount()) == (len(events), len(EVENT_COLUMNS))
    days = [model.event_at(r).event_date for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert days == sorted(days, reverse=True)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Event"
    assert model.event_at(model.rowCount()) is None


def test_cells_say_what_happened_in_words() -> None:
    listed = JusticeEvent(
        1,
        "trial_relisted",
        date(2025, 2, 25),
        "witness_care",
        hearing_date=date(2025, 5, 19),
        court="Snaresbrook Crown Court",
        reason="overlisting",
        note="Told by phone\nat 3pm",
        id=4,
    )
    model = model_of(listed)
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[0] == "25 Feb 2025"
    assert "for 19 May 2025" in cells[2] and "Snaresbrook Crown Court" in cells[2]
    assert cells[3] == LABELS.code("informed_by", "witness_care")
    assert cells[4] == "Told by phone at 3pm"  # one line in the table
    assert model.data(model.index(0, 2), TOOLTIP) == cells[2]
    assert model.data(model.index(0, 0), TOOLTIP) is None  # a date needs no tooltip


def test_a_corrected_event_stays_struck_through_and_is_heard_as_corrected() -> None:
    wrong = JusticeEvent(1, "suspect_arrested", date(2025, 3, 1), "police", id=3)
    fix = JusticeEvent(1, "entered_in_error", date(2025, 3, 2), "police", supersedes=3, id=9)
    model = model_of(wrong, fix)
    assert model.is_superseded(wrong) and not model.is_superseded(fix)
    row = model.row_where(lambda e: e.id == 3)
    assert row is not None
    index = model.index(row, 1)
    assert model.data(index).endswith("(corrected)")
    assert model.data(index, ACCESSIBLE).endswith("(corrected), corrected")
    assert model.data(index, Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    fix_row = model.row_where(lambda e: e.id == 9)
    assert model.data(model.index(fix_row, 1)) == "Earlier entry recorded in error"  # type: ignore[arg-type]
    assert model.data(model.index(fix_row, 1), Qt.ItemDataRole.FontRole) is None  # type: ignore[arg-type]


def test_new_events_replace_the_old_and_forget_their_corrections() -> None:
    wrong = JusticeEvent(1, "suspect_arrested", date(2025, 3, 1), "police", id=3)
    fix = JusticeEvent(1, "entered_in_error", date(2025, 3, 2), "police", supersedes=3, id=9)
    model = model_of(wrong, fix)
    model.set_events([wrong])
    assert model.rowCount() == 1 and not model.is_superseded(wrong)
