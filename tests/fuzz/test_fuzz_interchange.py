"""Fuzz: records files for ``survivorapp import``. Properties: checking any line never raises
(every problem names a line that exists); importing any file either adds exactly what it
reports or adds nothing at all (no partial write), and never fails in any other way."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.interchange.check import FileChecker, check_file
from survivorapp.services.interchange.service import _TABLES, ImportRejected, InterchangeService
from survivorapp.vault.interchange import ExistingKeys, InterchangeStore
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.conftest import TemplateVault
from tests.fuzz.inputs import mangled
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

SAMPLES = [
    {"type": "survivor", "record": {"reference": "S-000001", "known_as": "Sam", "sex": "female"}},
    {
        "type": "case",
        "record": {
            "reference": "C-000001",
            "survivor_reference": "S-000001",
            "referral_date": "2025-03-01",
            "service_line": "isva",
            "status": "waiting",
        },
    },
    {
        "type": "session",
        "record": {
            "case_reference": "C-000001",
            "session_date": "2025-03-05",
            "duration_minutes": 50,
            "mode": "phone",
            "kind": "emotional_support",
        },
    },
]
SAMPLE_LINES = [json.dumps(x).encode() for x in SAMPLES]
EMPTY = ExistingKeys(frozenset(), frozenset(), frozenset(), frozenset(), frozenset())
line = st.sampled_from(SAMPLE_LINES) | st.sampled_from(SAMPLE_LINES).flatmap(mangled)
files = st.lists(line, max_size=6).map(lambda lines: b"\n".join(lines) + b"\n")
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=files)
def test_checking_any_file_gives_problems_by_line(data: bytes) -> None:
    checker = FileChecker(EMPTY, load_vocabularies(), date(2026, 1, 15))
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "records.jsonl"
        path.write_bytes(data)
        problems = check_file(path, checker)
    lines = data.count(b"\n") + 1
    assert all(0 <= p.line <= lines and p.message for p in problems)


@pytest.fixture(scope="module")
def session(
    template_vault: TemplateVault, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VaultSession]:
    folder = copy_vault(template_vault.folder, tmp_path_factory.mktemp("fuzz-import") / "vault")
    opened = VaultAccess(KeyringSecretStore(MemoryKeyring())).unlock(
        folder, ADMIN, ADMIN_PASSPHRASE
    )
    yield opened
    opened.lock()


def _counts(session: VaultSession) -> dict[str, int]:
    store = InterchangeStore(session.vault.connection)
    return {kind: store.count(table) for kind, table in _TABLES.items()}


def test_an_import_adds_all_it_reports_or_nothing(session: VaultSession) -> None:
    service = InterchangeService(session.ctx)

    @SETTINGS
    @given(data=files)
    def check(data: bytes) -> None:
        before = _counts(session)
        with tempfile.TemporaryDirectory() as name:
            path = Path(name) / "records.jsonl"
            path.write_bytes(data)
            try:
                added = service.import_file(path)
            except ImportRejected as exc:
                assert exc.problems
                assert _counts(session) == before
                return
        after = _counts(session)
        assert {k: after[k] - before[k] for k in after} == {k: added.get(k, 0) for k in after}

    check()
    assert session.audit.verify().ok
