"""Queries about cases that span tables: visibility, the caseload, references, search.

The visibility clause is the SQL twin of ``services.permissions.allowed(VIEW_CASE)``; a test
checks they agree on every combination of role, allocation, share and restriction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.errors import ReferencesUsedUp

CASE_ALIAS = "c"
SURVIVOR_ALIAS = "s"


@dataclass(frozen=True)
class Visibility:
    """Which cases a user may see: all (managers), their own and shared (frontline staff) or
    none (an admin who is neither), never restricted survivors they are not named on."""

    username: str
    all_cases: bool
    own_cases: bool = True

    def clause(self) -> tuple[str, list[Any]]:
        # Restricted survivors are few: list the ones this user is not named on once (a
        # partial index holds them) rather than join every case to its survivor.
        restricted = (
            "c.survivor_reference NOT IN (SELECT r.reference FROM survivors r "
            "WHERE r.restricted <> 0 AND NOT EXISTS (SELECT 1 FROM survivor_access a "
            "WHERE a.survivor_reference = r.reference AND a.username = ?))"
        )
        params: list[Any] = [self.username]
        if self.all_cases:
            return restricted, params
        if not self.own_cases:
            return "0", []
        # Both halves are index searches (cases_by_worker, case_shares_by_user), so a worker's
        # own caseload costs what it holds rather than a scan of every case in the vault.
        involved = (
            "c.reference IN (SELECT w.reference FROM cases w WHERE w.allocated_worker = ? "
            "UNION ALL SELECT sh.case_reference FROM case_shares sh WHERE sh.username = ?)"
        )
        return f"{restricted} AND {involved}", [*params, self.username, self.username]


@dataclass(frozen=True)
class CaseAccessFacts:
    allocated_worker: str | None
    shared_with: frozenset[str]
    restricted: bool
    named_users: frozenset[str]


OPEN = "open"  # a status filter meaning "waiting or active": the work still to do


@dataclass(frozen=True)
class CaseloadFilter:
    status: str | None = None  # a case_status code, or OPEN
    service_line: str | None = None
    worker: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class CaseloadRow:
    id: int
    reference: str
    survivor_reference: str
    known_as: str | None
    allocated_worker: str | None
    status: str
    service_line: str
    referral_date: str
    last_contact_date: str | None
    restricted: bool
    next_court_date: str | None = None  # derived from the justice journey, for shown rows


SORTABLE = {
    "reference": "c.reference",
    "known_as": "s.known_as",
    "allocated_worker": "c.allocated_worker",
    "status": "c.status",
    "service_line": "c.service_line",
    "referral_date": "c.referral_date",
    "last_contact_date": "c.last_contact_date",
}
_TOKEN = re.compile(r"\w+", re.UNICODE)


REFERENCE_MAX = 999_999  # references are a letter, a hyphen and six digits (domain/checks.py)
MIN_TOKEN = 2  # one letter matches nearly everything and cannot use the prefix index


def fts_query(text: str) -> str | None:
    """User text to a safe FTS5 prefix query: every word must match the start of a token.

    Words of one character are left out ("C-0123" searches for "0123"); None when nothing is
    left to search for. Each word is quoted, so FTS5 operators typed by a person (NEAR, OR, *,
    quotes, a leading minus) are matched as plain text and never raise.
    """
    tokens = [t for t in _TOKEN.findall(text.casefold()) if len(t) >= MIN_TOKEN]
    if not tokens:
        return None
    return " ".join(f'"{token}"*' for token in tokens[:12])


def searchable(text: str | None) -> bool:
    """Whether ``text`` holds anything to search for (the UI says so when it does not)."""
    return bool(text) and fts_query(text or "") is not None


class CaseQueries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def next_reference(self, prefix: str, table: str) -> str:
        """One above the highest reference; when an import has taken the highest number
        there is (``S-999999``), the lowest number still free, so a new case never fails.

        References are never deleted, so a free number was never anyone's reference.
        """
        if table not in ("survivors", "cases") or prefix not in ("S", "C"):
            raise ValueError("unknown reference kind")
        pattern = f"{prefix}-[0-9][0-9][0-9][0-9][0-9][0-9]"
        with translated_errors():
            row = self.conn.execute(
                f"SELECT max(reference) FROM {table} WHERE reference GLOB '{pattern}'"
            ).fetchone()
            last = int(row[0][2:]) if row and row[0] else 0
            if last < REFERENCE_MAX:
                return f"{prefix}-{last + 1:06d}"
            row = self.conn.execute(
                f"SELECT min(n) FROM (SELECT 1 AS n UNION ALL "
                f"SELECT CAST(substr(reference, 3) AS INTEGER) + 1 FROM {table} "
                f"WHERE reference GLOB '{pattern}') AS candidate "
                f"WHERE n <= ? AND printf('{prefix}-%06d', n) NOT IN "
                f"(SELECT reference FROM {table})",
                (REFERENCE_MAX,),
            ).fetchone()
        if row is None or row[0] is None:
            raise ReferencesUsedUp()
        return f"{prefix}-{int(row[0]):06d}"

    def access_facts(self, case_reference: str) -> CaseAccessFacts | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT c.allocated_worker, s.restricted, c.survivor_reference FROM cases c "
                "JOIN survivors s ON s.reference = c.survivor_reference WHERE c.reference = ?",
                (case_reference,),
            ).fetchone()
            if row is None:
                return None
            shared = self.conn.execute(
                "SELECT username FROM case_shares WHERE case_reference = ?", (case_reference,)
            ).fetchall()
            named = self.conn.execute(
                "SELECT username FROM survivor_access WHERE survivor_reference = ?", (row[2],)
            ).fetchall()
        return CaseAccessFacts(
            allocated_worker=row[0],
            shared_with=frozenset(r[0] for r in shared),
            restricted=bool(row[1]),
            named_users=frozenset(r[0] for r in named),
        )

    def is_named(self, survivor_reference: str, username: str) -> bool:
        """Whether ``username`` is named on the survivor's restriction list."""
        with translated_errors():
            row = self.conn.execute(
                "SELECT 1 FROM survivor_access WHERE survivor_reference = ? AND username = ?",
                (survivor_reference, username),
            ).fetchone()
        return row is not None

    def caseload_ids(
        self,
        visibility: Visibility,
        filters: CaseloadFilter = CaseloadFilter(),
        sort: str = "reference",
        descending: bool = False,
        limit: int | None = None,
    ) -> list[int]:
        """Ids of every visible case matching ``filters``, in display order (at most ``limit``)."""
        where, params = visibility.clause()
        conditions = [where]
        if filters.status == OPEN:
            conditions.append("c.status IN ('waiting', 'active')")
        elif filters.status:
            conditions.append("c.status = ?")
            params.append(filters.status)
        for column, value in (
            ("c.service_line", filters.service_line),
            ("c.allocated_worker", filters.worker),
        ):
            if value:
                conditions.append(f"{column} = ?")
                params.append(value)
        query = fts_query(filters.search) if filters.search else None
        if query is not None:  # text too short to search for leaves the list unfiltered
            conditions.append("c.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)")
            params.append(query)
        order = SORTABLE.get(sort, "c.reference")
        direction = "DESC" if descending else "ASC"
        # The survivor is joined only to sort by name: the visibility clause does not need it.
        join = "JOIN survivors s ON s.reference = c.survivor_reference " if order[0] == "s" else ""
        sql = (
            f"SELECT c.id FROM cases c {join}"
            f"WHERE {' AND '.join(conditions)} "
            f"ORDER BY {order} {direction} NULLS LAST, c.id {direction}"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        # One string instead of 100,000 one-column rows: a third less time in Python.
        with translated_errors():
            joined = self.conn.execute(
                f"SELECT group_concat(id) FROM ({sql})",
                params,
            ).fetchone()[0]
        return [int(i) for i in joined.split(",")] if joined else []

    def caseload_rows(self, ids: Sequence[int], visibility: Visibility) -> list[CaseloadRow]:
        """Display rows for a page of ids, in the order given; ids not visible are dropped."""
        if not ids:
            return []
        marks = ",".join("?" for _ in ids)
        where, params = visibility.clause()
        with translated_errors():
            rows = self.conn.execute(
                "SELECT c.id, c.reference, c.survivor_reference, s.known_as, c.allocated_worker, "
                "c.status, c.service_line, c.referral_date, c.last_contact_date, s.restricted "
                "FROM cases c JOIN survivors s ON s.reference = c.survivor_reference "
                f"WHERE c.id IN ({marks}) AND {where}",
                (*ids, *params),
            ).fetchall()
        by_id = {
            r[0]: CaseloadRow(
                id=r[0],
                reference=r[1],
                survivor_reference=r[2],
                known_as=r[3],
                allocated_worker=r[4],
                status=r[5],
                service_line=r[6],
                referral_date=r[7],
                last_contact_date=r[8],
                restricted=bool(r[9]),
            )
            for r in rows
        }
        return [by_id[i] for i in ids if i in by_id]

    def search(self, visibility: Visibility, text: str, limit: int = 50) -> list[CaseloadRow]:
        """Visible cases whose names, references or session notes match ``text``."""
        if not searchable(text):
            return []
        ids = self.caseload_ids(visibility, CaseloadFilter(search=text))
        return self.caseload_rows(ids[:limit], visibility)

    def share(self, case_reference: str, username: str) -> None:
        with translated_errors():
            self.conn.execute(
                "INSERT OR IGNORE INTO case_shares(case_reference, username) VALUES (?, ?)",
                (case_reference, username),
            )

    def unshare(self, case_reference: str, username: str) -> None:
        with translated_errors():
            self.conn.execute(
                "DELETE FROM case_shares WHERE case_reference = ? AND username = ?",
                (case_reference, username),
            )

    def set_named_users(self, survivor_reference: str, usernames: Sequence[str]) -> None:
        with translated_errors():
            self.conn.execute(
                "DELETE FROM survivor_access WHERE survivor_reference = ?", (survivor_reference,)
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO survivor_access(survivor_reference, username) VALUES (?, ?)",
                [(survivor_reference, u) for u in usernames],
            )

    def case_count(self) -> int:
        with translated_errors():
            return int(self.conn.execute("SELECT count(*) FROM cases").fetchone()[0])
