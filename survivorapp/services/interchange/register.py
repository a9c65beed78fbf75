"""The release register in a records file (docs/interchange.md, "The release register").

The register is the organisation's own record of what it released (issue 13): an export
carries every entry, in register order, with its hashes, so that a migration keeps what
disclosure control needs (earlier releases, k fixed per period). An import checks the chain as
it reads, one line at a time: each entry must follow the one before it (or, for the file's
first entry, the vault's last release) and its hash must follow from its fields
(``vault.release_register.entry_hash``; docs/vault-format.md section 11). Entries are then
appended in file order, so the imported register has the same hashes and the same head.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from survivorapp.services.interchange.record_types import Item
from survivorapp.vault.connection import Connection
from survivorapp.vault.release_register import (
    GENESIS,
    NewRelease,
    Release,
    ReleaseRegister,
    entry_hash,
)

REGISTER = "release_register_entry"
FIELDS = (
    "period",
    "period_start",
    "period_end",
    "level",
    "k",
    "rounding_base",
    "schema_version",
    "manifest_sha256",
    "published",
    "released_by",
    "released_at",
    "previous_hash",
    "entry_hash",
)
"""A line's fields, in the order an export writes them."""
LEVELS = ("publication", "sealed")
_HEX = re.compile(r"[0-9a-f]{64}")
_CHANGED = (
    "This entry's entry_hash does not follow from its fields and previous_hash: it was changed "
    "after it was released, so the register can't be imported."
)


def count(conn: Connection) -> int:
    return len(ReleaseRegister(conn).entries())


def export_records(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every entry, oldest first, as a file line's record."""
    for release in ReleaseRegister(conn).entries():
        yield _record(release)


def _record(release: Release) -> dict[str, Any]:
    return {
        "period": release.period,
        "period_start": release.period_start.isoformat(),
        "period_end": release.period_end.isoformat(),
        "level": release.level,
        "k": release.k,
        "rounding_base": release.rounding_base,
        "schema_version": release.schema_version,
        "manifest_sha256": release.manifest_sha256,
        "published": release.published,
        "released_by": release.released_by,
        "released_at": release.released_at.isoformat(),
        "previous_hash": release.previous_hash,
        "entry_hash": release.entry_hash,
    }


def append(conn: Connection, items: list[Item]) -> None:
    """Append checked entries in order; each must land with the hash its line gave."""
    register = ReleaseRegister(conn)
    for item in items:
        added = register.add(item.entity)
        if added.entry_hash != item.extra["entry_hash"]:  # checked already: never expected
            raise RuntimeError("release register entry stored with a different hash")


class RegisterChecker:
    """Checks register lines in file order against the chain (starting at the vault's head)."""

    def __init__(self, head: str | None, add: Callable[[int, str, str], None]) -> None:
        self.head = head
        self.add = add
        self.expected: str | None = head or GENESIS
        """The hash the next entry must follow; None after an unreadable entry."""
        self.previous_line = 0

    def lost(self, number: int) -> None:
        """A register line too broken to read: the next one can't be checked against it."""
        self.expected = None
        self.previous_line = number

    def check(self, number: int, record: Mapping[str, Any]) -> Item | None:
        """The entry on a line whose structure (JSON Schema) is right, or None."""
        entry = self._entry(number, record)
        given = record["entry_hash"]
        previous = record["previous_hash"]
        expected, self.expected = self.expected, given
        first, self.previous_line = self.previous_line, number
        if expected is not None and previous != expected:
            self.add(number, "record.previous_hash", self._not_following(first))
            return None
        if entry is None:
            return None
        if entry_hash(previous, entry) != given:
            self.add(number, "record.entry_hash", _CHANGED)
            return None
        return Item(REGISTER, entry, {"previous_hash": previous, "entry_hash": given})

    def _not_following(self, previous_line: int) -> str:
        if previous_line:
            return (
                f"This entry does not follow the entry on line {previous_line}: its "
                "previous_hash must be that entry's entry_hash. Entries must be in register "
                "order, none left out."
            )
        if self.head is None:
            return "The register's first entry must have previous_hash of 64 zeros."
        return (
            "This vault already holds releases and this entry does not follow its last one, so "
            "the register can't be added to: a file can only add releases made after the "
            "vault's last release."
        )

    def _entry(self, number: int, record: Mapping[str, Any]) -> NewRelease | None:
        problems = 0

        def problem(field: str, message: str) -> None:
            nonlocal problems
            problems += 1
            self.add(number, f"record.{field}", message)

        days = [_date(record[f]) for f in ("period_start", "period_end")]
        for field, day in zip(("period_start", "period_end"), days, strict=True):
            if day is None:
                problem(field, "This isn't a real calendar date (YYYY-MM-DD).")
        start, end = days
        if start is not None and end is not None and end < start:
            problem("period_end", "The period can't end before it starts.")
        released_at = _moment(record["released_at"])
        if released_at is None:
            problem(
                "released_at",
                "Write this as an export does, YYYY-MM-DDTHH:MM:SS+00:00 (with its UTC "
                "offset): the entry's hash covers it exactly.",
            )
        level, published = record["level"], record["published"]
        if level == "publication" and published is None:
            problem("published", "A publication release holds its published cells.")
        if level == "sealed" and published is not None:
            problem("published", "A sealed release holds no published cells: write null.")
        for field in ("previous_hash", "entry_hash", "manifest_sha256"):
            if not _HEX.fullmatch(record[field]):
                problem(field, "This must be 64 lowercase hexadecimal digits.")
        if problems or start is None or end is None or released_at is None:
            return None
        return NewRelease(
            period=record["period"],
            period_start=start,
            period_end=end,
            level=level,
            k=record["k"],
            rounding_base=record["rounding_base"],
            schema_version=record["schema_version"],
            manifest_sha256=record["manifest_sha256"],
            published=published,
            released_by=record["released_by"],
            released_at=released_at,
        )


def _date(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.isoformat() == text else None


def _moment(text: str) -> datetime | None:
    """A date and time with its offset, only in the form the hash was made over."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.isoformat() != text:
        return None
    return moment
