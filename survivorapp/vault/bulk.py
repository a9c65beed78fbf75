"""Loading many prepared records at once: executemany inside the caller's one transaction.

Per-record service calls each write an audit entry and commit, which is right for a person at
a keyboard and far too slow for 100,000 synthetic cases. Here the calling service checks the
permission, opens one transaction, hands over batches of validated entities and writes one
audit entry for the whole load.

Rows are the same as :meth:`TableSpec.to_row` makes (a test compares them field for field),
built by a leaner encoder: the generic one inspects every value of every record and cost more
than the generation itself.

The per-row insert triggers are suspended for the load and their work done once, set-wise, at
the end: the search index (one row per case, one per session note: the same rowids and text
the triggers write; a test compares a bulk-loaded index with a trigger-built one) and each
case's ``last_contact_date``. Per-row FTS inserts were about three times slower. The triggers
are recreated from their stored SQL in the same transaction, so a failed load rolls back to
the original schema and nothing else ever sees them missing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, time
from typing import Any

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.domain.records import encode_answer
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.vault import tables
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import TableSpec

SUSPENDED_TRIGGERS = ("search_case_insert", "search_session_insert", "last_contact_insert")

# The search rows the insert triggers of migration 2 write: one per case (rowid = case id) with
# its names and all its notes, for every case loaded and every earlier case given new sessions.
_STALE_CASES = """SELECT id FROM cases WHERE id > :case
    OR reference IN (SELECT case_reference FROM sessions WHERE id > :session)"""
_UNINDEX = f"DELETE FROM search_index WHERE rowid IN ({_STALE_CASES})"
_INDEX = f"""INSERT INTO search_index(rowid, names, notes)
    SELECT c.id,
           c.reference || ' ' || s.reference || ' ' || coalesce(s.name, '') || ' '
           || coalesce(s.known_as, ''),
           coalesce(n.notes, '')
    FROM cases c
    JOIN survivors s ON s.reference = c.survivor_reference
    LEFT JOIN (SELECT case_reference, group_concat(note, ' ') AS notes FROM sessions
               GROUP BY case_reference) n ON n.case_reference = c.reference
    WHERE c.id IN ({_STALE_CASES}) ORDER BY c.id"""
_LAST_CONTACT = """UPDATE cases SET last_contact_date =
    (SELECT max(session_date) FROM sessions WHERE case_reference = cases.reference)
    WHERE id > ?"""


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
    justice_matters: list[MatterRecord] = field(default_factory=list)
    """Each matter with its events and court support; ids are given when loaded."""

    def entities(self) -> Iterator[Any]:
        """Every domain entity in the batch."""
        yield from self.survivors
        yield from self.safe_contacts
        yield from self.cases
        yield from self.incidents
        yield from self.sessions
        yield from self.consents
        yield from self.tasks
        for record in self.justice_matters:
            yield record.matter
            yield from record.events
            yield from record.positions
            yield from record.special_measures
            yield from (x for x in (record.vps, record.court_support) if x is not None)

    @property
    def justice_events(self) -> list[Any]:
        return [e for record in self.justice_matters for e in record.events]


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
    justice_matters: int = 0
    justice_events: int = 0

    def add(self, batch: RecordBatch) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + len(getattr(batch, f.name)))

    def nonzero(self) -> list[str]:
        """Names of the kinds of record that were loaded (for the audit entry's field list)."""
        return [f.name for f in fields(self) if getattr(self, f.name)]


# --- rows -------------------------------------------------------------------------------------

_PLAIN: frozenset[type] = frozenset({str, int, bool, float, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(kind):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


def _encode(value: Any) -> Any:
    """What :func:`survivorapp.domain.records.encode_answer` returns, by exact type first."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is Unanswered:
        return value.value
    if kind is date or kind is time:
        return value.isoformat()
    if kind is tuple:
        return [_encode(v) for v in value]
    names = _field_names(kind)
    if names is not None:
        return {name: _encode(getattr(value, name)) for name in names}
    return encode_answer(value)


def row_values(spec: TableSpec[Any], entity: Any) -> list[Any]:
    """The values of ``spec.to_row(entity)`` in column order, without the id."""
    names = _field_names(type(entity)) or ()
    json_columns = spec.json_columns
    values = []
    for name in names:
        if name == "id":
            continue
        value = _encode(getattr(entity, name))
        if name in json_columns and isinstance(value, list | dict):
            value = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        values.append(value)
    return values


def _insert(
    conn: Connection, spec: TableSpec[Any], entities: Sequence[Any], extra: Sequence[Any] = ()
) -> None:
    """Insert ``entities`` (plus one ``extra`` column value each, if given: ``owner``)."""
    if not entities:
        return
    columns = [c for c in spec.columns if c != "id"]
    rows = [row_values(spec, e) for e in entities]
    if extra:
        columns.append("owner")
        for row, value in zip(rows, extra, strict=True):
            row.append(value)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    with translated_errors():
        conn.executemany(f'INSERT INTO "{spec.table}" ({names}) VALUES ({marks})', rows)


def _insert_rows(
    conn: Connection, spec: TableSpec[Any], rows: list[list[Any]], with_id: bool = False
) -> None:
    """Insert prepared rows (values in column order, the id first if ``with_id``)."""
    if not rows:
        return
    columns = [c for c in spec.columns if c != "id"]
    if with_id:
        columns.insert(0, "id")
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    with translated_errors():
        conn.executemany(f'INSERT INTO "{spec.table}" ({names}) VALUES ({marks})', rows)


# --- loading ----------------------------------------------------------------------------------


class BulkLoader:
    """Inserts batches on a connection whose write transaction the caller has opened."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.counts = LoadCounts()
        self._next_matter: int | None = None

    def insert(self, batch: RecordBatch) -> None:
        if not self.conn.in_transaction:
            raise RuntimeError("a bulk load must run inside the caller's write transaction")
        if len(batch.tasks) != len(batch.task_owners):
            raise ValueError("every task needs an owner entry (None for no owner)")
        conn = self.conn
        _insert(conn, tables.SURVIVORS, batch.survivors)
        with translated_errors():
            conn.executemany(
                "INSERT OR IGNORE INTO survivor_access(survivor_reference, username) VALUES (?, ?)",
                batch.named_users,
            )
        _insert(conn, tables.SAFE_CONTACTS, batch.safe_contacts)
        _insert(conn, tables.CASES, batch.cases)
        with translated_errors():
            conn.executemany(
                "INSERT OR IGNORE INTO case_shares(case_reference, username) VALUES (?, ?)",
                batch.shares,
            )
        _insert(conn, tables.INCIDENTS, batch.incidents)
        _insert(conn, tables.SESSIONS, batch.sessions)
        _insert(conn, tables.CONSENTS, batch.consents)
        _insert(conn, tables.TASKS, batch.tasks, batch.task_owners)
        self._insert_justice(batch.justice_matters)
        self.counts.add(batch)

    def _insert_justice(self, records: Sequence[MatterRecord]) -> None:
        """Matters get their ids here (after the highest in the vault), and their records
        the matter's id, so a generator need not know what the vault holds."""
        if not records:
            return
        conn = self.conn
        next_id = self._next_matter
        if next_id is None:
            with translated_errors():
                next_id = _max_id(conn, "justice_matters") + 1
        matters: list[list[Any]] = []
        events: list[list[Any]] = []
        positions: list[list[Any]] = []
        measures: list[list[Any]] = []
        statements: list[list[Any]] = []
        support: list[list[Any]] = []
        for record in records:
            matter_id = next_id
            next_id += 1
            matters.append([matter_id, *row_values(tables.JUSTICE_MATTERS, record.matter)])
            for rows, spec, items in (
                (events, tables.JUSTICE_EVENTS, record.events),
                (positions, tables.SURVIVOR_POSITIONS, record.positions),
                (measures, tables.SPECIAL_MEASURES, record.special_measures),
                (statements, tables.VICTIM_PERSONAL_STATEMENTS, (record.vps,)),
                (support, tables.COURT_SUPPORT, (record.court_support,)),
            ):
                for item in items:
                    if item is not None:
                        values = row_values(spec, item)
                        values[0] = matter_id  # matter_id is every child's first column
                        rows.append(values)
        self._next_matter = next_id
        _insert_rows(conn, tables.JUSTICE_MATTERS, matters, with_id=True)
        _insert_rows(conn, tables.JUSTICE_EVENTS, events)
        _insert_rows(conn, tables.SURVIVOR_POSITIONS, positions)
        _insert_rows(conn, tables.SPECIAL_MEASURES, measures)
        _insert_rows(conn, tables.VICTIM_PERSONAL_STATEMENTS, statements)
        _insert_rows(conn, tables.COURT_SUPPORT, support)


def load(conn: Connection, batches: Iterable[RecordBatch]) -> LoadCounts:
    """Insert every batch inside the caller's open transaction; return the row counts.

    Afterwards the loaded cases and session notes are in the search index and every loaded
    case has its ``last_contact_date``, exactly as if each row had been inserted on its own.
    """
    loader = BulkLoader(conn)
    with translated_errors():
        first_case = _max_id(conn, "cases")
        first_session = _max_id(conn, "sessions")
        saved = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)",
            SUSPENDED_TRIGGERS,
        ).fetchall()
        if len(saved) != len(SUSPENDED_TRIGGERS):
            raise RuntimeError("the schema's insert triggers are not the ones bulk loading knows")
        for name, _sql in saved:
            conn.execute(f'DROP TRIGGER "{name}"')
    for batch in batches:
        loader.insert(batch)
    with translated_errors():
        stale = {"case": first_case, "session": first_session}
        conn.execute(_UNINDEX, stale)
        conn.execute(_INDEX, stale)
        conn.execute(_LAST_CONTACT, (first_case,))
        for _name, sql in saved:
            conn.execute(sql)
    return loader.counts


def _max_id(conn: Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])


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
