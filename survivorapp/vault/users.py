"""Staff accounts as the database knows them (their key slots live in keyslots.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from survivorapp.vault.connection import Connection, translated_errors


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    created_at: str


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, username: str, display_name: str, roles: tuple[str, ...]) -> None:
        with translated_errors():
            self.conn.execute(
                "INSERT INTO users(username, display_name, roles, active, created_at) "
                "VALUES (?, ?, ?, 1, ?)",
                (
                    username,
                    display_name,
                    json.dumps(sorted(roles)),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )

    def get(self, username: str) -> UserRow | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT username, display_name, roles, active, created_at FROM users "
                "WHERE username = ?",
                (username,),
            ).fetchone()
        return _row(row) if row else None

    def all(self) -> list[UserRow]:
        with translated_errors():
            rows = self.conn.execute(
                "SELECT username, display_name, roles, active, created_at FROM users "
                "ORDER BY username"
            ).fetchall()
        return [_row(r) for r in rows]

    def set_roles(self, username: str, roles: tuple[str, ...]) -> None:
        with translated_errors():
            self.conn.execute(
                "UPDATE users SET roles = ? WHERE username = ?",
                (json.dumps(sorted(roles)), username),
            )

    def set_active(self, username: str, active: bool) -> None:
        with translated_errors():
            self.conn.execute(
                "UPDATE users SET active = ? WHERE username = ?", (int(active), username)
            )


def _row(row: tuple[object, ...]) -> UserRow:
    return UserRow(
        username=str(row[0]),
        display_name=str(row[1]),
        roles=tuple(json.loads(str(row[2]))),
        active=bool(row[3]),
        created_at=str(row[4]),
    )
