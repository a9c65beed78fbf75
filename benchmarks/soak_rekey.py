"""Soak scenario: data-key rotations with sessions saved between them, killed mid-stream.

The child saves two sessions, copies ``keyslots.json`` into a folder beside the vault
(``slots-before-N.json``), rotates the data key (``services.key_rotation.rotate_data_key``, the
code the app and the command line run), unlocks again and goes on. After the kill the vault
must open with the passphrase and pass check (the soak's own reopening), with no rotation left
half done; every session reported saved is there; the key slots are exactly the old ones or a
new set under a new data key; and, every :data:`OLD_SLOTS_EVERY` iterations (a derivation at
the old salt costs a fraction of a second), the key slots from before the newest rotation
reported finished no longer open ``cases.db``.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from benchmarks.soak_kit import PASSPHRASE, USER, Report, Scenario, Verdict, access, side_folder
from benchmarks.soak_sessions import CASE_DAY
from benchmarks.soak_sessions import prepare as prepare_case
from survivorapp.domain.session import Session
from survivorapp.services.access import VaultSession
from survivorapp.services.key_rotation import rotate_data_key
from survivorapp.vault import rekey_journal
from survivorapp.vault.backups.opening import Credentials, data_key_from_slots
from survivorapp.vault.backups.snapshot import DB_NAME, keyed_connection

SESSIONS_PER_ROTATION = 2
OLD_SLOTS_EVERY = 10
_verified = 0  # iterations verified in this (parent) process, for OLD_SLOTS_EVERY


def copies(session: VaultSession) -> Path:
    return side_folder(session.vault.folder)


def before(folder: Path, number: int) -> Path:
    return folder / f"slots-before-{number}.json"


def child(session: VaultSession, _scratch: Path, report: Report) -> None:
    vault_folder, folder = session.vault.folder, copies(session)
    folder.mkdir(parents=True, exist_ok=True)
    number = len(list(folder.glob("slots-before-*.json")))
    n = 0
    while True:
        reference = session.vault.connection.execute("SELECT reference FROM cases").fetchone()[0]
        for _ in range(SESSIONS_PER_ROTATION):
            n += 1
            saved = session.cases.log_session(
                Session(reference, CASE_DAY, 50, "phone", "emotional_support", note=f"r {n}")
            )
            report(f"s:{saved.id}")
        number += 1
        partial = folder / f".copy-{number}"
        shutil.copyfile(session.vault.slots_path, partial)
        partial.rename(before(folder, number))  # a copy is there whole or not at all
        rotate_data_key(session, PASSPHRASE)  # locks the session
        report(f"r:{number}")
        session = access().unlock(vault_folder, USER, PASSPHRASE)


def _opens(slots: Path, database: Path) -> bool:
    """Whether the data key ``slots`` wraps for the soak's user opens ``database``."""
    _file, key = data_key_from_slots(slots, Credentials(USER, PASSPHRASE), None)
    conn = keyed_connection(database, key, uri_mode="ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:  # sqlcipher: "file is not a database"
        return False
    finally:
        conn.close()
    return True


def verify(session: VaultSession, reported: Sequence[str]) -> Verdict:
    global _verified
    _verified += 1
    vault_folder, folder = session.vault.folder, copies(session)
    conn = session.vault.connection
    stored = {str(row[0]) for row in conn.execute("SELECT id FROM sessions")}
    lost = sum(t[2:] not in stored for t in reported if t.startswith("s:"))
    problems: list[str] = []
    if rekey_journal.pending(vault_folder):
        problems.append("a rotation is still pending after the vault was opened")
    finished = [int(t[2:]) for t in reported if t.startswith("r:")]
    started = sorted(int(p.stem.rsplit("-", 1)[1]) for p in folder.glob("slots-before-*.json"))
    current = session.vault.slots_path.read_bytes()
    if finished and current == before(folder, max(finished)).read_bytes():
        lost += 1  # a rotation reported finished was undone
    in_flight = started[-1] if started and started[-1] not in finished else None
    # the rotation in flight at the kill, if it committed: its new slots hold a new data key
    committed = in_flight is not None and current != before(folder, in_flight).read_bytes()
    if (
        in_flight is not None
        and committed
        and _opens(before(folder, in_flight), vault_folder / DB_NAME)
    ):
        problems.append(f"rotation {in_flight}: new key slots but the old data key")
    if finished and _verified % OLD_SLOTS_EVERY == 0:
        newest = before(folder, max(finished))
        if _opens(newest, vault_folder / DB_NAME):
            problems.append(f"the key slots from before rotation {max(finished)} still open it")
    return Verdict(lost=lost, problems=tuple(problems))


SCENARIO = Scenario("rekey", prepare_case, child, verify, max_delay=2.0)
