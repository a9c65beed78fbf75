"""Read-only aggregate queries for the anonymised return (docs/return-spec.md).

The return counts the cases open at any time during a fixed period (referred on or before its
last day, not closed before its first), leaving out every case whose survivor's latest
decision about anonymised statistics is "refused" or "withdrawn". That set is worked out once
into an in-memory temporary table, and every count below joins to it, so the tables all speak
about the same cases and each is one GROUP BY in SQL (a year over 100,000 cases is a few
seconds in all).

Results are plain data (codes to counts, day values to frequencies): the reporting layer turns
them into tables with their labels. Booleans come back as ``"yes"``/``"no"``; unanswered
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

_CASE_COLUMNS: Final = frozenset({"referral_source", "service_line", "closure_reason"})
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
_WAIT_STEPS: Final = frozenset({"first_contact_date", "allocation_date"})
_CHUNK: Final = 5000
"""Rows read at a time where a query returns one row per counted case (keeps memory flat)."""


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


@dataclass(frozen=True)
class SessionTotals:
    sessions: int
    minutes: int


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
    """The counted cases of one period and every query over them (see ReturnQueries.scope)."""

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

    # --- cases ------------------------------------------------------------------------------

    def case_counts(self, column: str, *, received_only: bool) -> dict[str, int]:
        """Counted cases by a case column; ``received_only`` keeps those referred in the period."""
        if column not in _CASE_COLUMNS:
            raise ValueError(f"not a countable case column: {column}")
        rows = self.rows(
            f'SELECT "{column}", count(*) FROM temp.return_cases '
            "WHERE (? = 0 OR received = 1) GROUP BY 1",
            (int(received_only),),
        )
        return _tally(rows)

    def new_and_known_survivors(self) -> dict[str, int]:
        """Counted survivors by whether their first case with the service (counted or not)
        was referred during the period ("new") or earlier ("known_before")."""
        # A counted case referred before the period already makes its survivor known before;
        # only the others need a look at the survivor's cases that are not counted.
        rows = self.rows(
            "SELECT new, count(*) FROM (SELECT CASE WHEN min(r.referral_date) < ?1 THEN 0 "
            "ELSE NOT EXISTS (SELECT 1 FROM cases c WHERE c.survivor_reference = "
            "r.survivor_reference AND c.referral_date < ?1) END AS new "
            "FROM temp.return_cases r GROUP BY r.survivor_reference) GROUP BY 1",
            (self.span[0],),
        )
        found = {"new": 0, "known_before": 0}
        for new, count in rows:
            found["new" if new else "known_before"] += int(count)
        return found

    def waiting_at_end(self) -> dict[str, int]:
        """Counted cases still waiting on the period's last day (not allocated, not closed),
        by service line."""
        rows = self.rows(
            "SELECT service_line, count(*) FROM temp.return_cases "
            "WHERE (allocation_date IS NULL OR allocation_date > ?) "
            "AND (closure_date IS NULL OR closure_date > ?) GROUP BY 1",
            (self.span[1], self.span[1]),
        )
        return _tally(rows)

    def wait_days(self, step: str) -> dict[int, int]:
        """Days from referral to ``step`` for counted cases that reached it in the period."""
        if step not in _WAIT_STEPS:
            raise ValueError(f"not a process step: {step}")
        rows = self.rows(
            f'SELECT CAST(julianday("{step}") - julianday(referral_date) AS INTEGER), '
            f'count(*) FROM temp.return_cases WHERE "{step}" BETWEEN ? AND ? GROUP BY 1',
            self.span,
        )
        return {int(days): int(count) for days, count in rows}

    def closures(self) -> dict[str, int]:
        """Counted cases closed in the period, by the reason support ended."""
        rows = self.rows(
            "SELECT closure_reason, count(*) FROM temp.return_cases "
            "WHERE closure_date BETWEEN ? AND ? GROUP BY 1",
            self.span,
        )
        return _tally(rows)

    # --- survivors (one count per counted case) ---------------------------------------------

    def profiles(self) -> Profiles:
        """Each counted case's survivor answers and presenting incident, in one pass.

        The incident is the case's presenting one, else its first (none: ``has_incident``
        False). Survivor answers come back tallied per column; a multi-select column
        (additional needs) is keyed by its stored JSON text, which :func:`answer_list` reads.
        """
        picked = ", ".join(f's."{c}"' for c in SURVIVOR_COLUMNS)
        width = len(SURVIVOR_COLUMNS)
        types = _Memo()
        sql = (
            f"SELECT {picked}, i.id IS NOT NULL, i.types, i.incident_date, "
            "i.age_band_at_incident, i.recent_band, i.domestic_abuse_related, "
            "i.perpetrator_count, i.perpetrators, "
            "r.referral_date, s.date_of_birth, s.birth_year "
            "FROM temp.return_cases r "
            "JOIN survivors s ON s.reference = r.survivor_reference "
            "LEFT JOIN incidents i ON i.id = (SELECT x.id FROM incidents x "
            "WHERE x.case_reference = r.reference "
            "ORDER BY x.is_presenting DESC, x.id LIMIT 1)"
        )
        counters: list[Counter[Any]] = [Counter() for _ in SURVIVOR_COLUMNS]
        relationship = _Memo(first_relationship)
        incidents: list[IncidentRow] = []
        with translated_errors():
            cursor = self.conn.execute(sql)
            while rows := cursor.fetchmany(_CHUNK):
                # Counted column by column in C (Counter over a column), not cell by cell.
                for n, counter in enumerate(counters):
                    counter.update(map(itemgetter(n), rows))
                incidents.extend(
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
        tallies = {
            column: _tally(list(counter.items()))
            for column, counter in zip(SURVIVOR_COLUMNS, counters, strict=True)
        }
        return Profiles(tallies, incidents)

    def survivors(self) -> tuple[int, int]:
        """(distinct survivors counted, of whom had a session in the period)."""
        everyone = self.scalar("SELECT count(DISTINCT survivor_reference) FROM temp.return_cases")
        seen = self.scalar(
            "SELECT count(DISTINCT r.survivor_reference) FROM temp.return_cases r "
            "WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.case_reference = r.reference "
            "AND s.session_date BETWEEN ? AND ?)",
            self.span,
        )
        return everyone, seen

    # --- incidents ----------------------------------------------------------------------------

    # --- sessions -----------------------------------------------------------------------------

    def session_totals(self) -> dict[tuple[str, str], SessionTotals]:
        """Sessions in the period with counted cases, and their minutes, by (mode, kind).

        Walks the counted cases and each one's sessions by the (case, date) index: faster
        than every session of the period probed against the cases (CROSS JOIN fixes that
        order).
        """
        rows = self.rows(
            "SELECT s.mode, s.kind, count(*), sum(s.duration_minutes) "
            "FROM temp.return_cases r CROSS JOIN sessions s ON s.case_reference = r.reference "
            "WHERE s.session_date BETWEEN ? AND ? GROUP BY 1, 2",
            self.span,
        )
        return {
            (str(mode), str(kind)): SessionTotals(int(n), int(minutes or 0))
            for mode, kind, n, minutes in rows
        }


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


def _optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _tally(rows: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for value, count in rows:
        code = _answer(value)
        found[code] = found.get(code, 0) + int(count)
    return found
