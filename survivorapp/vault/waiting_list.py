"""Reading the waiting list and the open caseload in set-based SQL, fast at 100,000 cases.

Every read goes through :class:`~survivorapp.vault.cases.Visibility`, so a case someone may not
see is never in a list or a count. Waiting cases are found through ``cases_by_status``, each
case's contact attempts through ``contact_attempts_by_case`` (one index seek per waiting case,
never a scan of every attempt), and the open caseload per worker in one grouped read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from survivorapp.domain.today import CaseLine
from survivorapp.domain.waiting_list import (
    NOT_TRIAGED,
    PRIORITY_RANK,
    SPOKE,
    ContactAttempt,
    WaitingEntry,
    WaitingListRow,
)
from survivorapp.vault import tables
from survivorapp.vault.bulk import row_values
from survivorapp.vault.cases import Visibility
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import Repository

OPEN_STATUSES = "('waiting', 'active')"


def _rank_sql(column: str) -> str:
    """The domain's priority order (PRIORITY_RANK) as a SQL expression."""
    whens = " ".join(f"WHEN '{code}' THEN {rank}" for code, rank in PRIORITY_RANK.items())
    return f"CASE {column} {whens} ELSE {len(PRIORITY_RANK)} END"


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


@dataclass(frozen=True)
class OpenCounts:
    """The open caseload (waiting or active) as a manager's dashboard sums it up."""

    by_worker: dict[str, int]
    unallocated: int
    waiting: int
    oldest_waiting: date | None


@dataclass(frozen=True)
class CaseDates:
    """The process dates of one case, for the service-level waiting times."""

    referral_date: date
    first_contact_date: date | None
    allocation_date: date | None
    first_spoken: date | None


_LAST_ATTEMPT = (
    "(SELECT x.attempted_on || '|' || x.outcome FROM contact_attempts x "
    "WHERE x.case_reference = c.reference ORDER BY x.attempted_on DESC, x.id DESC LIMIT 1)"
)
_ATTEMPT_COUNT = "(SELECT count(*) FROM contact_attempts x WHERE x.case_reference = c.reference)"


class WaitingListQueries:
    """Reads and bulk writes for the waiting list. Callers check permissions (services do)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.entries = Repository(conn, tables.WAITING_LIST)
        self.attempts = Repository(conn, tables.CONTACT_ATTEMPTS)

    def rows(self, visibility: Visibility, today: date) -> list[WaitingListRow]:
        """Every visible waiting case, A first, then the longest wait, then reference."""
        where, params = visibility.clause()
        priority = f"coalesce(w.priority, '{NOT_TRIAGED}')"
        sql = (
            f"SELECT c.reference, s.known_as, c.referral_date, c.service_line, {priority}, "
            f"c.first_contact_date, {_ATTEMPT_COUNT}, {_LAST_ATTEMPT} "
            "FROM cases c JOIN survivors s ON s.reference = c.survivor_reference "
            "LEFT JOIN waiting_list w ON w.case_reference = c.reference "
            f"WHERE c.status = 'waiting' AND {where} "
            f"ORDER BY {_rank_sql(priority)}, c.referral_date, c.reference"
        )
        with translated_errors():
            found = self.conn.execute(sql, params).fetchall()
        rows = []
        for reference, known_as, referred, line, prio, first, count, last in found:
            referral = date.fromisoformat(referred)
            last_on, _, outcome = (last or "").partition("|")
            rows.append(
                WaitingListRow(
                    case_reference=reference,
                    known_as=known_as,
                    referral_date=referral,
                    service_line=line,
                    priority=prio,
                    days_waiting=max(0, (today - referral).days),
                    attempt_count=int(count),
                    last_attempt_on=_day(last_on or None),
                    last_outcome=outcome or None,
                    first_contact_date=_day(first),
                )
            )
        return rows

    def open_counts(self, visibility: Visibility) -> OpenCounts:
        """Open cases per allocated worker, unallocated ones, and the waiting list's size and
        oldest referral, in one grouped read of the open cases."""
        where, params = visibility.clause()
        with translated_errors():
            found = self.conn.execute(
                "SELECT c.allocated_worker, count(*), sum(c.status = 'waiting'), "
                "min(CASE WHEN c.status = 'waiting' THEN c.referral_date END) "
                f"FROM cases c WHERE c.status IN {OPEN_STATUSES} AND {where} "
                "GROUP BY c.allocated_worker",
                params,
            ).fetchall()
        by_worker: dict[str, int] = {}
        unallocated = waiting = 0
        oldest: str | None = None
        for worker, count, waiting_here, oldest_here in found:
            if worker is None:
                unallocated = int(count)
            else:
                by_worker[str(worker)] = int(count)
            waiting += int(waiting_here or 0)
            if oldest_here is not None and (oldest is None or oldest_here < oldest):
                oldest = oldest_here
        return OpenCounts(by_worker, unallocated, waiting, _day(oldest))

    def unallocated(self, visibility: Visibility, limit: int) -> list[CaseLine]:
        """Open cases with no worker, longest waiting first (at most ``limit``)."""
        where, params = visibility.clause()
        with translated_errors():
            found = self.conn.execute(
                "SELECT c.reference, s.known_as, c.referral_date, c.status FROM cases c "
                "JOIN survivors s ON s.reference = c.survivor_reference "
                f"WHERE c.allocated_worker IS NULL AND c.status IN {OPEN_STATUSES} AND {where} "
                "ORDER BY c.referral_date, c.reference LIMIT ?",
                [*params, int(limit)],
            ).fetchall()
        return [CaseLine(r[0], r[1], date.fromisoformat(r[2]), r[3]) for r in found]

    def entry(self, case_reference: str) -> WaitingEntry | None:
        return self.entries.get("case_reference", case_reference)

    def attempts_for(self, case_reference: str) -> list[ContactAttempt]:
        """A case's contact attempts, oldest first."""
        return self.attempts.select(
            "case_reference = ?", (case_reference,), order_by="attempted_on, attempted_at, id"
        )

    def case_dates(self, visibility: Visibility, since: date, until: date) -> list[CaseDates]:
        """Process dates of the visible cases referred between ``since`` and ``until``."""
        where, params = visibility.clause()
        with translated_errors():
            found = self.conn.execute(
                "SELECT c.referral_date, c.first_contact_date, c.allocation_date, "
                "(SELECT min(x.attempted_on) FROM contact_attempts x "
                f"WHERE x.case_reference = c.reference AND x.outcome = '{SPOKE}') "
                f"FROM cases c WHERE c.referral_date BETWEEN ? AND ? AND {where}",
                [since.isoformat(), until.isoformat(), *params],
            ).fetchall()
        return [
            CaseDates(date.fromisoformat(r[0]), _day(r[1]), _day(r[2]), _day(r[3])) for r in found
        ]

    def has_entries(self) -> bool:
        with translated_errors():
            return self.conn.execute("SELECT 1 FROM waiting_list LIMIT 1").fetchone() is not None

    def attempt_count(self) -> int:
        with translated_errors():
            return int(self.conn.execute("SELECT count(*) FROM contact_attempts").fetchone()[0])

    def synthetic_facts(self) -> list[tuple[Any, ...]]:
        """Every case's process dates and its survivor's stored contact channels (JSON), in
        id order: what synthetic waiting-list histories must agree with."""
        with translated_errors():
            return [
                tuple(r)
                for r in self.conn.execute(
                    "SELECT c.reference, c.referral_date, c.status, c.first_contact_attempt_date, "
                    "c.first_contact_date, c.allocation_date, c.closure_date, c.allocated_worker, "
                    "sc.channels, sc.never_contact_via FROM cases c "
                    "LEFT JOIN safe_contacts sc ON sc.survivor_reference = c.survivor_reference "
                    "ORDER BY c.id"
                )
            ]

    def insert_many(
        self, entries: Sequence[WaitingEntry], attempts: Sequence[ContactAttempt]
    ) -> None:
        """Load prepared records inside the caller's transaction (synthetic data)."""
        for spec, items in ((tables.WAITING_LIST, entries), (tables.CONTACT_ATTEMPTS, attempts)):
            if not items:
                continue
            columns = [c for c in spec.columns if c != "id"]
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            with translated_errors():
                self.conn.executemany(
                    f'INSERT INTO "{spec.table}" ({names}) VALUES ({marks})',
                    [row_values(spec, item) for item in items],
                )
