"""The court diary as an iCalendar file (RFC 5545) for a worker's own calendar.

A calendar leaves the encrypted vault and is synced to phones and cloud services, so each
event says only the case reference and the kind of hearing or deadline: never a survivor's
name, the court (which can locate someone) or any note.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from survivorapp.domain.justice.diary import DiaryEntry
from survivorapp.vault.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from survivorapp.services.justice import JusticeService

PRODID = "-//survivorapp//Court diary//EN"
LINE_LIMIT = 75


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never splitting a UTF-8 character (RFC 5545 3.1)."""
    out: list[str] = []
    current = b""
    limit = LINE_LIMIT
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def summary_for(entry: DiaryEntry) -> str:
    return f"{entry.case_reference}: {entry.title}"


def uid_for(entry: DiaryEntry) -> str:
    """Stable across exports, so re-importing updates events instead of doubling them."""
    key = "|".join(
        (entry.case_reference, str(entry.matter_id), entry.kind, entry.title, entry.day.isoformat())
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@survivorapp"


def _utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def diary_to_icalendar(entries: Iterable[DiaryEntry], generated_at: datetime) -> str:
    """One all-day VEVENT per entry; CRLF line endings; lines folded at 75 octets."""
    stamp = _utc_stamp(generated_at)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    seen: set[str] = set()
    for entry in entries:
        uid = uid_for(entry)
        if uid in seen:
            continue
        seen.add(uid)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{entry.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(entry.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(summary_for(entry))}",
            "TRANSP:TRANSPARENT",
            "CLASS:PRIVATE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def export_diary(
    justice: JusticeService,
    path: Path,
    days: int,
    *,
    mine_only: bool = False,
    now: datetime | None = None,
) -> int:
    """Write the coming hearings and deadlines as an iCalendar file; return how many.

    The file holds case references and hearing types only (no names, courts or notes), is
    written atomically and owner-only, and the export is audited in the same transaction.
    """
    entries = justice.diary(days, mine_only=mine_only)
    text = diary_to_icalendar(entries, now or datetime.now(UTC))
    with justice.ctx.write():
        justice.ctx.record("export", "court_diary", fields=["calendar"])
        atomic_write_bytes(path, text.encode("utf-8"))
    return len(entries)
