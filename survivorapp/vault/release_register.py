"""The release register (migration 11): what the organisation has released, chained.

Rows are only ever added. Each entry's hash covers the previous entry's hash and its own
fields (canonical JSON), so :func:`release_register_head` names the whole register in one
value (a backup manifest can carry it), and :meth:`ReleaseRegister.broken_at` finds the first
entry that no longer matches its hash. The published cells are stored as the canonical JSON
text the reporting layer made; this module never reads inside it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from survivorapp.vault.connection import Connection, translated_errors

GENESIS = "0" * 64
_COLUMNS = (
    "id, period, period_start, period_end, level, k, rounding_base, schema_version, "
    "manifest_sha256, published, released_by, released_at, previous_hash, entry_hash"
)


@dataclass(frozen=True)
class Release:
    """One register entry; ``published`` is the release's cells (None for a sealed one)."""

    id: int
    period: str
    period_start: date
    period_end: date
    level: str
    k: int
    rounding_base: int
    schema_version: int
    manifest_sha256: str
    published: str | None
    released_by: str
    released_at: datetime
    previous_hash: str
    entry_hash: str


@dataclass(frozen=True)
class NewRelease:
    period: str
    period_start: date
    period_end: date
    level: str
    k: int
    rounding_base: int
    schema_version: int
    manifest_sha256: str
    published: str | None
    released_by: str
    released_at: datetime


def entry_hash(previous: str, entry: NewRelease) -> str:
    fields = {
        "period": entry.period,
        "period_start": entry.period_start.isoformat(),
        "period_end": entry.period_end.isoformat(),
        "level": entry.level,
        "k": entry.k,
        "rounding_base": entry.rounding_base,
        "schema_version": entry.schema_version,
        "manifest_sha256": entry.manifest_sha256,
        "published_sha256": hashlib.sha256((entry.published or "").encode()).hexdigest(),
        "released_by": entry.released_by,
        "released_at": entry.released_at.isoformat(),
    }
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


def release_register_head(conn: Connection) -> str | None:
    """The hash of the register's last entry (None while nothing has been released)."""
    with translated_errors():
        row = conn.execute(
            "SELECT entry_hash FROM release_register ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return None if row is None else str(row[0])


class ReleaseRegister:
    """Callers own the transaction (services add inside ``ctx.write()``)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, entry: NewRelease) -> Release:
        previous = release_register_head(self.conn) or GENESIS
        digest = entry_hash(previous, entry)
        with translated_errors():
            cursor = self.conn.execute(
                f"INSERT INTO release_register ({_COLUMNS.partition(', ')[2]}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.period,
                    entry.period_start.isoformat(),
                    entry.period_end.isoformat(),
                    entry.level,
                    entry.k,
                    entry.rounding_base,
                    entry.schema_version,
                    entry.manifest_sha256,
                    entry.published,
                    entry.released_by,
                    entry.released_at.isoformat(),
                    previous,
                    digest,
                ),
            )
        found = self._where("id = ?", (int(cursor.lastrowid or 0),))
        return found[0]

    def entries(self) -> list[Release]:
        """Every release, oldest first."""
        return self._where("1 = 1", ())

    def overlapping(self, start: date, end: date) -> list[Release]:
        """Releases whose period shares a day with ``start``..``end``, oldest first."""
        return self._where(
            "period_start <= ? AND period_end >= ?", (end.isoformat(), start.isoformat())
        )

    def broken_at(self) -> int | None:
        """The id of the first entry whose chain or hash does not hold, or None."""
        previous = GENESIS
        for release in self.entries():
            fields = NewRelease(
                release.period,
                release.period_start,
                release.period_end,
                release.level,
                release.k,
                release.rounding_base,
                release.schema_version,
                release.manifest_sha256,
                release.published,
                release.released_by,
                release.released_at,
            )
            if release.previous_hash != previous or entry_hash(previous, fields) != (
                release.entry_hash
            ):
                return release.id
            previous = release.entry_hash
        return None

    def _where(self, condition: str, args: tuple[object, ...]) -> list[Release]:
        with translated_errors():
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM release_register WHERE {condition} ORDER BY id", args
            ).fetchall()
        return [
            Release(
                id=int(r[0]),
                period=str(r[1]),
                period_start=date.fromisoformat(r[2]),
                period_end=date.fromisoformat(r[3]),
                level=str(r[4]),
                k=int(r[5]),
                rounding_base=int(r[6]),
                schema_version=int(r[7]),
                manifest_sha256=str(r[8]),
                published=None if r[9] is None else str(r[9]),
                released_by=str(r[10]),
                released_at=datetime.fromisoformat(r[11]),
                previous_hash=str(r[12]),
                entry_hash=str(r[13]),
            )
            for r in rows
        ]
