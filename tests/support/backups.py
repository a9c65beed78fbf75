"""Helpers for backup tests: a vault with some records, a backup folder, digests of folders."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from survivorapp.domain.progress import silent
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.backups import BackupDone, Rotation
from survivorapp.services.synthetic.demo import populate_demo
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault, make_vault


def digest_tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the lock file aside) and its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "vault.lock"
    }


def open_admin(access: VaultAccess, vault: Path) -> VaultSession:
    return access.unlock(vault, ADMIN, ADMIN_PASSPHRASE)


def fill(access: VaultAccess, vault: Path, cases: int = 6, seed: int = 7) -> None:
    with open_admin(access, vault) as session:
        populate_demo(session, cases=cases, seed=seed)


def back_up(access: VaultAccess, vault: Path, folder: Path, *, rotate: bool = False) -> BackupDone:
    """One backup as admin (without rotation unless asked: tests take several a minute)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open_admin(access, vault) as session:
        return session.backups.backup_now(folder, silent(), Rotation(enabled=rotate))


@pytest.fixture(scope="session")
def filled_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A vault with a few synthetic cases, built once per test session; and its recovery key."""
    folder = tmp_path_factory.mktemp("filled") / "vault"
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    recovery = make_vault(folder, access)
    fill(access, folder)
    return folder, recovery


@pytest.fixture
def filled(filled_template: tuple[Path, str], tmp_path: Path) -> Path:
    """A fresh copy of the filled vault (admin / ADMIN_PASSPHRASE, not device-bound)."""
    return copy_vault(filled_template[0], tmp_path / "vault")
