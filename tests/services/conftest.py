"""A vault with one member of staff per role, built once per test run and copied per test.

Other people act on the same unlocked vault through :func:`as_user` (a real
:class:`VaultSession` whose actor comes from the users table), so a test can switch between
a caseworker and a manager without paying for a key derivation each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from survivorapp.domain.case import Case
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.permissions import Actor, Role
from survivorapp.vault.secret_store import KeyringSecretStore
from survivorapp.vault.users import UserRepository
from tests.conftest import TemplateVault
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

REFERRAL = date(2025, 1, 10)

# user name -> roles; each passphrase is passphrase_of(name)
STAFF: dict[str, tuple[str, ...]] = {
    "cw": (Role.CASEWORKER.value,),
    "cw2": (Role.CASEWORKER.value,),
    "isva": (Role.ISVA.value,),
    "mgr": (Role.MANAGER.value,),
    "adm": (Role.ADMIN.value,),
}


def passphrase_of(user: str) -> str:
    return f"{user} keeps a long passphrase"


@dataclass(frozen=True)
class StaffedVault:
    folder: Path


@pytest.fixture(scope="session")
def staffed_template(
    template_vault: TemplateVault, tmp_path_factory: pytest.TempPathFactory
) -> StaffedVault:
    folder = copy_vault(template_vault.folder, tmp_path_factory.mktemp("staffed") / "vault")
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        for user, roles in STAFF.items():
            session.add_user(user, passphrase_of(user), roles)
    return StaffedVault(folder)


@pytest.fixture
def staffed_dir(staffed_template: StaffedVault, tmp_path: Path) -> Path:
    """A fresh copy of a vault holding admin (admin + manager) and the users in STAFF."""
    return copy_vault(staffed_template.folder, tmp_path / "staffed")


@pytest.fixture
def admin_session(staffed_dir: Path, access: VaultAccess) -> Iterator[VaultSession]:
    session = access.unlock(staffed_dir, ADMIN, ADMIN_PASSPHRASE)
    yield session
    session.lock()


def actor_of(session: VaultSession, username: str) -> Actor:
    row = UserRepository(session.vault.connection).get(username)
    assert row is not None, username
    return Actor(row.username, frozenset(Role(r) for r in row.roles), row.display_name)


def as_user(session: VaultSession, username: str) -> VaultSession:
    """The services as ``username`` sees them, on the vault ``session`` has open."""
    return VaultSession(session.vault, actor_of(session, username))


def survivor(**fields: Any) -> Survivor:
    return Survivor(**{"reference": "", **fields})


def case(**fields: Any) -> Case:
    base: dict[str, Any] = {
        "reference": "",
        "survivor_reference": "",
        "referral_date": REFERRAL,
        "service_line": "isva",
        "status": "waiting",
    }
    return Case(**{**base, **fields})


def audit_count(session: VaultSession) -> int:
    return int(session.vault.connection.execute("SELECT count(*) FROM audit_log").fetchone()[0])
