"""Loading many prepared records at once: executemany inside the caller's one transaction.

Per-record service calls each write an audit entry and commit, which is right for a person at
a keyboard and far too slow for 100,000 synthetic cases. Here the calling service checks the
permission, opens one transaction, hands over batches of validated entities and writes one
audit entry for the whole load. Rows go through the same :class:`TableSpec` mapper as single
inserts, so bulk-loaded and hand-entered records are stored identically.

The search-index triggers stay on, so the full-text index is maintained exactly as for single
inserts. The per-session ``last_contact_date`` trigger is suspended for the load (it would
update the case row once per session) and the column is computed once per loaded case at the
end; the trigger is recreated from its stored SQL in the same transaction, so a failed load
rolls back to the original schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.vault import tables
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import Repository

LAST_CONTACT_TRIGGER = "last_contact_insert"


@dataclass
class RecordBatch:
    """Entities to insert together, in an order that satisfies every foreign key.

    ``named_users`` pairs (survivor reference, user name) for restricted survivors;
    ``shares`` pairs (case reference, user name); ``task_owners`` runs parallel to ``tasks``.
    """

    survivors: list[Survivor] = field(default_factory=list)
    named_users: list[tuple[str, str]] = field(default_factory=list)
    safe_contacts: list[SafeContact] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    shares: list[tuple[str, str]] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    task_owners: list[str | None] = field(default_factory=list)

    def entities(self) -> Iterator[Any]:
        """Every domain entity in the batch (for validating a sample before loading)."""
        yield from self.survivors
        yield from self.safe_contacts
        yield from self.cases
        yield from self.incidents
        yield from self.sessions
        yield from self.consents
        yield from self.tasks


@dataclass
class LoadCounts:
    """Rows inserted per table."""

    survivors: int = 0
    named_users: int = 0
    safe_contacts: int = 0
    cases: int = 0
    shares: int = 0
    incidents: int = 0
    sessions: int = 0
    consents: int = 0
    tasks: int = 0

    def add(self, batch: RecordBatch) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + len(getattr(batch, f.name)))

    def nonzero(self) -> list[str]:
        """Names of the kinds of record that were loaded (for the audit entry's field list)."""
        return [f.name for f in fields(self) if getattr(self, f.name)]


class BulkLoader:
    """Inserts batches on a connection whose write transaction the caller has opened."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.counts = LoadCounts()
        self._survivors = Repository(conn, tables.SURVIVORS)
        self._contacts = Repository(conn, tables.SAFE_CONTACTS)
        self._cases = Repository(conn, tables.CASES)
        self._incidents = Repository(conn, tables.INCIDENTS)
        self._sessions = Repository(conn, tables.SESSIONS)
        self._consents = Repository(conn, tables.CONSENTS)

    def insert(self, batch: RecordBatch) -> None:
        if not self.conn.in_transaction:
            raise RuntimeError("a bulk load must run inside the caller's write transaction")
        if len(batch.tasks) != len(batch.task_owners):
            raise ValueError("every task needs an owner entry (None for no owner)")
        self._survivors.insert_many(batch.survivors)
        with translated_errors():
            self.conn.executemany(
                "INSERT OR IGNORE INTO survivor_access(survivor_reference, username) VALUES (?, ?)",
                batch.named_users,
            )
        self._contacts.insert_many(batch.safe_contacts)
        self._cases.insert_many(batch.cases)
        with translated_errors():
            self.conn.executemany(
                "INSERT OR IGNORE INTO case_shares(case_reference, username) VALUES (?, ?)",
                batch.shares,
            )
        self._incidents.insert_many(batch.incidents)
        self._sessions.insert_many(batch.sessions)
        self._consents.insert_many(batch.consents)
        self._insert_tasks(batch.tasks, batch.task_owners)
        self.counts.add(batch)

    def _insert_tasks(self, tasks: Sequence[Task], owners: Sequence[str | None]) -> None:
        if not tasks:
            return
        rows = [tables.TASKS.to_row(task) for task in tasks]
        for row, owner in zip(rows, owners, strict=True):
            row.pop("id", None)
            row["owner"] = owner
        keys = list(rows[0])
        names = ", ".join(f'"{k}"' for k in keys)
        marks = ", ".join("?" for _ in keys)
        with translated_errors():
            self.conn.executemany(
                f"INSERT INTO tasks ({names}) VALUES ({marks})",
                [tuple(r[k] for k in keys) for r in rows],
            )


def load(conn: Connection, batches: Iterable[RecordBatch]) -> LoadCounts:
    """Insert every batch inside the caller's open transaction; return the row counts.

    ``last_contact_date`` is filled in for the loaded cases afterwards, as the trigger would.
    """
    loader = BulkLoader(conn)
    with translated_errors():
        first_new_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM cases").fetchone()[0])
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (LAST_CONTACT_TRIGGER,),
        ).fetchone()
        if row is not None:
            conn.execute(f'DROP TRIGGER "{LAST_CONTACT_TRIGGER}"')
    for batch in batches:
        loader.insert(batch)
    with translated_errors():
        conn.execute(
            "UPDATE cases SET last_contact_date = "
            "(SELECT max(session_date) FROM sessions WHERE case_reference = cases.reference) "
            "WHERE id > ?",
            (first_new_id,),
        )
        if row is not None:
            conn.execute(str(row[0]))
    return loader.counts


def case_count(conn: Connection) -> int:
    with translated_errors():
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])


def checkpoint(conn: Connection) -> None:
    """Fold the write-ahead log into the database and truncate it (after a large load).

    Otherwise the WAL file, which grows to the size of one transaction's changes, would stay
    on disk as large as the whole load until the next checkpoint.
    """
    with translated_errors():
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
