"""Opening the SQLCipher database with the raw data key, and naming its failures.

The data key is random, so SQLCipher's own PBKDF2 would only add a second, pointless KDF: we
hand it the raw 256-bit key. Settings follow docs/vault-format.md: WAL, synchronous FULL,
foreign keys, secure delete, temp store in memory, a 64 MB page cache, and SQLCipher's own
log silenced (on a wrong key it would otherwise print to stderr).
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import TypeAlias

import sqlcipher3

from survivorapp.vault.errors import DatabaseDamaged, DiskFull, VaultError, VaultNotWritable

Connection: TypeAlias = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError
CACHE_KIB = 64 * 1024


def open_database(path: Path, data_key: bytes, *, create: bool = False) -> Connection:
    """Open (or create) ``path`` with ``data_key``; verify the key by reading the schema."""
    if not create and not path.is_file():
        from survivorapp.vault.errors import DatabaseMissing

        raise DatabaseMissing()
    if not create and path.stat().st_size == 0:
        # SQLite would treat an empty file as a new database and quietly start a fresh,
        # empty vault over a truncated one.
        raise DatabaseDamaged()
    if create and not path.exists():
        _create_private_file(path)
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None)
    except sqlcipher3.Error as exc:
        raise translate_database_error(exc) from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        # Pin the page format, so a future SQLCipher with new defaults still reads our files.
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA secure_delete = ON",
            "PRAGMA temp_store = MEMORY",
            f"PRAGMA cache_size = -{CACHE_KIB}",
        ):
            conn.execute(pragma).fetchall()
    except sqlcipher3.Error as exc:
        conn.close()
        raise translate_database_error(exc) from None
    return conn


def _create_private_file(path: Path) -> None:
    """SQLite copies the main file's mode to its WAL and shm files: make it owner-only first."""
    import os

    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    except OSError as exc:
        from survivorapp.vault.atomic import translate_os_error

        raise translate_os_error(exc) from None


def translate_database_error(exc: BaseException) -> VaultError | BaseException:
    """Turn a library error into one a person can act on, without library jargon."""
    code = getattr(exc, "sqlite_errorcode", None)
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return DiskFull()
    if (
        name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
        or "readonly" in text
        or "unable to open" in text
    ):
        return VaultNotWritable()
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or code in (11, 26):
        return DatabaseDamaged()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DiskFull()
    if "malformed" in text or "not a database" in text:
        return DatabaseDamaged()
    if name.startswith("SQLITE_IOERR"):
        return VaultNotWritable()
    return exc


@contextlib.contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except sqlcipher3.Error as exc:
        translated = translate_database_error(exc)
        if translated is exc:
            raise
        raise translated from None


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One write transaction: all of it commits durably, or none of it does."""
    with translated_errors():
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
