"""A real vault unlocked on a real vault thread, as the app has it, for tests of one page.

The session is opened by an :class:`Operations` worker (the thread that owns the connection),
and every failure no widget handled is collected: a test's page must leave none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.ui.operations import Operations
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


@dataclass
class VaultThread:
    session: VaultSession
    operations: Operations
    errors: list[BaseException] = field(default_factory=list)


@contextmanager
def unlocked(folder: Path, access: VaultAccess) -> Iterator[VaultThread]:
    """The vault at ``folder`` unlocked as the administrator; locked and checked afterwards."""
    errors: list[BaseException] = []
    operations = Operations(errors.append)
    session = operations.call(lambda: access.unlock(folder, ADMIN, ADMIN_PASSPHRASE))
    yield VaultThread(session, operations, errors)
    if session.is_open:
        operations.call(session.lock)
    operations.shutdown()
    assert errors == []
