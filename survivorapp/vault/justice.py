"""Reading whole justice journeys: one case's, or every visible case's, in set-based SQL.

The court diary needs the journey of every case a worker can see. Reading it case by case
would be one round of queries per case (100,000 of them in a large vault); here each kind of
record is read in one query over all the cases in scope, in matter then id order, and grouped
in one pass. Only cases that have a matter or family proceedings are read at all.

Rows are turned into entities by a lean constructor (dates parsed, the rest as stored):
everything in these tables was validated on the way in, and the generic record reader cost
more than the query. A test checks both give equal entities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from survivorapp.domain.justice.deadlines import upcoming_hearings
from survivorapp.domain.justice.diary import CaseJourney, MatterRecord
from survivorapp.domain.justice.support import FamilyProceeding, VictimsCodeRight
from survivorapp.vault import tables
from survivorapp.vault.cases import Visibility
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import Repository, TableSpec

_DATE_COLUMNS: dict[str, frozenset[str]] = {
    "justice_matters": frozenset({"date_reported", "bail_expiry"}),
    "justice_events": frozenset({"event_date", "hearing_date", "recorded_on"}),
    "survivor_positions": frozenset({"recorded_on"}),
    "special_measures": frozenset({"status_date"}),
    "victim_personal_statements": frozenset({"offered_on", "made_on", "updated_on"}),
    "court_support": frozenset({"pre_trial_visit_on", "witness_service_referred_on"}),
}
_CASES_WITH_JUSTICE = (
    "c.reference IN (SELECT case_reference FROM justice_matters "
    "UNION SELECT case_reference FROM family_proceedings)"
)


def _quoted(columns: Sequence[str], alias: str) -> str:
    return ", ".join(f'{alias}."{c}"' for c in columns)


def lean_reader(spec: TableSpec[Any]) -> Callable[[Sequence[Any]], Any]:
    """A row (in ``spec.columns`` order) to its entity, parsing only the date columns."""
    columns = spec.columns
    dates = _DATE_COLUMNS[spec.table]
    kind = spec.entity
    date_at = [i for i, c in enumerate(columns) if c in dates]
    notes = [i for i, c in enumerate(columns) if c == "note"]
    names = tuple(f.name for f in fields(kind))
    if names != columns:
        raise RuntimeError("the table's columns are not the entity's fields")
    parse = date.fromisoformat

    def read(row: Sequence[Any]) -> Any:
        values = list(row)
        for i in date_at:
            if values[i] is not None:
                values[i] = parse(values[i])
        for i in notes:
            if values[i] is None:
                values[i] = ""
        return kind(*values)

    return read


_READ_MATTER = lean_reader(tables.JUSTICE_MATTERS)
_READ_EVENT = lean_reader(tables.JUSTICE_EVENTS)
_READ_POSITION = lean_reader(tables.SURVIVOR_POSITIONS)
_READ_MEASURE = lean_reader(tables.SPECIAL_MEASURES)
_READ_VPS = lean_reader(tables.VICTIM_PERSONAL_STATEMENTS)
_READ_SUPPORT = lean_reader(tables.COURT_SUPPORT)


class JusticeQueries:
    """Reads across the justice tables. Callers check permissions (services do)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def case_of_matter(self, matter_id: int) -> str | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT case_reference FROM justice_matters WHERE id = ?", (matter_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def matter_ids_for(self, case_reference: str) -> list[int]:
        with translated_errors():
            rows = self.conn.execute(
                "SELECT id FROM justice_matters WHERE case_reference = ? ORDER BY id",
                (case_reference,),
            ).fetchall()
        return [int(r[0]) for r in rows]

    def journey(self, case_reference: str) -> CaseJourney:
        """One case's journey (empty when it has no matters or family proceedings)."""
        found = self._journeys("c.reference = ?", [case_reference])
        if found:
            return found[0]
        with translated_errors():
            row = self.conn.execute(
                "SELECT s.known_as FROM cases c JOIN survivors s "
                "ON s.reference = c.survivor_reference WHERE c.reference = ?",
                (case_reference,),
            ).fetchone()
        return CaseJourney(case_reference, None if row is None else row[0], ())

    def victims_code_rights(self, case_reference: str) -> tuple[VictimsCodeRight, ...]:
        """The case's Victims' Code checklist, one record per right, in the order recorded."""
        spec = tables.VICTIMS_CODE_RIGHTS
        with translated_errors():
            rows = self.conn.execute(
                f"SELECT {_quoted(spec.columns, 'r')} FROM victims_code_rights r "
                "WHERE r.case_reference = ? ORDER BY r.id",
                (case_reference,),
            ).fetchall()
        return tuple(spec.from_row(dict(zip(spec.columns, row, strict=True))) for row in rows)

    def victims_code_right(self, case_reference: str, right: str) -> VictimsCodeRight | None:
        """The case's one record for ``right``, if there is one."""
        found = Repository(self.conn, tables.VICTIMS_CODE_RIGHTS).select(
            'case_reference = ? AND "right" = ?', (case_reference, right), limit=1
        )
        return found[0] if found else None

    def journeys(self, visibility: Visibility) -> list[CaseJourney]:
        """The journey of every case ``visibility`` allows that has any justice record."""
        where, params = visibility.clause()
        return self._journeys(where, params)

    def next_hearings(self, case_references: Sequence[str], today: date) -> dict[str, date]:
        """The next hearing of each of these cases (for a page of the caseload).

        Worked out with the domain's rules (a relisting replaces the date it moves), over just
        the cases asked for, so a page of 100 costs one small query.
        """
        if not case_references:
            return {}
        marks = ",".join("?" for _ in case_references)
        columns = _quoted(tables.JUSTICE_EVENTS.columns, "e")
        with translated_errors():
            rows = self.conn.execute(
                f"SELECT m.case_reference, {columns} FROM justice_events e "
                "JOIN justice_matters m ON m.id = e.matter_id "
                f"WHERE m.case_reference IN ({marks}) ORDER BY e.matter_id, e.event_date, e.id",
                tuple(case_references),
            ).fetchall()
        by_matter: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for row in rows:
            event = _READ_EVENT(row[1:])
            by_matter[(row[0], event.matter_id)].append(event)
        found: dict[str, date] = {}
        for (case_reference, _matter), events in by_matter.items():
            hearings = upcoming_hearings(events, today)
            if hearings:
                first = min(h.hearing_date for h in hearings)
                if case_reference not in found or first < found[case_reference]:
                    found[case_reference] = first
        return found

    def diary_journeys(
        self, visibility: Visibility, today: date, horizon: date
    ) -> list[CaseJourney]:
        """Journeys that can put something in the diary between ``today`` and ``horizon``.

        A generous superset, so that reading 100,000 cases' journeys is not needed to show a
        few weeks (the pure ``build_diary`` still decides what appears): a hearing listed for
        today or later; any event in the last four months (review windows after a decision
        run three months, the sentence-review window 28 days); bail expiring in the window;
        a report or incident whose two-year CICA anniversary falls in it; any family
        proceedings (few, and their orders can expire at any time).
        """
        where, params = visibility.clause()
        recent = today - timedelta(days=DIARY_LOOKBACK_DAYS)
        cica_from = _years_before(today, CICA_YEARS) - timedelta(days=1)
        cica_to = _years_before(horizon, CICA_YEARS) + timedelta(days=1)
        candidates = (
            "(c.reference IN (SELECT m.case_reference FROM justice_matters m "
            "WHERE m.bail_expiry BETWEEN ? AND ? "
            "OR m.date_reported BETWEEN ? AND ? "
            "OR m.id IN (SELECT matter_id FROM justice_events WHERE hearing_date >= ? "
            "OR event_date >= ? "
            "OR (event_type = 'reported_to_police' AND event_date BETWEEN ? AND ?))) "
            "OR c.reference IN (SELECT case_reference FROM family_proceedings))"
        )
        dates = [today, horizon, cica_from, cica_to, today, recent, cica_from, cica_to]
        # Work the candidates out once: as a condition repeated in each of the seven reads
        # below it would scan every event seven times. The temp table lives in memory.
        with translated_errors():
            self.conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS diary_cases (reference TEXT PRIMARY KEY)"
            )
            self.conn.execute("DELETE FROM temp.diary_cases")
            self.conn.execute(
                "INSERT INTO temp.diary_cases SELECT c.reference FROM cases c "
                f"WHERE {where} AND {candidates}",
                [*params, *(d.isoformat() for d in dates)],
            )
        try:
            return self._journeys("c.reference IN (SELECT reference FROM temp.diary_cases)", [])
        finally:
            with translated_errors():
                self.conn.execute("DELETE FROM temp.diary_cases")

    # --- set-based reads ----------------------------------------------------------------

    def _journeys(self, where: str, params: list[Any]) -> list[CaseJourney]:
        scope = f"{where} AND {_CASES_WITH_JUSTICE}"
        with translated_errors():
            cases = self.conn.execute(
                "SELECT c.reference, s.known_as FROM cases c "
                "JOIN survivors s ON s.reference = c.survivor_reference "
                f"WHERE {scope} ORDER BY c.reference",
                params,
            ).fetchall()
            if not cases:
                return []
            matters = [
                _READ_MATTER(r)
                for r in self.conn.execute(
                    f"SELECT {_quoted(tables.JUSTICE_MATTERS.columns, 'm')} "
                    "FROM justice_matters m JOIN cases c ON c.reference = m.case_reference "
                    f"WHERE {where} ORDER BY m.id",
                    params,
                )
            ]
            children = {
                spec.table: self._children(spec, reader, where, params)
                for spec, reader in (
                    (tables.JUSTICE_EVENTS, _READ_EVENT),
                    (tables.SURVIVOR_POSITIONS, _READ_POSITION),
                    (tables.SPECIAL_MEASURES, _READ_MEASURE),
                    (tables.VICTIM_PERSONAL_STATEMENTS, _READ_VPS),
                    (tables.COURT_SUPPORT, _READ_SUPPORT),
                )
            }
            family = self._family(where, params)
        by_case = _matter_records(matters, children)
        return [
            CaseJourney(
                case_reference=reference,
                known_as=known_as,
                matters=tuple(by_case.get(reference, ())),
                family=tuple(family.get(reference, ())),
            )
            for reference, known_as in cases
        ]

    def _family(self, where: str, params: list[Any]) -> dict[str, list[FamilyProceeding]]:
        """Family proceedings of the cases in scope, by case, in id order."""
        family: dict[str, list[FamilyProceeding]] = defaultdict(list)
        spec = tables.FAMILY_PROCEEDINGS
        cursor = self.conn.execute(
            f"SELECT {_quoted(spec.columns, 'f')} FROM family_proceedings f "
            "JOIN cases c ON c.reference = f.case_reference "
            f"WHERE {where} ORDER BY f.id",
            params,
        )
        for row in cursor:
            proceeding = spec.from_row(dict(zip(spec.columns, row, strict=True)))
            family[proceeding.case_reference].append(proceeding)
        return family

    def _children(
        self,
        spec: TableSpec[Any],
        reader: Callable[[Sequence[Any]], Any],
        where: str,
        params: list[Any],
    ) -> dict[int, list[Any]]:
        """Rows of a per-matter table for the matters in scope, by matter, in id order."""
        grouped: dict[int, list[Any]] = defaultdict(list)
        cursor = self.conn.execute(
            f"SELECT {_quoted(spec.columns, 'x')} FROM {spec.table} x "
            "JOIN justice_matters m ON m.id = x.matter_id "
            "JOIN cases c ON c.reference = m.case_reference "
            f"WHERE {where} ORDER BY x.matter_id, x.id",
            params,
        )
        for row in cursor:
            entity = reader(row)
            grouped[entity.matter_id].append(entity)
        return grouped


def _matter_records(
    matters: Sequence[Any], children: dict[str, dict[int, list[Any]]]
) -> dict[str, list[MatterRecord]]:
    """Each matter with its own records, grouped by case (matters in id order)."""
    by_case: dict[str, list[MatterRecord]] = defaultdict(list)
    events, positions, measures, vps, support = (
        children[t]
        for t in (
            "justice_events",
            "survivor_positions",
            "special_measures",
            "victim_personal_statements",
            "court_support",
        )
    )
    for matter in matters:
        key = matter.id
        by_case[matter.case_reference].append(
            MatterRecord(
                matter=matter,
                events=tuple(events.get(key, ())),
                positions=tuple(positions.get(key, ())),
                special_measures=tuple(measures.get(key, ())),
                vps=_single(vps.get(key)),
                court_support=_single(support.get(key)),
            )
        )
    return by_case


DIARY_LOOKBACK_DAYS = 124  # a little over four months
CICA_YEARS = 2


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _single(items: list[Any] | None) -> Any:
    return items[-1] if items else None
