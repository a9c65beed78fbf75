"""Read-only aggregate queries for the anonymised return (docs/return-spec.md).

The return counts the cases open at any time during a fixed period (referred on or before its
last day, not closed before its first), leaving out every case whose survivor's latest
decision about anonymised statistics is "refused" or "withdrawn". That set is worked out once
into an in-memory temporary table, and every count below joins to it, so the tables all speak
about the same cases and each is one GROUP BY in SQL (a year over 100,000 cases is a few
seconds in all).

Results are plain data (codes to counts, day values to frequencies): the reporting layer turns
them into tables with their labels. This module builds the set of counted cases and reads the
survivor profiles; each section's other counts are in a sibling module (``returns.cases``,
``returns.justice``, ``returns.followup``). Booleans come back as ``"yes"``/``"no"``; unanswered
questions as their reserved codes, exactly as stored.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any, Final, NamedTuple

from survivorapp.vault.connection import Connection, translated_errors

STATISTICS_PURPOSE: Final = "anonymised_statistics"
NOT_INCLUDED_STATES: Final = ("refused", "withdrawn")
_SAID_NO: Final = (
    f"k2.purpose = '{STATISTICS_PURPOSE}' "
    f"AND k2.state IN ({', '.join(repr(state) for state in NOT_INCLUDED_STATES)})"
)
"""Consents (``k2``) that say no to statistics, written out rather than bound as parameters:
SQLite uses the partial index ``consents_refusing_statistics`` (m0010) only for a query
whose condition it can see matches the index's."""

SURVIVOR_COLUMNS: Final = (
    "sex",
    "gender_identity",
    "sexual_orientation",
    "ethnicity",
    "disability",
    "interpreter_needed",
    "residence_borough",
    "vulnerabilities",
)
"""The survivor answers the return counts (tallied by :meth:`ReturnScope.profiles`)."""
_CHUNK: Final = 5000
"""Rows read at a time where a query returns one row per counted case (keeps memory flat)."""
_PICKED: Final = ", ".join(f's."{c}"' for c in SURVIVOR_COLUMNS)
_PROFILES_SQL: Final = (
    f"SELECT {_PICKED}, i.id IS NOT NULL, i.types, i.incident_date, "
    "i.age_band_at_incident, i.recent_band, i.domestic_abuse_related, "
    "i.perpetrator_count, i.perpetrators, "
    "r.referral_date, s.date_of_birth, s.birth_year "
    "FROM temp.return_cases r "
    "JOIN survivors s ON s.reference = r.survivor_reference "
    "LEFT JOIN incidents i ON i.id = (SELECT x.id FROM incidents x "
    "WHERE x.case_reference = r.reference "
    "ORDER BY x.is_presenting DESC, x.id LIMIT 1)"
)
"""Each counted case's survivor answers, then its presenting (else first) incident."""


class IncidentRow(NamedTuple):
    """A counted case's presenting incident (or its first, if none is marked), with what its
    bands and the survivor's age are derived from. ``has_incident`` is False when the case
    has no incident at all. One row per counted case. (A named tuple: a year's return makes
    tens of thousands.)"""

    has_incident: bool
    types: Any
    incident_date: str | None
    age_band_at_incident: str | None
    recent_band: str | None
    domestic_abuse_related: Any
    perpetrator_count: Any
    first_relationship: Any
    """The relationship code of the first perpetrator described (None when none is)."""
    referral_date: str
    date_of_birth: str | None
    birth_year: Any


@dataclass(frozen=True)
class Profiles:
    """Counted cases by each survivor answer, and each counted case's presenting incident."""

    answers: dict[str, dict[str, int]]
    incidents: list[IncidentRow]


def _answer(value: Any) -> str:
    """A stored answer as a code: booleans to yes/no, missing to not asked."""
    if value is None:
        return "not_asked"
    if isinstance(value, bool | int) and not isinstance(value, str):
        return "yes" if value else "no"
    return str(value)


def answer_list(stored: str) -> list[str] | str:
    """A multi-select answer as stored: a list of codes, or the code of why there is none."""
    value = _json(stored)
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


class ReturnScope:
    """The counted cases of one period, who was left out, and the survivor profiles that two
    sections read (see ReturnQueries.scope). The sections' own reads are functions over a
    scope in the sibling modules: ``returns.cases``, ``returns.justice``, ``returns.followup``.
    """

    def __init__(self, conn: Connection, start: date, end: date) -> None:
        self.conn = conn
        self.start = start
        self.end = end
        self.span = (start.isoformat(), end.isoformat())

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with translated_errors():
            found: list[Any] = self.conn.execute(sql, tuple(params)).fetchall()
        return found

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        rows = self.rows(sql, params)
        return int(rows[0][0] or 0) if rows else 0

    # --- who is counted -------------------------------------------------------------------

    def _build(self) -> None:
        with translated_errors():
            self.conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS return_not_included "
                "(survivor_reference TEXT PRIMARY KEY)"
            )
            # The case columns the tables count are copied in once, so that each count below
            # reads this small in-memory table rather than looking every case up again.
            self.conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS return_cases (reference TEXT PRIMARY KEY, "
                "survivor_reference TEXT NOT NULL, referral_date TEXT NOT NULL, "
                "received INTEGER NOT NULL, referral_source, service_line, closure_reason, "
                "closure_date, allocation_date, first_contact_date)"
            )
            self._clear()
            marks = ",".join("?" for _ in NOT_INCLUDED_STATES)
            # Only survivors who ever said no can be left out: find them first (a scan of
            # the consent ledger), then each one's latest decision over all their cases.
            self.conn.execute(
                "INSERT INTO temp.return_not_included "
                "SELECT survivor FROM (SELECT c.survivor_reference AS survivor, k.state, "
                "row_number() OVER (PARTITION BY c.survivor_reference "
                "ORDER BY k.recorded_on DESC, k.id DESC) AS latest "
                "FROM cases c JOIN consents k "
                "ON k.case_reference = c.reference AND k.purpose = ? "
                "WHERE c.survivor_reference IN (SELECT c2.survivor_reference "
                "FROM consents k2 JOIN cases c2 ON c2.reference = k2.case_reference "
                f"WHERE {_SAID_NO})) "
                f"WHERE latest = 1 AND state IN ({marks})",
                (STATISTICS_PURPOSE, *NOT_INCLUDED_STATES),
            )
            self.conn.execute(
                "INSERT INTO temp.return_cases "
                "SELECT reference, survivor_reference, referral_date, referral_date >= ?, "
                "referral_source, service_line, closure_reason, closure_date, allocation_date, "
                "first_contact_date FROM cases WHERE referral_date <= ? "
                "AND (closure_date IS NULL OR closure_date >= ?) "
                "AND survivor_reference NOT IN "
                "(SELECT survivor_reference FROM temp.return_not_included)",
                (self.span[0], self.span[1], self.span[0]),
            )

    def _clear(self) -> None:
        with translated_errors():
            self.conn.execute("DELETE FROM temp.return_cases")
            self.conn.execute("DELETE FROM temp.return_not_included")

    def excluded_for_consent(self) -> int:
        """Cases open in the period left out because the survivor said no to statistics."""
        return self.scalar(
            "SELECT count(*) FROM cases WHERE referral_date <= ? "
            "AND (closure_date IS NULL OR closure_date >= ?) "
            "AND survivor_reference IN (SELECT survivor_reference FROM temp.return_not_included)",
            (self.span[1], self.span[0]),
        )

    def counted_cases(self) -> int:
        return self.scalar("SELECT count(*) FROM temp.return_cases")

    # --- survivors (one count per counted case) ---------------------------------------------

    def profiles(self) -> Profiles:
        """Each counted case's survivor answers and presenting incident, in one pass.

        The incident is the case's presenting one, else its first (none: ``has_incident``
        False). Survivor answers come back tallied per column; a multi-select column
        (additional needs) is keyed by its stored JSON text, which :func:`answer_list` reads.
        """
        counters: list[Counter[Any]] = [Counter() for _ in SURVIVOR_COLUMNS]
        types, relationship = _Memo(), _Memo(first_relationship)
        incidents: list[IncidentRow] = []
        with translated_errors():
            cursor = self.conn.execute(_PROFILES_SQL)
            while rows := cursor.fetchmany(_CHUNK):
                # Counted column by column in C (Counter over a column), not cell by cell.
                for n, counter in enumerate(counters):
                    counter.update(map(itemgetter(n), rows))
                incidents.extend(_incident_rows(rows, types, relationship))
        tallies = {
            column: tally(list(counter.items()))
            for column, counter in zip(SURVIVOR_COLUMNS, counters, strict=True)
        }
        return Profiles(tallies, incidents)


class ReturnQueries:
    """The entry point: ``with ReturnQueries(conn).scope(start, end) as scope: ...``."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @contextlib.contextmanager
    def scope(self, start: date, end: date) -> Iterator[ReturnScope]:
        """The counted cases of ``start``..``end`` (inclusive), read inside one read
        transaction so every table sees the same records; cleared afterwards."""
        scope = ReturnScope(self.conn, start, end)
        own_transaction = not self.conn.in_transaction
        with translated_errors():
            if own_transaction:
                self.conn.execute("BEGIN")
        try:
            scope._build()
            yield scope
        finally:
            with translated_errors():
                scope._clear()
                if own_transaction and self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    def earliest_referral(self) -> date | None:
        with translated_errors():
            row = self.conn.execute("SELECT min(referral_date) FROM cases").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None


class _Memo:
    """Parses each distinct stored JSON text once (few distinct lists, many rows)."""

    def __init__(self, parse: Callable[[Any], Any] = _json) -> None:
        self._parse = parse
        self._seen: dict[Any, Any] = {}

    def read(self, value: Any) -> Any:
        if value not in self._seen:
            self._seen[value] = self._parse(value)
        return self._seen[value]


def first_relationship(stored: Any) -> Any:
    """The first perpetrator's relationship code from the stored list (None when there is
    none), as ``json_extract(perpetrators, '$[0].relationship')`` would give it: parsed
    here, once per distinct list, because SQLite parsed every row's list again (a tenth of
    a year's return). The lists hold categories only, never free text."""
    value = _json(stored)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0].get("relationship")
    return None


def _incident_rows(rows: Sequence[Any], types: _Memo, relationship: _Memo) -> Iterator[IncidentRow]:
    """The incident part of each profile row (after the survivor columns), each distinct
    stored list parsed once."""
    width = len(SURVIVOR_COLUMNS)
    return (
        IncidentRow(
            bool(has_incident),
            types.read(stored_types),
            incident_date,
            age_band,
            recent,
            abuse,
            perpetrator_count,
            relationship.read(perpetrators),
            referred,
            born,
            birth_year,
        )
        for (
            has_incident,
            stored_types,
            incident_date,
            age_band,
            recent,
            abuse,
            perpetrator_count,
            perpetrators,
            referred,
            born,
            birth_year,
        ) in (row[width:] for row in rows)
    )


def tally(rows: Sequence[Any]) -> dict[str, int]:
    """(stored value, count) rows as counts by code (see :func:`_answer`), summed per code."""
    found: dict[str, int] = {}
    for value, count in rows:
        code = _answer(value)
        found[code] = found.get(code, 0) + int(count)
    return found
