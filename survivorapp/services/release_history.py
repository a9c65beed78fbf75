"""What the organisation has released before, as disclosure control and the Returns page need it.

The vault's release register (``vault.release_register``) keeps every publication-level and
sealed return sent: when, by whom, at which k, and (publication level) every published cell.
A new publication is audited together with every earlier one whose period overlaps it (the
same period, its year, its quarters), and k stays what it was the first time a period was
published: a second threshold for the same figures would let the two be read together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from survivorapp.reporting.disclosure import PublishedReturn
from survivorapp.reporting.model import Level, Period
from survivorapp.reporting.releases import Release, release_from_dict, release_to_dict
from survivorapp.reporting.serialise import canonical_json
from survivorapp.vault.connection import Connection
from survivorapp.vault.release_register import NewRelease, ReleaseRegister
from survivorapp.vault.release_register import Release as Entry


@dataclass(frozen=True)
class ReleaseSummary:
    """One line of the register as the Returns page lists it (no figures)."""

    period: str
    level: str
    k: int
    released_by: str
    released_at: datetime
    manifest_sha256: str


@dataclass(frozen=True)
class Earlier:
    """The earlier publications a new one for ``period`` is read with."""

    entries: tuple[Entry, ...]
    releases: tuple[Release, ...]

    def fixed_k(self, period: Period) -> Entry | None:
        """The first publication of this very period, whose k every later one keeps."""
        for entry in self.entries:
            if entry.period == period.label and entry.level == Level.PUBLICATION.value:
                return entry
        return None

    def describe(self) -> tuple[str, ...]:
        return tuple(_describe(e) for e in self.entries if e.published is not None)


def _describe(entry: Entry) -> str:
    when = entry.released_at.astimezone(UTC).strftime("%d %b %Y %H:%M")
    return f"{entry.period} at k = {entry.k}, released {when} UTC by {entry.released_by}"


def earlier_releases(conn: Connection, period: Period) -> Earlier:
    entries = tuple(ReleaseRegister(conn).overlapping(period.start, period.end))
    releases = tuple(
        release_from_dict(json.loads(e.published), _describe(e))
        for e in entries
        if e.level == Level.PUBLICATION.value and e.published is not None
    )
    return Earlier(entries, releases)


def summaries(conn: Connection) -> list[ReleaseSummary]:
    """Every release, newest first."""
    return [
        ReleaseSummary(e.period, e.level, e.k, e.released_by, e.released_at, e.manifest_sha256)
        for e in reversed(ReleaseRegister(conn).entries())
    ]


def record_release(
    conn: Connection,
    published: PublishedReturn | None,
    *,
    period: Period,
    level: Level,
    k: int,
    base: int,
    schema_version: int,
    manifest_sha256: str,
    username: str,
) -> Entry:
    """Add a release to the register (the caller holds the write transaction)."""
    cells = None
    if published is not None and published.protection is not None:
        cells = canonical_json(release_to_dict(published.protection.release)).decode("utf-8")
    return ReleaseRegister(conn).add(
        NewRelease(
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            level=level.value,
            k=k,
            rounding_base=base if level is Level.PUBLICATION else 1,
            schema_version=schema_version,
            manifest_sha256=manifest_sha256,
            published=cells,
            released_by=username,
            released_at=datetime.now(UTC).replace(microsecond=0),
        )
    )
