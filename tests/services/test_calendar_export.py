"""The court diary's iCalendar export: a standard parser reads it, and it names no one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.services.calendar_export import diary_to_icalendar, escape_text, fold

GENERATED = datetime(2025, 10, 1, 9, 30, tzinfo=UTC)


def entry(day: int, reference: str, title: str, known_as: str | None = "Priya", **kw: object):
    fields: dict[str, object] = {
        "kind": "hearing",
        "court": "Snaresbrook Crown Court",
        "to_do": ("VPS not offered",),
        "matter_id": 1,
    }
    fields.update(kw)
    return DiaryEntry(date(2025, 10, day), reference, known_as, title=title, **fields)  # type: ignore[arg-type]


ENTRIES = [
    entry(3, "C-000101", "Trial", known_as="Priya Sharma-O'Neill"),
    entry(6, "C-000102", "Bail expires", known_as="Joanne", kind="deadline", court=None),
    entry(6, "C-000103", "Plea and trial preparation hearing", known_as="Ana, María; Ruiz"),
]


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_a_standard_parser_reads_one_all_day_event_per_entry() -> None:
    calendar = parse(diary_to_icalendar(ENTRIES, GENERATED))
    assert str(calendar["VERSION"]) == "2.0"
    assert "survivorapp" in str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    first = events[0]
    assert first.decoded("DTSTART") == date(2025, 10, 3)
    assert first["DTSTART"].params.get("VALUE") == "DATE"
    assert str(first["SUMMARY"]) == "C-000101: Trial"
    assert first.decoded("DTSTAMP") == GENERATED
    assert [str(e["SUMMARY"]) for e in events][1:] == [
        "C-000102: Bail expires",
        "C-000103: Plea and trial preparation hearing",
    ]


def test_no_survivor_name_court_or_preparation_in_the_file() -> None:
    text = diary_to_icalendar(ENTRIES, GENERATED)
    unfolded = text.replace("\r\n ", "")
    for secret in ("Priya", "Sharma", "Joanne", "Ana", "María", "Ruiz", "Snaresbrook", "VPS"):
        assert secret not in unfolded
    for component in parse(text).walk("VEVENT"):
        assert set(component.keys()) <= {
            "UID",
            "DTSTAMP",
            "DTSTART",
            "DTEND",
            "SUMMARY",
            "TRANSP",
            "CLASS",
        }


def test_uids_are_stable_and_distinct() -> None:
    once = [str(e["UID"]) for e in parse(diary_to_icalendar(ENTRIES, GENERATED)).walk("VEVENT")]
    later = datetime(2025, 10, 2, tzinfo=UTC)
    again = [str(e["UID"]) for e in parse(diary_to_icalendar(ENTRIES, later)).walk("VEVENT")]
    assert once == again
    assert len(set(once)) == 3


def test_crlf_line_endings_and_lines_no_longer_than_75_octets() -> None:
    long_title = "Ground rules hearing, with a very long title; and commas, " * 3 + "café ✓"
    text = diary_to_icalendar([entry(3, "C-000101", long_title)], GENERATED)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)
    (event,) = parse(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"C-000101: {long_title}"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a;b", "a\\;b"), ("a,b", "a\\,b"), ("a\\b", "a\\\\b"), ("a\nb", "a\\nb")],
)
def test_text_escaping(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_folding_never_splits_a_character() -> None:
    folded = fold("SUMMARY:" + "é" * 80)
    for part in folded.split("\r\n"):
        part.encode("utf-8").decode("utf-8")
        assert len(part.encode("utf-8")) <= 75


def test_empty_diary_is_still_a_valid_calendar() -> None:
    calendar = parse(diary_to_icalendar([], GENERATED))
    assert calendar.walk("VEVENT") == []
