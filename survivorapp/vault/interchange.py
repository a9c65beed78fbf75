"""Reading every case record in a stable order, and inserting many at once, for import/export.

The interchange format (docs/interchange.md) is the domain records themselves, so this module
only decides the order rows come out in and knows the two link tables that are not entities.
Every order ends in a column the import preserves (a reference, or ``id``, which an import
assigns in file order), so export, import into a fresh vault and export again give identical
files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic

from survivorapp.vault import tables
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import E, Repository, TableSpec


@dataclass(frozen=True)
class EntityTable(Generic[E]):
    """One entity's table, the order its rows are exported in, and columns kept beside it."""

    spec: TableSpec[E]
    order_by: str
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkTable:
    """A table that only links a reference to a user name (shares, named users)."""

    table: str
    reference_column: str


@dataclass(frozen=True)
class Link:
    reference: str
    username: str


SURVIVORS = EntityTable(tables.SURVIVORS, "reference")
SAFE_CONTACTS = EntityTable(tables.SAFE_CONTACTS, "survivor_reference")
CASES = EntityTable(tables.CASES, "reference")
INCIDENTS = EntityTable(tables.INCIDENTS, "case_reference, id")
SESSIONS = EntityTable(tables.SESSIONS, "case_reference, session_date, start_time, id")
CONSENTS = EntityTable(tables.CONSENTS, "case_reference, recorded_on, id")
TASKS = EntityTable(tables.TASKS, "case_reference, due_date, id", extras=("owner",))
JUSTICE_MATTERS = EntityTable(tables.JUSTICE_MATTERS, "case_reference, id")
# A matter's records follow their matters' export order (case, then id); see docs/interchange.md.
_BY_MATTER = "(SELECT m.case_reference FROM justice_matters m WHERE m.id = matter_id), matter_id"
JUSTICE_EVENTS = EntityTable(tables.JUSTICE_EVENTS, f"{_BY_MATTER}, id")
SURVIVOR_POSITIONS = EntityTable(tables.SURVIVOR_POSITIONS, f"{_BY_MATTER}, id")
SPECIAL_MEASURES = EntityTable(tables.SPECIAL_MEASURES, f"{_BY_MATTER}, id")
VICTIM_PERSONAL_STATEMENTS = EntityTable(tables.VICTIM_PERSONAL_STATEMENTS, f"{_BY_MATTER}, id")
COURT_SUPPORT = EntityTable(tables.COURT_SUPPORT, f"{_BY_MATTER}, id")
VICTIMS_CODE_RIGHTS = EntityTable(tables.VICTIMS_CODE_RIGHTS, 'case_reference, "right", id')
FAMILY_PROCEEDINGS = EntityTable(tables.FAMILY_PROCEEDINGS, "case_reference, id")
CASE_SHARES = LinkTable("case_shares", "case_reference")
SURVIVOR_ACCESS = LinkTable("survivor_access", "survivor_reference")
_LINK_TABLES = frozenset({CASE_SHARES, SURVIVOR_ACCESS})


def _name(identifier: str) -> str:
    if not identifier.replace("_", "").isalnum():
        raise ValueError("bad identifier")
    return f'"{identifier}"'


def _link_table(link: LinkTable) -> LinkTable:
    if link not in _LINK_TABLES:
        raise ValueError("unknown link table")
    return link


@dataclass(frozen=True)
class ExistingKeys:
    """What the vault already holds that an import must not duplicate or may refer to."""

    survivors: frozenset[str]
    cases: frozenset[str]
    safe_contacts: frozenset[str]
    case_shares: frozenset[tuple[str, str]]
    survivor_access: frozenset[tuple[str, str]]


class InterchangeStore:
    """Whole-vault reads and bulk inserts. Callers own the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def count(self, table: EntityTable[Any] | LinkTable) -> int:
        name = table.spec.table if isinstance(table, EntityTable) else _link_table(table).table
        with translated_errors():
            return int(self.conn.execute(f"SELECT count(*) FROM {_name(name)}").fetchone()[0])

    def rows(self, table: EntityTable[E]) -> Iterator[tuple[E, dict[str, Any]]]:
        """Every entity in export order, with its extra columns (streamed, not loaded at once)."""
        spec = table.spec
        columns = [*spec.columns, *table.extras]
        sql = (
            f"SELECT {', '.join(_name(c) for c in columns)} FROM {_name(spec.table)} "
            f"ORDER BY {table.order_by}"
        )
        width = len(spec.columns)
        with translated_errors():
            cursor = self.conn.execute(sql)
            for row in cursor:
                entity = spec.from_row(dict(zip(spec.columns, row[:width], strict=True)))
                yield entity, dict(zip(table.extras, row[width:], strict=True))

    def links(self, link: LinkTable) -> Iterator[Link]:
        link = _link_table(link)
        column = _name(link.reference_column)
        with translated_errors():
            cursor = self.conn.execute(
                f"SELECT {column}, username FROM {_name(link.table)} ORDER BY {column}, username"
            )
            for reference, username in cursor:
                yield Link(str(reference), str(username))

    def existing_keys(self) -> ExistingKeys:
        def column(table: str, name: str) -> frozenset[str]:
            with translated_errors():
                rows = self.conn.execute(f"SELECT {_name(name)} FROM {_name(table)}")
                return frozenset(str(r[0]) for r in rows)

        def pairs(link: LinkTable) -> frozenset[tuple[str, str]]:
            return frozenset((x.reference, x.username.casefold()) for x in self.links(link))

        return ExistingKeys(
            survivors=column("survivors", "reference"),
            cases=column("cases", "reference"),
            safe_contacts=column("safe_contacts", "survivor_reference"),
            case_shares=pairs(CASE_SHARES),
            survivor_access=pairs(SURVIVOR_ACCESS),
        )

    def insert(self, table: EntityTable[E], items: Sequence[tuple[E, Mapping[str, Any]]]) -> None:
        """Insert in the order given (new ids follow it); extras go in their own columns."""
        repository = Repository(self.conn, table.spec)
        if not table.extras:
            repository.insert_many(entity for entity, _ in items)
            return
        for entity, extra in items:
            repository.insert(entity, {k: extra.get(k) for k in table.extras})

    def insert_one(self, table: EntityTable[E], entity: E) -> int:
        """Insert one entity and return its new id (records that others refer to by id)."""
        return Repository(self.conn, table.spec).insert(entity)

    def insert_links(self, link: LinkTable, items: Iterable[Link]) -> None:
        link = _link_table(link)
        with translated_errors():
            self.conn.executemany(
                f"INSERT INTO {_name(link.table)}({_name(link.reference_column)}, username) "
                "VALUES (?, ?)",
                [(x.reference, x.username) for x in items],
            )
