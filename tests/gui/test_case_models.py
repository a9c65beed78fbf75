"""The case view's table models as plain objects: sessions and the case history."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from survivorapp.domain.session import Session
from survivorapp.services.case_views import AuditEntry
from survivorapp.ui.case.history_tab import HistoryTableModel
from survivorapp.ui.case.sessions_tab import SESSION_COLUMNS, SessionTableModel
from survivorapp.ui.widgets.labels import Labels

LABELS = Labels()
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def session(day: int, worker: str | None, note: str = "", *flags: str) -> Session:
    return Session(
        "C-000001",
        date(2025, 3, day),
        50,
        "phone",
        "emotional_support",
        id=day,
        start_time=time(9, 30) if day % 2 else None,
        worker=worker,
        note=note,
        risk_flags=flags,
    )


def test_sessions_in_the_services_order_with_workers_by_name() -> None:
    model = SessionTableModel(LABELS)
    model.set_sessions(
        [session(5, "AMIRA", "Called back\nlater", "domestic_abuse"), session(2, "left")],
        {"amira": "Amira Khan"},
    )
    assert (model.rowCount(), model.columnCount()) == (2, len(SESSION_COLUMNS))
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first == [
        "5 Mar 2025",
        "09:30",
        "50",
        LABELS.code("session_mode", "phone"),
        LABELS.code("session_kind", "emotional_support"),
        "Amira Khan",  # names match whatever the case of the stored user name
        LABELS.code("risk_flag", "domestic_abuse"),
        "Called back later",
    ]
    second = model.session_at(1)
    assert second is not None and second.id == 2
    assert model.data(model.index(1, 1)) == ""  # no start time recorded
    assert model.data(model.index(1, 5)) == "left"  # someone no longer on the staff list
    assert model.session_at(2) is None


def test_the_whole_note_is_the_notes_tooltip() -> None:
    model = SessionTableModel(LABELS)
    model.set_sessions([session(5, "amira", "Called back\nlater"), session(2, "amira")])
    note = SESSION_COLUMNS.index("Note")
    assert model.data(model.index(0, note), TOOLTIP) == "Called back\nlater"
    assert model.data(model.index(1, note), TOOLTIP) is None
    assert model.data(model.index(0, 0), TOOLTIP) is None


def entry(seq: int, action: str, entity: str, *fields: str) -> AuditEntry:
    return AuditEntry(
        seq, f"2025-03-0{seq}T10:1{seq}:00+00:00", "amira", action, entity, "1", "C-1", fields
    )


def test_history_names_actions_and_fields_never_values() -> None:
    model = HistoryTableModel()
    model.set_entries(
        [
            entry(3, "change", "safe_contact", "code_word", "never_contact_via"),
            entry(2, "open", "case"),
            entry(1, "merge_records", "survivor"),
        ]
    )
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Fields"
    rows = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert rows == [
        ["2025-03-03 10:13", "amira", "Changed safe contact", "code word, never contact via"],
        ["2025-03-02 10:12", "amira", "Opened the case", ""],
        ["2025-03-01 10:11", "amira", "Merge records survivor", ""],  # an action not named
    ]
