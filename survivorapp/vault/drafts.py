"""Text being typed, kept inside the encrypted database until it is saved or discarded.

A session note survives a crash, an auto-lock or a power cut as a draft; nothing a worker
typed is ever written anywhere else in plaintext.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from survivorapp.vault.connection import Connection, translated_errors


@dataclass(frozen=True)
class Draft:
    draft_key: str
    case_reference: str | None
    text: str
    updated_at: str


class DraftRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def save(self, username: str, draft_key: str, case_reference: str | None, text: str) -> None:
        with translated_errors():
            self.conn.execute(
                "INSERT INTO drafts(username, draft_key, case_reference, text, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(username, draft_key) DO UPDATE SET "
                "text = excluded.text, updated_at = excluded.updated_at, "
                "case_reference = excluded.case_reference",
                (
                    username,
                    draft_key,
                    case_reference,
                    text,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )

    def get(self, username: str, draft_key: str) -> Draft | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT draft_key, case_reference, text, updated_at FROM drafts "
                "WHERE username = ? AND draft_key = ?",
                (username, draft_key),
            ).fetchone()
        return Draft(*row) if row else None

    def for_case(self, username: str, case_reference: str) -> list[Draft]:
        with translated_errors():
            rows = self.conn.execute(
                "SELECT draft_key, case_reference, text, updated_at FROM drafts "
                "WHERE username = ? AND case_reference = ? ORDER BY updated_at DESC",
                (username, case_reference),
            ).fetchall()
        return [Draft(*r) for r in rows]

    def discard(self, username: str, draft_key: str) -> None:
        with translated_errors():
            self.conn.execute(
                "DELETE FROM drafts WHERE username = ? AND draft_key = ?", (username, draft_key)
            )
