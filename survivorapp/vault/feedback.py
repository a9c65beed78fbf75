"""Reads across the feedback tables: a case's answers, what is due across a caseload, and counts.

Counts are taken in SQL. The service-feedback summary groups answers with SQLite's JSON
functions (``json_each``) by instrument, question and answer, and never reads an open comment's
text out of the database: a comment is counted as "a comment was written" and nothing more.
Callers check permissions (the services do).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.questionnaires.instruments import (
    OUTCOME_MEASURE,
    SERVICE_FEEDBACK,
    ImportedInstrument,
)
from survivorapp.vault import tables
from survivorapp.vault.cases import Visibility
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import Repository

VALUE = "value"
DECLINED = "declined"
COMMENT = "comment"


@dataclass(frozen=True)
class CaseSchedule:
    """An open case's outcome-measure history in brief, for working out what is due."""

    case_reference: str
    known_as: str | None
    allocated_worker: str | None
    start: date
    intake: date | None
    reviews: tuple[date, ...]
    last_review_number: int | None


@dataclass(frozen=True)
class AnswerCount:
    """How many gave one answer (or declined, or wrote a comment) to one question."""

    instrument_id: str
    instrument_version: int
    item_id: str
    kind: str  # VALUE, DECLINED or COMMENT
    value: int | float | None
    count: int


def _iso(day: date) -> str:
    return day.isoformat()


class FeedbackQueries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.administrations = Repository(conn, tables.FEEDBACK_ADMINISTRATIONS)
        self.imported = Repository(conn, tables.IMPORTED_INSTRUMENTS)

    # --- one case -------------------------------------------------------------------------

    def for_case(self, case_reference: str) -> list[Administration]:
        """Every administration of the case, oldest first."""
        return self.administrations.select(
            "case_reference = ?", (case_reference,), order_by="administered_on, id"
        )

    def series(self, case_reference: str, instrument_id: str) -> list[Administration]:
        return self.administrations.select(
            "case_reference = ? AND instrument_id = ?",
            (case_reference, instrument_id),
            order_by="administered_on, id",
        )

    def case_of(self, administration_id: int) -> tuple[bool, str | None]:
        """(whether it exists, its case reference or None when anonymous)."""
        with translated_errors():
            row = self.conn.execute(
                "SELECT case_reference FROM feedback_administrations WHERE id = ?",
                (administration_id,),
            ).fetchone()
        return (False, None) if row is None else (True, row[0])

    def insert(self, administration: Administration, kind: str) -> int:
        return self.administrations.insert(administration, {"instrument_kind": kind})

    # --- across the caseload ----------------------------------------------------------------

    def schedules(
        self, visibility: Visibility, case_reference: str | None = None
    ) -> list[CaseSchedule]:
        """Every active case ``visibility`` allows (or just that one), with its outcome-measure
        intake and reviews.

        Support starts at allocation (the first contact, or the referral, where that was never
        recorded). Each case's dates come from the index on (case, kind, timepoint, date).
        """
        where, params = visibility.clause()
        if case_reference is not None:
            where, params = f"{where} AND c.reference = ?", [*params, case_reference]
        with translated_errors():
            rows = self.conn.execute(
                "SELECT c.reference, s.known_as, c.allocated_worker, "
                "coalesce(c.allocation_date, c.first_contact_date, c.referral_date), "
                "(SELECT min(f.administered_on) FROM feedback_administrations f "
                " WHERE f.case_reference = c.reference AND f.instrument_kind = ? "
                " AND f.timepoint = 'intake'), "
                "(SELECT group_concat(d, ',') FROM (SELECT DISTINCT f.administered_on AS d "
                " FROM feedback_administrations f WHERE f.case_reference = c.reference "
                " AND f.instrument_kind = ? AND f.timepoint = 'review' ORDER BY d)), "
                "(SELECT max(f.review_number) FROM feedback_administrations f "
                " WHERE f.case_reference = c.reference AND f.instrument_kind = ? "
                " AND f.timepoint = 'review') "
                "FROM cases c JOIN survivors s ON s.reference = c.survivor_reference "
                f"WHERE {where} AND c.status = 'active' ORDER BY c.reference",
                [OUTCOME_MEASURE, OUTCOME_MEASURE, OUTCOME_MEASURE, *params],
            ).fetchall()
        parse = date.fromisoformat
        return [
            CaseSchedule(
                case_reference=reference,
                known_as=known_as,
                allocated_worker=worker,
                start=parse(start),
                intake=None if intake is None else parse(intake),
                reviews=tuple(parse(d) for d in reviews.split(",")) if reviews else (),
                last_review_number=number,
            )
            for reference, known_as, worker, start, intake, reviews, number in rows
        ]

    def exits(self, visibility: Visibility, start: date, end: date) -> tuple[int, int]:
        """(cases that closed in the period after support began, of them with an exit answer)."""
        where, params = visibility.clause()
        with translated_errors():
            row = self.conn.execute(
                "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM feedback_administrations f "
                " WHERE f.case_reference = c.reference AND f.timepoint = 'exit')), 0) "
                f"FROM cases c WHERE {where} AND c.status = 'closed' "
                "AND c.allocation_date IS NOT NULL AND c.closure_date BETWEEN ? AND ?",
                [*params, _iso(start), _iso(end)],
            ).fetchone()
        return int(row[0]), int(row[1])

    def by_timepoint(self, visibility: Visibility, start: date, end: date) -> dict[str, int]:
        """Administrations of the visible cases in the period, by timepoint."""
        where, params = visibility.clause()
        with translated_errors():
            rows = self.conn.execute(
                "SELECT f.timepoint, count(*) FROM feedback_administrations f "
                "JOIN cases c ON c.reference = f.case_reference "
                f"WHERE {where} AND f.administered_on BETWEEN ? AND ? GROUP BY f.timepoint",
                [*params, _iso(start), _iso(end)],
            ).fetchall()
        return {str(t): int(n) for t, n in rows}

    # --- the service-feedback summary -----------------------------------------------------------

    def feedback_totals(self, start: date, end: date) -> dict[tuple[str, int], int]:
        """Service-feedback administrations in the period, per instrument version (any case
        or none)."""
        with translated_errors():
            rows = self.conn.execute(
                "SELECT instrument_id, instrument_version, count(*) "
                "FROM feedback_administrations "
                "WHERE instrument_kind = ? AND administered_on BETWEEN ? AND ? "
                "GROUP BY instrument_id, instrument_version",
                (SERVICE_FEEDBACK, _iso(start), _iso(end)),
            ).fetchall()
        return {(str(i), int(v)): int(n) for i, v, n in rows}

    def feedback_answer_counts(self, start: date, end: date) -> list[AnswerCount]:
        """Per instrument version, question and answer: how many. Comments are only counted."""
        with translated_errors():
            rows = self.conn.execute(
                "SELECT a.instrument_id, a.instrument_version, j.key, "
                " CASE WHEN j.type IN ('integer', 'real') THEN ? "
                "      WHEN j.value = 'declined' THEN ? ELSE ? END AS kind, "
                " CASE WHEN j.type IN ('integer', 'real') THEN j.value END AS answer, "
                " count(*) "
                "FROM feedback_administrations a, json_each(a.responses) j "
                "WHERE a.instrument_kind = ? AND a.administered_on BETWEEN ? AND ? "
                "GROUP BY 1, 2, 3, 4, 5",
                (VALUE, DECLINED, COMMENT, SERVICE_FEEDBACK, _iso(start), _iso(end)),
            ).fetchall()
        return [
            AnswerCount(str(i), int(v), str(k), str(kind), a, int(n))
            for i, v, k, kind, a, n in rows
        ]

    # --- imported instruments -----------------------------------------------------------------

    def imported_instruments(self) -> list[ImportedInstrument]:
        return self.imported.select(order_by="instrument_id, version")

    def add_imported(self, record: ImportedInstrument) -> int:
        return self.imported.insert(record)


BULK_COLUMNS = (
    "instrument_id",
    "instrument_version",
    "timepoint",
    "mode",
    "administered_on",
    "responses",
    "case_reference",
    "review_number",
    "stopped_early",
    "score_status",
    "score_total",
    "score_band",
    "score_subscales",
    "score_prorated",
    "score_note",
    "flags",
    "recorded_by",
    "instrument_kind",
)


def bulk_row(administration: Administration, kind: str) -> tuple[Any, ...]:
    """The row the generic mapper would write (plus the kind), built directly: many thousands
    of synthetic administrations go in at once, and the generic encoder cost more than making
    them. A test compares the two."""
    a = administration
    dumps = json.dumps
    return (
        a.instrument_id,
        a.instrument_version,
        a.timepoint,
        a.mode,
        a.administered_on.isoformat(),
        dumps(a.responses, separators=(",", ":"), ensure_ascii=False),
        a.case_reference,
        a.review_number,
        a.stopped_early,
        a.score_status,
        a.score_total,
        a.score_band,
        dumps(a.score_subscales, separators=(",", ":"), ensure_ascii=False),
        a.score_prorated,
        a.score_note,
        dumps(list(a.flags), separators=(",", ":"), ensure_ascii=False),
        a.recorded_by,
        kind,
    )


def bulk_insert(conn: Connection, rows: Sequence[tuple[Administration, str]]) -> None:
    """Many administrations at once (synthetic data), each with its instrument kind, inside the
    caller's transaction."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    marks = ", ".join("?" for _ in BULK_COLUMNS)
    with translated_errors():
        conn.executemany(
            f"INSERT INTO feedback_administrations ({names}) VALUES ({marks})",
            (bulk_row(a, kind) for a, kind in rows),
        )
