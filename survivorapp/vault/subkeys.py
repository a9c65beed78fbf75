"""Subkeys that must outlive a data-key rotation.

The audit chain's MACs were made with the ``audit-chain`` subkey of the data key of their
time; a rotation must not change it, or the whole chain would stop verifying. A rotation stores
the current value of each purpose listed here in the new database (``vault_meta.subkeys``), and
an unlocked vault reads it from there. The row holds subkeys, never an old data key, so it opens
no older copy of the database. Format: docs/vault-format.md, section 5.3.
"""

from __future__ import annotations

import json

from survivorapp.vault.connection import Connection, translated_errors
from survivorapp.vault.errors import DatabaseDamaged

STABLE_SUBKEYS = ("audit-chain",)
SUBKEYS_META = "subkeys"


def read_kept(conn: Connection) -> dict[str, bytes]:
    """The subkeys a rotation carried over (none for a vault never rotated)."""
    with translated_errors():
        row = conn.execute("SELECT value FROM vault_meta WHERE key = ?", (SUBKEYS_META,)).fetchone()
    if row is None:
        return {}
    try:
        stored = json.loads(str(row[0]))
        return {str(k): bytes.fromhex(str(v)) for k, v in stored.items()}
    except (ValueError, AttributeError):
        raise DatabaseDamaged() from None


def write_kept(conn: Connection, kept: dict[str, bytes]) -> None:
    """Inside the caller's transaction on the new database."""
    text = json.dumps({k: v.hex() for k, v in kept.items()}, sort_keys=True)
    with translated_errors():
        conn.execute(
            "INSERT INTO vault_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (SUBKEYS_META, text),
        )
