"""Organisation settings as stored text, one row per key (see ``domain/settings.py``)."""

from __future__ import annotations

from survivorapp.vault.connection import Connection, translated_errors


class SettingsRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def all(self) -> dict[str, str]:
        with translated_errors():
            rows = self.conn.execute("SELECT key, value FROM settings").fetchall()
        return {str(key): str(value) for key, value in rows}

    def put(self, key: str, value: str) -> None:
        with translated_errors():
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
