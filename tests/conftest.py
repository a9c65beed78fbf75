"""Session-wide test set-up: headless Qt, isolated paths, an in-memory keyring, a template vault."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from survivorapp.services.access import VaultAccess
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault, make_vault

# `make fuzz` runs tests/fuzz/ with HYPOTHESIS_PROFILE=fuzz: many examples, no deadline (a slow
# input is a finding only if it hangs). `make test` keeps Hypothesis's default profile, so the
# same tests stay short there. FUZZ_EXAMPLES changes how many examples a long run tries.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every folder the app uses at a per-test temporary folder."""
    home = tmp_path / "survivorapp-home"
    monkeypatch.setenv("SURVIVORAPP_HOME", str(home))
    monkeypatch.delenv("SURVIVORAPP_PASSPHRASE", raising=False)
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory 'system' keyring; the real one is never touched."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def access(memory_keyring: MemoryKeyring) -> VaultAccess:
    return VaultAccess(KeyringSecretStore(memory_keyring))


@dataclass(frozen=True)
class TemplateVault:
    folder: Path
    recovery_key: str
    user: str = ADMIN
    passphrase: str = ADMIN_PASSPHRASE


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory: pytest.TempPathFactory) -> TemplateVault:
    folder = tmp_path_factory.mktemp("template") / "vault"
    recovery = make_vault(folder, VaultAccess(KeyringSecretStore(MemoryKeyring())))
    return TemplateVault(folder, recovery)


@pytest.fixture
def vault_dir(template_vault: TemplateVault, tmp_path: Path) -> Path:
    """A fresh copy of the template vault (admin / ADMIN_PASSPHRASE), not device-bound."""
    return copy_vault(template_vault.folder, tmp_path / "vault")
