"""The records that hang off one case, each list in the order the case view shows it.

The services ask by case reference and get domain records back; the filters and orders are
SQL, so they live here rather than as fragments passed down from a service. Callers check
permissions (services do) and own the transaction.
"""

from __future__ import annotations

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.incident import Incident
from survivorapp.domain.session import Session
from survivorapp.domain.task import Task
from survivorapp.vault import tables
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import Repository

_OF_CASE = "case_reference = ?"


class CaseRecordQueries:
    """Incidents, consents, tasks and sessions of one case."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._incidents = Repository(conn, tables.INCIDENTS)
        self._consents = Repository(conn, tables.CONSENTS)
        self._tasks = Repository(conn, tables.TASKS)
        self._sessions = Repository(conn, tables.SESSIONS)

    def incidents(self, case_reference: str) -> list[Incident]:
        """In the order they were recorded."""
        return self._incidents.select(_OF_CASE, (case_reference,))

    def consents(self, case_reference: str) -> list[ConsentRecord]:
        """The consent ledger, oldest decision first (same day: the one recorded first)."""
        return self._consents.select(_OF_CASE, (case_reference,), order_by="recorded_on, id")

    def tasks(self, case_reference: str) -> list[Task]:
        """Soonest due first."""
        return self._tasks.select(_OF_CASE, (case_reference,), order_by="due_date")

    def sessions(self, case_reference: str, limit: int | None = None) -> list[Session]:
        """Newest first, at most ``limit``."""
        return self._sessions.select(
            _OF_CASE,
            (case_reference,),
            order_by="session_date DESC, start_time DESC, id DESC",
            limit=limit,
        )

    def session_count(self, case_reference: str) -> int:
        with translated_errors():
            row = self.conn.execute(
                "SELECT count(*) FROM sessions WHERE case_reference = ?", (case_reference,)
            ).fetchone()
        return int(row[0])
