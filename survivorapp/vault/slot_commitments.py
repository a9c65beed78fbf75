"""Commitments to every key slot, kept in the database under the data key.

A slot's plain checksum can be recomputed by anyone, and the GCM tag is only checked when
someone unlocks with that very slot: a recovery slot with a random ``wrapped_key`` and a
recomputed checksum looks healthy until the day it is needed. So whenever survivorapp writes
``keyslots.json`` it also records, in the same database transaction, the SHA-256 of each slot
exactly as stored; ``check`` compares the file against them and names any slot that was
replaced, damaged, added or removed outside survivorapp. A vault made before this existed gets
its commitments at its first unlock (trust on first use). Format: docs/vault-format.md, 4.6.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from survivorapp.vault import keyslots
from survivorapp.vault.connection import Connection, transaction, translated_errors

if TYPE_CHECKING:
    from survivorapp.vault.slot_opening import Upgrade


def digest(slot_entry: object) -> str:
    """SHA-256 (hex) of the slot object as stored, serialised canonically."""
    canonical = json.dumps(slot_entry, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _slot_id(entry: object) -> str:
    return str(entry.get("id")) if isinstance(entry, dict) else "?"


def record(conn: Connection, slot_entries: Sequence[Any]) -> None:
    """Replace every commitment with those of ``slot_entries`` (the file about to be saved)."""
    with translated_errors():
        conn.execute("DELETE FROM slot_commitments")
        conn.executemany(
            "INSERT OR REPLACE INTO slot_commitments(slot_id, digest) VALUES (?, ?)",
            [(_slot_id(e), digest(e)) for e in slot_entries],
        )


def replace_one(conn: Connection, old_entry: object, new_entry: object) -> None:
    """A slot rewritten in place (given its key material at unlock): move its commitment on,
    but only from the slot that was committed, never from one that had been swapped."""
    with translated_errors():
        conn.execute(
            "UPDATE slot_commitments SET digest = ? WHERE slot_id = ? AND digest = ?",
            (digest(new_entry), _slot_id(new_entry), digest(old_entry)),
        )


def save(conn: Connection, path: Path, slot_file: keyslots.KeySlotFile) -> None:
    """Write ``keyslots.json`` and its commitments together: inside the caller's transaction
    if there is one (a failed write rolls the commitments back), else in one of its own."""
    entries = slot_file.to_json()["slots"]
    if conn.in_transaction:
        record(conn, entries)
        keyslots.save(path, slot_file)
        return
    with transaction(conn):
        record(conn, entries)
        keyslots.save(path, slot_file)


def after_unlock(conn: Connection, path: Path, upgrade: Upgrade | None) -> None:
    """First unlock since commitments exist: commit the slots as they are (trust on first
    use). Otherwise move on the commitment of a slot that was just given its keys."""
    with transaction(conn):
        if is_empty(conn):
            record(conn, keyslots.stored_slots(path))
        elif upgrade is not None:
            replace_one(conn, upgrade.before, upgrade.after)


def is_empty(conn: Connection) -> bool:
    with translated_errors():
        row = conn.execute("SELECT count(*) FROM slot_commitments").fetchone()
    return int(row[0]) == 0


def problems(conn: Connection, slot_entries: Sequence[Any]) -> list[str]:
    """Every difference between the stored slots and the commitments, in plain words."""
    with translated_errors():
        committed = dict(conn.execute("SELECT slot_id, digest FROM slot_commitments").fetchall())
    found = []
    seen = set()
    for entry in slot_entries:
        slot_id = _slot_id(entry)
        seen.add(slot_id)
        name = _name(entry)
        if slot_id not in committed:
            found.append(f"{name} was not written by survivorapp (added or replaced outside it)")
        elif committed[slot_id] != digest(entry):
            found.append(f"{name} differs from the one survivorapp wrote (replaced or damaged)")
    for slot_id in sorted(set(committed) - seen):
        found.append(f"slot {slot_id} that survivorapp wrote is missing from keyslots.json")
    return found


def _name(entry: object) -> str:
    if isinstance(entry, dict) and entry.get("kind") == "recovery":
        return "the recovery slot"
    user = entry.get("user") if isinstance(entry, dict) else None
    return f"the slot of {user!r}" if isinstance(user, str) else f"slot {_slot_id(entry)}"
