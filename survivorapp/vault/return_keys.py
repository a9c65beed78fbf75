"""Storing the organisation's signing key and commissioners' public keys (migration 9).

Only bytes and text: generating and loading keys is ``reporting.keys``'s job, and deciding
who may do what is the services'. The private key is stored like every other column, inside
the encrypted database, and is read only to sign a return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from survivorapp.vault.connection import Connection, translated_errors


@dataclass(frozen=True)
class OrganisationKey:
    id: int
    private_key: bytes
    fingerprint: str
    label: str | None
    created_on: date


@dataclass(frozen=True)
class CommissionerKey:
    id: int
    label: str
    public_key_pem: str
    fingerprint: str
    added_on: date
    added_by: str


class ReturnKeyRepository:
    """Callers own the transaction (services write inside ``ctx.write()``)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def organisation_key(self) -> OrganisationKey | None:
        """The current signing key (the latest made), or None for a vault that has none yet."""
        with translated_errors():
            row = self.conn.execute(
                "SELECT id, private_key, fingerprint, label, created_on FROM organisation_keys "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        return OrganisationKey(
            int(row[0]), bytes(row[1]), str(row[2]), row[3], date.fromisoformat(row[4])
        )

    def add_organisation_key(
        self, private_key: bytes, fingerprint: str, label: str | None, created_on: date
    ) -> int:
        with translated_errors():
            cursor = self.conn.execute(
                "INSERT INTO organisation_keys (private_key, fingerprint, label, created_on) "
                "VALUES (?, ?, ?, ?)",
                (private_key, fingerprint, label, created_on.isoformat()),
            )
        return int(cursor.lastrowid or 0)

    def organisation_name(self) -> str | None:
        """The organisation's name given when the vault was created, if one was."""
        with translated_errors():
            row = self.conn.execute(
                "SELECT value FROM vault_meta WHERE key = 'organisation'"
            ).fetchone()
        return str(row[0]) if row else None

    def set_organisation_name(self, name: str) -> None:
        """Record the organisation's name, given once when the vault is created."""
        with translated_errors():
            self.conn.execute(
                "INSERT INTO vault_meta(key, value) VALUES ('organisation', ?)", (name,)
            )

    def commissioner_keys(self) -> list[CommissionerKey]:
        with translated_errors():
            rows = self.conn.execute(
                "SELECT id, label, public_key_pem, fingerprint, added_on, added_by "
                "FROM commissioner_keys ORDER BY label COLLATE NOCASE, id"
            ).fetchall()
        return [_commissioner(row) for row in rows]

    def commissioner_key(self, key_id: int) -> CommissionerKey | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT id, label, public_key_pem, fingerprint, added_on, added_by "
                "FROM commissioner_keys WHERE id = ?",
                (key_id,),
            ).fetchone()
        return None if row is None else _commissioner(row)

    def find_commissioner_key(self, fingerprint: str) -> CommissionerKey | None:
        with translated_errors():
            row = self.conn.execute(
                "SELECT id, label, public_key_pem, fingerprint, added_on, added_by "
                "FROM commissioner_keys WHERE fingerprint = ?",
                (fingerprint,),
            ).fetchone()
        return None if row is None else _commissioner(row)

    def add_commissioner_key(
        self, label: str, public_key_pem: str, fingerprint: str, added_on: date, added_by: str
    ) -> int:
        with translated_errors():
            cursor = self.conn.execute(
                "INSERT INTO commissioner_keys "
                "(label, public_key_pem, fingerprint, added_on, added_by) VALUES (?, ?, ?, ?, ?)",
                (label, public_key_pem, fingerprint, added_on.isoformat(), added_by),
            )
        return int(cursor.lastrowid or 0)

    def remove_commissioner_key(self, key_id: int) -> bool:
        with translated_errors():
            cursor = self.conn.execute("DELETE FROM commissioner_keys WHERE id = ?", (key_id,))
        return int(cursor.rowcount) > 0


def _commissioner(row: tuple[object, ...]) -> CommissionerKey:
    return CommissionerKey(
        int(str(row[0])),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        date.fromisoformat(str(row[4])),
        str(row[5]),
    )
