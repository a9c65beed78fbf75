"""Fixtures for the return's table tests: the hand-built vault of ``hand_vault.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.reporting.build import build_return
from survivorapp.reporting.model import Return
from survivorapp.reporting.periods import parse_period
from survivorapp.services.access import VaultAccess
from survivorapp.vault.returns.queries import ReturnQueries
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.reporting import hand_vault
from tests.services.conftest import StaffedVault, staffed_template  # noqa: F401 (fixture)
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault


@dataclass(frozen=True)
class HandTemplate:
    folder: Path
    refs: dict[str, str]


@pytest.fixture(scope="session")
def hand_template(
    staffed_template: StaffedVault,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> HandTemplate:
    """The hand-built vault, made once per test run (copy it before changing it)."""
    folder = copy_vault(staffed_template.folder, tmp_path_factory.mktemp("hand") / "vault")
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        built = hand_vault.build(session)
    return HandTemplate(folder, built.refs)


def build_from(folder: Path, label: str) -> Return:
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        return build_return(
            ReturnQueries(session.vault.connection), parse_period(label), load_vocabularies()
        )


@pytest.fixture(scope="session")
def quarter_return(hand_template: HandTemplate, tmp_path_factory: pytest.TempPathFactory) -> Return:
    """The exact return for 2025-Q2 from a copy of the hand-built vault."""
    folder = copy_vault(hand_template.folder, tmp_path_factory.mktemp("hand-q") / "vault")
    return build_from(folder, hand_vault.PERIOD)


@pytest.fixture
def hand_dir(hand_template: HandTemplate, tmp_path: Path) -> Path:
    """A fresh copy of the hand-built vault for a test that changes it."""
    return copy_vault(hand_template.folder, tmp_path / "hand")
