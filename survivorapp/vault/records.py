"""Storing domain records in tables whose columns mirror the records' keys.

A domain entity's ``to_record()`` is JSON-compatible; this module turns it into a row (tuples and
nested records become JSON text, the rest is stored as is) and back. One mapper for every entity
keeps the storage honest: what the interchange format exports is exactly what is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Self, TypeVar

from survivorapp.vault.connection import Connection, translated_errors


class RecordEntity(Protocol):
    @property
    def id(self) -> int | None: ...

    def to_record(self) -> dict[str, Any]: ...

    @classmethod
    def from_record(cls, record: object) -> Self: ...


E = TypeVar("E", bound=RecordEntity)


@dataclass(frozen=True)
class TableSpec(Generic[E]):
    """How one entity maps to one table."""

    table: str
    entity: type[E]
    json_columns: frozenset[str] = frozenset()
    bool_columns: frozenset[str] = frozenset()

    def to_row(self, entity: E) -> dict[str, Any]:
        row = entity.to_record()
        for column in self.json_columns:
            value = row.get(column)
            if isinstance(value, list | dict):
                row[column] = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        return row

    def from_row(self, row: Mapping[str, Any]) -> E:
        record: dict[str, Any] = {}
        fields = self.columns
        for column in fields:
            value = row[column]
            if column in self.json_columns and isinstance(value, str) and value[:1] in "[{":
                value = json.loads(value)
            elif column in self.bool_columns and isinstance(value, int):
                value = bool(value)
            record[column] = value
        return self.entity.from_record(record)

    @property
    def columns(self) -> tuple[str, ...]:
        return _columns_of(self.entity)


_COLUMN_CACHE: dict[type[Any], tuple[str, ...]] = {}


def _columns_of(entity: type[Any]) -> tuple[str, ...]:
    cached = _COLUMN_CACHE.get(entity)
    if cached is None:
        import dataclasses

        cached = tuple(f.name for f in dataclasses.fields(entity))
        _COLUMN_CACHE[entity] = cached
    return cached


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError("bad identifier")
    return f'"{name}"'


class Repository(Generic[E]):
    """Insert, update, fetch and list one kind of record. Callers own the transaction."""

    def __init__(self, conn: Connection, spec: TableSpec[E]) -> None:
        self.conn = conn
        self.spec = spec

    def insert(self, entity: E, extra: Mapping[str, Any] | None = None) -> int:
        row = self.spec.to_row(entity)
        row.pop("id", None)
        row.update(extra or {})
        names = ", ".join(_quote(k) for k in row)
        marks = ", ".join("?" for _ in row)
        with translated_errors():
            cursor = self.conn.execute(
                f"INSERT INTO {_quote(self.spec.table)} ({names}) VALUES ({marks})",
                tuple(row.values()),
            )
        return int(cursor.lastrowid or 0)

    def insert_many(self, entities: Iterable[E]) -> None:
        rows = [self.spec.to_row(e) for e in entities]
        if not rows:
            return
        for row in rows:
            row.pop("id", None)
        keys = list(rows[0])
        names = ", ".join(_quote(k) for k in keys)
        marks = ", ".join("?" for _ in keys)
        with translated_errors():
            self.conn.executemany(
                f"INSERT INTO {_quote(self.spec.table)} ({names}) VALUES ({marks})",
                [tuple(r[k] for k in keys) for r in rows],
            )

    def update(self, entity: E) -> None:
        if entity.id is None:
            raise ValueError("cannot update a record that was never saved")
        row = self.spec.to_row(entity)
        row.pop("id", None)
        assignments = ", ".join(f"{_quote(k)} = ?" for k in row)
        with translated_errors():
            self.conn.execute(
                f"UPDATE {_quote(self.spec.table)} SET {assignments} WHERE id = ?",
                (*row.values(), entity.id),
            )

    def delete(self, record_id: int) -> None:
        with translated_errors():
            self.conn.execute(
                f"DELETE FROM {_quote(self.spec.table)} WHERE id = ?",
                (record_id,),
            )

    def get(self, column: str, value: Any) -> E | None:
        found = self.select(f"{_quote(column)} = ?", (value,), limit=1)
        return found[0] if found else None

    def select(
        self,
        where: str = "1",
        params: Sequence[Any] = (),
        *,
        order_by: str = "id",
        limit: int | None = None,
    ) -> list[E]:
        """Rows matching a trusted WHERE fragment (written in vault code, never user text)."""
        columns = ", ".join(_quote(c) for c in self.spec.columns)
        sql = f"SELECT {columns} FROM {_quote(self.spec.table)} WHERE {where} ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with translated_errors():
            cursor = self.conn.execute(sql, tuple(params))
            names = [d[0] for d in cursor.description]
            return [self.spec.from_row(dict(zip(names, r, strict=True))) for r in cursor]
