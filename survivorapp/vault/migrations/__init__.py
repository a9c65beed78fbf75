"""Numbered schema migrations, applied in one transaction when a vault opens.

Each step is a module ``mNNNN_<name>.py`` with ``VERSION`` and ``STATEMENTS`` (a list of SQL
statements, run in order). The schema version lives in ``PRAGMA user_version``. Before a vault
that already holds data is upgraded, its encrypted file is copied aside, so a failed or
regretted upgrade can be undone by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from survivorapp.vault.atomic import atomic_write_bytes
from survivorapp.vault.connection import Connection, transaction, translated_errors
from survivorapp.vault.errors import MigrationFailed, VaultError, VaultTooNew


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def _load(module: ModuleType, name: str) -> Migration:
    return Migration(
        version=int(module.VERSION),
        name=name,
        statements=tuple(module.STATEMENTS),
    )


def all_migrations() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(_load(module, info.name))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps: {versions}")
    return found


def latest_version() -> int:
    return len(all_migrations())


def schema_version(conn: Connection) -> int:
    with translated_errors():
        row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def copy_aside(conn: Connection, db_path: Path, from_version: int) -> Path:
    """Checkpoint the WAL into the main file, then copy the (encrypted) file beside it."""
    with translated_errors():
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    target = db_path.with_name(f"{db_path.name}.before-v{from_version + 1}")
    atomic_write_bytes(target, db_path.read_bytes())
    return target


def migrate(conn: Connection, db_path: Path) -> int:
    """Bring the schema up to date; return the number of steps applied."""
    current = schema_version(conn)
    steps = all_migrations()
    if current > len(steps):
        raise VaultTooNew()
    pending = [m for m in steps if m.version > current]
    if not pending:
        return 0
    if current > 0:
        copy_aside(conn, db_path, current)
    try:
        with transaction(conn):
            for migration in pending:
                for statement in migration.statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {pending[-1].version}")
    except VaultError:
        raise
    except Exception as exc:
        raise MigrationFailed() from exc
    return len(pending)
