"""Fuzz: ``keyslots.json`` as a damaged disk or a meddler could leave it. Property: loading
raises only the vault's own errors (never a crash, never a hang), and a file that loads can be
asked for its users and slots."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from survivorapp.vault import keyslots
from survivorapp.vault.errors import VaultError
from tests.conftest import TemplateVault
from tests.fuzz.inputs import mangled


@pytest.fixture(scope="module")
def sample(template_vault: TemplateVault) -> bytes:
    return (template_vault.folder / "keyslots.json").read_bytes()


def test_the_sample_loads(sample: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "keyslots.json"
        path.write_bytes(sample)
        assert keyslots.load(path).users()


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mangled(b'{"format": "survivorapp-keyslots", "version": 1, "slots": []}'))
def test_any_small_file_loads_or_is_refused_plainly(data: bytes) -> None:
    _load(data)


def test_any_mangled_real_file_loads_or_is_refused_plainly(sample: bytes) -> None:
    @settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=mangled(sample))
    def check(data: bytes) -> None:
        _load(data)

    check()


def _load(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "keyslots.json"
        path.write_bytes(data)
        try:
            loaded = keyslots.load(path)
        except VaultError:
            return
        loaded.users()
        for slot in loaded.slots:
            slot.header(loaded.vault_id)
