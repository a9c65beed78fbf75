"""Every released schema's vault still opens and upgrades (STYLE.md, Migrations).

Each folder under tests/fixtures/vaults/ is a small synthetic vault frozen at the schema of a
release; its user is "admin" with the passphrase below, and its recovery key is in
RECOVERY-KEY.txt (synthetic data, so neither is a secret). When a migration is added, this test
opens every older vault through it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess
from survivorapp.vault import migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vaults"
PASSPHRASE = "fixture vault passphrase"
RELEASED = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def test_there_is_a_fixture_for_the_current_schema() -> None:
    assert f"schema-v{migrations.latest_version()}" in {p.name for p in RELEASED}, (
        "a new schema version needs its own fixture vault in tests/fixtures/vaults/"
    )


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.name)
def test_a_released_vault_opens_upgrades_and_is_healthy(
    fixture: Path, tmp_path: Path, access: VaultAccess
) -> None:
    folder = shutil.copytree(fixture, tmp_path / fixture.name)
    with access.unlock(folder, "admin", PASSPHRASE) as session:
        assert migrations.schema_version(session.vault.connection) == migrations.latest_version()
        report = session.check()
        assert report.ok, [(i.name, i.detail) for i in report.items if not i.ok]
        ids = session.cases.caseload_ids()
        assert len(ids) == 25
        rows = session.cases.caseload_rows(ids[:5])
        assert [r.reference for r in rows] == [f"C-00000{n}" for n in range(1, 6)]
        detail = session.cases.get(rows[0].reference)  # every table reads back as entities
        assert detail.case.reference == rows[0].reference
    recovery = (folder / "RECOVERY-KEY.txt").read_text().strip()
    with access.unlock_with_recovery(folder, recovery) as session:
        assert session.actor.username == "recovery-key"
