"""The vault's costs: Argon2id, unlocking after the KDF, and one durable commit.

Rows:
- Argon2id at the floor (RFC 9106's second option) and at the parameters ``calibrate()`` picks
  on this machine, and how long ``calibrate()`` itself takes (it runs once, at vault creation).
- Unlock after the KDF, measured two ways that should agree: ``VaultAccess.unlock`` minus the
  KDF of the same slot timed just before it (paired, median of the differences), and opening
  the database with the known data key plus the migration check, timed directly.
- One committed INSERT (``BEGIN IMMEDIATE``, insert, ``COMMIT``): SQLCipher opened by the
  vault's own ``open_database`` (WAL, synchronous FULL, ...) against Python's ``sqlite3`` with
  the same pragmas, and against the same sqlcipher3 build with no key (which separates the cost
  of encryption from the difference between SQLite builds). The three are interleaved commit by
  commit, so a noisy moment on the machine hits all of them alike.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3

from benchmarks.common import Context, Row, median, ms, p95, time_once, time_repeated
from survivorapp.services.access import VaultAccess
from survivorapp.vault import keyslots, migrations
from survivorapp.vault.connection import open_database
from survivorapp.vault.kdf import KdfParams, calibrate, derive

NAME = "vault"
USER = "bench-admin"
PASSPHRASE = "benchmark passphrase, not a secret"

# The vault's own settings, as open_database() applies them after keying. Applied verbatim to
# the plain databases; _check_same_settings() reads them back from all three to prove it.
SAME_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -65536",
)
READBACK = ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "temp_store")

SCHEMA = """CREATE TABLE bench_session (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL,
    occurred TEXT NOT NULL,
    kind     TEXT NOT NULL,
    notes    TEXT NOT NULL
)"""
INSERT = "INSERT INTO bench_session (case_id, occurred, kind, notes) VALUES (?, ?, ?, ?)"
NOTES = " ".join(f"word{i % 97}" for i in range(90))  # ~600 bytes, like a short session note


class _NoKeyring:
    """A secret store that is never a system store: the benchmark must not touch the keyring."""

    is_system_store = False
    description = "benchmark: no keyring"

    def get(self, vault_id: str) -> bytes | None:
        return None

    def put(self, vault_id: str, secret: bytes) -> None:
        raise RuntimeError("the benchmark does not bind vaults to a device")

    def delete(self, vault_id: str) -> None:
        return None


def _params_text(params: KdfParams) -> str:
    return f"m={params.memory_kib} KiB, t={params.iterations}, p={params.lanes}"


def _kdf_rows(ctx: Context) -> list[Row]:
    floor = KdfParams()
    repeats = 3 if ctx.quick else 5
    floor_times = time_repeated(lambda: derive(PASSPHRASE, b"\x01" * 16, floor), repeats, 1)

    chosen: list[KdfParams] = []
    calibrate_time = time_once(lambda: chosen.append(calibrate()))
    params = chosen[0]
    calibrated_times = time_repeated(
        lambda: derive(PASSPHRASE, b"\x01" * 16, params), 2 if ctx.quick else 3
    )
    return [
        Row(
            "Argon2id at the floor",
            median(floor_times),
            "s",
            "-",
            f"{_params_text(floor)} (RFC 9106 second option); median of {repeats}",
        ),
        Row(
            "Argon2id at calibrated params",
            median(calibrated_times),
            "s",
            "0.5-1.0 s",
            f"calibrate() chose {_params_text(params)}; median of {len(calibrated_times)}",
        ),
        Row(
            "calibrate() itself",
            calibrate_time,
            "s",
            "-",
            "runs once, when a vault is created",
        ),
    ]


def _unlock_rows(ctx: Context) -> list[Row]:
    access = VaultAccess(secret_store=_NoKeyring())
    repeats = 5 if ctx.quick else 9
    with ctx.scratch("unlock") as scratch:
        folder = scratch / "vault"
        access.create(folder, USER, PASSPHRASE, kdf_target_seconds=0).session.lock()
        slot_file = keyslots.load(folder / "keyslots.json")
        slot = slot_file.user_slot(USER)
        assert slot is not None

        def kdf_only() -> bytes:
            return keyslots.passphrase_wrapping_key(PASSPHRASE, slot, slot_file.vault_id, None)

        differences = []
        for attempt in range(repeats + 1):
            kdf_time = time_once(kdf_only)
            start = time.perf_counter()
            session = access.unlock(folder, USER, PASSPHRASE)
            unlock_time = time.perf_counter() - start
            session.lock()
            if attempt:  # the first pair warms the file cache and imports
                differences.append(unlock_time - kdf_time)

        data_key = keyslots.open_slot(slot, slot_file.vault_id, kdf_only())
        assert data_key is not None
        db_path = folder / "cases.db"

        def open_and_migrate() -> None:
            conn = open_database(db_path, data_key)
            try:
                migrations.migrate(conn, db_path)
            finally:
                conn.close()

        direct = time_repeated(open_and_migrate, repeats, warmup=1)
    return [
        Row(
            "unlock minus KDF (paired)",
            ms(median(differences)),
            "ms",
            "<=300 ms to 1st paint",
            f"median of {repeats} paired (VaultAccess.unlock - Argon2id+HKDF of the same slot); "
            "empty vault, warm file cache",
        ),
        Row(
            "open_database + migrate, known key",
            ms(median(direct)),
            "ms",
            "<=300 ms to 1st paint",
            f"median of {repeats}, timed directly: the database part of the row above",
        ),
    ]


def _connect_plain_sqlite(path: Path) -> Any:
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in SAME_PRAGMAS:
        conn.execute(pragma).fetchall()
    return conn


def _connect_unkeyed_sqlcipher(path: Path) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    for pragma in SAME_PRAGMAS:
        conn.execute(pragma).fetchall()
    return conn


def _settings(conn: Any) -> tuple[object, ...]:
    return tuple(conn.execute(f"PRAGMA {name}").fetchone()[0] for name in READBACK)


def _commit_once(conn: Any, values: tuple[object, ...]) -> Callable[[], None]:
    def commit() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(INSERT, values)
        conn.execute("COMMIT")

    return commit


def _insert_rows(ctx: Context) -> list[Row]:
    commits = 100 if ctx.quick else 500
    warmup = 20
    with ctx.scratch("insert") as scratch:
        conns = {
            "sqlcipher": open_database(scratch / "cipher.db", b"\x5a" * 32, create=True),
            "sqlite3": _connect_plain_sqlite(scratch / "plain.db"),
            "unkeyed": _connect_unkeyed_sqlcipher(scratch / "unkeyed.db"),
        }
        try:
            settings = {name: _settings(conn) for name, conn in conns.items()}
            if len(set(settings.values())) != 1:
                raise RuntimeError(f"the databases' settings differ: {settings}")
            for conn in conns.values():
                conn.execute(SCHEMA)
            times: dict[str, list[float]] = {name: [] for name in conns}
            order = list(conns)
            for i in range(warmup + commits):
                values = (i % 1000, f"2025-01-{i % 28 + 1:02d}T10:00", "session", NOTES)
                order = order[1:] + order[:1]  # rotate, so no database always goes first
                for name in order:
                    elapsed = time_once(_commit_once(conns[name], values))
                    if i >= warmup:
                        times[name].append(elapsed)
            for conn in conns.values():
                (count,) = conn.execute("SELECT count(*) FROM bench_session").fetchone()
                assert count == warmup + commits
        finally:
            for conn in conns.values():
                conn.close()
    cipher, plain, unkeyed = times["sqlcipher"], times["sqlite3"], times["unkeyed"]
    same = f"{commits} commits, interleaved; WAL, synchronous FULL, secure_delete ON"
    return [
        Row("commit INSERT, SQLCipher (median)", ms(median(cipher)), "ms", "-", same),
        Row(
            "commit INSERT, SQLCipher (p95)",
            ms(p95(cipher)),
            "ms",
            "<=50 ms p95",
            "through the vault's open_database(); DESIGN budget for saving a session",
        ),
        Row(
            "commit INSERT, sqlite3 (median)",
            ms(median(plain)),
            "ms",
            "-",
            f"Python's sqlite3 (SQLite {sqlite3.sqlite_version}), same pragmas",
        ),
        Row("commit INSERT, sqlite3 (p95)", ms(p95(plain)), "ms", "-", ""),
        Row(
            "ratio SQLCipher/sqlite3 (median)",
            median(cipher) / median(plain),
            "x",
            "<=1.15x warm",
            "the issue's ratio: encryption and a different SQLite build together",
        ),
        Row("ratio SQLCipher/sqlite3 (p95)", p95(cipher) / p95(plain), "x", "-", ""),
        Row(
            "ratio SQLCipher/unkeyed (median)",
            median(cipher) / median(unkeyed),
            "x",
            "<=1.15x warm",
            f"same sqlcipher3 build with no key (median {ms(median(unkeyed)):.3f} ms): "
            "encryption alone",
        ),
    ]


def run(ctx: Context) -> list[Row]:
    return [*_kdf_rows(ctx), *_unlock_rows(ctx), *_insert_rows(ctx)]
