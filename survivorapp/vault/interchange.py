"""Reading every case record in a stable order, and inserting many at once, for import/export.

The interchange format (docs/interchange.md) is the domain records themselves, so this module
only decides the order rows come out in and knows the two link tables that are not entities.
Every order ends in a column the import preserves (a reference, or ``id``, which an import
assigns in file order), so export, import into a fresh vault and export again give identical
files.

A few columns are worked out from the records rather than being part of them (a referral's
current status and key dates, an administration's instrument kind): they are never exported,
and an import writes them the way the services do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic

from survivorapp.domain.referrals.directory import DirectoryOrganisation, name_key
from survivorapp.domain.referrals.records import ReferralStatusChange
from survivorapp.domain.referrals.waits import dates_of
from survivorapp.vault import tables
from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.records import E, Repository, TableSpec
from survivorapp.vault.release_register import release_register_head


@dataclass(frozen=True)
class EntityTable(Generic[E]):
    """One entity's table, the order its rows are exported in, and columns kept beside it.

    ``extras`` are exported and imported beside the entity; ``derived`` are only written on
    import (worked out from the record, never exported); ``where`` picks this kind's rows when
    two kinds share a table.
    """

    spec: TableSpec[E]
    order_by: str
    extras: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    where: str = "1"


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
WAITING_LIST = EntityTable(tables.WAITING_LIST, "case_reference")
CONTACT_ATTEMPTS = EntityTable(tables.CONTACT_ATTEMPTS, "case_reference, attempted_on, id")
DIRECTORY_ORGANISATIONS = EntityTable(tables.DIRECTORY_ORGANISATIONS, "name COLLATE NOCASE, id")
# A new referral's status columns hold a placeholder until its history is in (settle_referrals).
REFERRALS = EntityTable(tables.REFERRALS, "case_reference, id", derived=("status", "status_on"))
REFERRAL_STATUS_CHANGES = EntityTable(
    tables.REFERRAL_STATUS_CHANGES,
    "(SELECT r.case_reference FROM referrals r WHERE r.id = referral_id), referral_id, id",
)
FEEDBACK_ADMINISTRATIONS = EntityTable(
    tables.FEEDBACK_ADMINISTRATIONS,
    "case_reference, administered_on, id",
    derived=("instrument_kind",),
    where="case_reference IS NOT NULL",
)
ANONYMOUS_FEEDBACK = EntityTable(
    tables.FEEDBACK_ADMINISTRATIONS,
    "administered_on, id",
    derived=("instrument_kind",),
    where="case_reference IS NULL",
)
CASE_SHARES = LinkTable("case_shares", "case_reference")
SURVIVOR_ACCESS = LinkTable("survivor_access", "survivor_reference")
_LINK_TABLES = frozenset({CASE_SHARES, SURVIVOR_ACCESS})


def _settled(history: list[ReferralStatusChange]) -> tuple[Any, ...]:
    """One referral's UPDATE parameters: its status and dates as its history gives them."""
    dates = dates_of(history)
    assert dates is not None
    key_dates = (dates.referred_on, dates.accepted_on, dates.first_appointment_on)
    return (
        dates.status,
        dates.status_on.isoformat(),
        *(None if day is None else day.isoformat() for day in key_dates),
        history[0].referral_id,
    )


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
    waiting_list: frozenset[str] = frozenset()
    """Cases that already have a waiting-list entry (a case has one)."""
    referral_dates: Mapping[str, str] = field(default_factory=dict)
    """Each case's referral date (ISO text): a contact attempt can't be earlier."""
    directory: Mapping[tuple[str, str | None], int] = field(default_factory=dict)
    """The directory's entries by name (see ``directory_key``) and borough, to their ids."""
    register_head: str | None = None
    """The release register's last entry hash (None while nothing has been released)."""


def directory_key(organisation: DirectoryOrganisation) -> tuple[str, str | None]:
    """What tells two directory entries apart (``domain.directory.same_organisation``)."""
    return name_key(organisation.name), organisation.borough


class InterchangeStore:
    """Whole-vault reads and bulk inserts. Callers own the transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def count(self, table: EntityTable[Any] | LinkTable) -> int:
        if isinstance(table, EntityTable):
            name, where = table.spec.table, table.where
        else:
            name, where = _link_table(table).table, "1"
        with translated_errors():
            sql = f"SELECT count(*) FROM {_name(name)} WHERE {where}"
            return int(self.conn.execute(sql).fetchone()[0])

    def rows(self, table: EntityTable[E]) -> Iterator[tuple[E, dict[str, Any]]]:
        """Every entity in export order, with its extra columns (streamed, not loaded at once)."""
        spec = table.spec
        columns = [*spec.columns, *table.extras]
        sql = (
            f"SELECT {', '.join(_name(c) for c in columns)} FROM {_name(spec.table)} "
            f"WHERE {table.where} ORDER BY {table.order_by}"
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

        with translated_errors():
            dates = self.conn.execute("SELECT reference, referral_date FROM cases").fetchall()
        return ExistingKeys(
            survivors=column("survivors", "reference"),
            cases=column("cases", "reference"),
            safe_contacts=column("safe_contacts", "survivor_reference"),
            case_shares=pairs(CASE_SHARES),
            survivor_access=pairs(SURVIVOR_ACCESS),
            waiting_list=column("waiting_list", "case_reference"),
            referral_dates={str(reference): str(day) for reference, day in dates},
            directory={
                directory_key(entry): int(entry.id or 0)
                for entry, _ in self.rows(DIRECTORY_ORGANISATIONS)
            },
            register_head=release_register_head(self.conn),
        )

    def insert(self, table: EntityTable[E], items: Sequence[tuple[E, Mapping[str, Any]]]) -> None:
        """Insert in the order given (new ids follow it); extras go in their own columns."""
        repository = Repository(self.conn, table.spec)
        columns = (*table.extras, *table.derived)
        if not columns:
            repository.insert_many(entity for entity, _ in items)
            return
        for entity, extra in items:
            repository.insert(entity, {k: extra.get(k) for k in columns})

    def insert_one(
        self, table: EntityTable[E], entity: E, extra: Mapping[str, Any] | None = None
    ) -> int:
        """Insert one entity and return its new id (records that others refer to by id)."""
        columns = (*table.extras, *table.derived)
        values = {k: (extra or {}).get(k) for k in columns}
        return Repository(self.conn, table.spec).insert(entity, values)

    def settle_referrals(self, first_id: int) -> None:
        """Give every referral from ``first_id`` on the status and dates its history gives.

        An import stores a referral before its history (the history names its id), so the
        columns the services keep equal to the history (migration 6) are written here, once
        the whole history is in, exactly as ``ReferralQueries.add_change`` leaves them.
        """
        spec = tables.REFERRAL_STATUS_CHANGES
        columns = ", ".join(_name(c) for c in spec.columns)
        with translated_errors():
            cursor = self.conn.execute(
                f"SELECT {columns} FROM referral_status_changes WHERE referral_id >= ? "
                "ORDER BY referral_id, id",
                (first_id,),
            )
            history: list[ReferralStatusChange] = []
            updates: list[tuple[Any, ...]] = []
            for row in cursor:
                change = spec.from_row(dict(zip(spec.columns, row, strict=True)))
                if history and history[0].referral_id != change.referral_id:
                    updates.append(_settled(history))
                    history = []
                history.append(change)
            if history:
                updates.append(_settled(history))
            self.conn.executemany(
                "UPDATE referrals SET status = ?, status_on = ?, referred_on = ?, "
                "accepted_on = ?, first_appointment_on = ? WHERE id = ?",
                updates,
            )

    def insert_links(self, link: LinkTable, items: Iterable[Link]) -> None:
        link = _link_table(link)
        with translated_errors():
            self.conn.executemany(
                f"INSERT INTO {_name(link.table)}({_name(link.reference_column)}, username) "
                "VALUES (?, ?)",
                [(x.reference, x.username) for x in items],
            )
