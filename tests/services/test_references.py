"""New references keep coming after any valid import, even one that takes the highest number.

Found by review: importing survivor ``S-999999`` (valid per the schema) made every later new
case fail validation, because the next reference was ``S-1000000``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from survivorapp.domain.checks import CASE_REFERENCE, SURVIVOR_REFERENCE
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.interchange.service import InterchangeService
from tests.services.conftest import case, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


@pytest.fixture
def admin(vault_dir: Path, access: VaultAccess) -> Iterator[VaultSession]:
    session = access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    yield session
    session.lock()


def _import(session: VaultSession, tmp_path: Path, numbers: list[int]) -> None:
    lines = []
    for n in numbers:
        ref = f"{n:06d}"
        lines.append({"type": "survivor", "record": {"reference": f"S-{ref}", "name": "A"}})
        lines.append(
            {
                "type": "case",
                "record": {
                    "reference": f"C-{ref}",
                    "survivor_reference": f"S-{ref}",
                    "referral_date": "2025-03-01",
                    "service_line": "isva",
                    "status": "waiting",
                },
            }
        )
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    InterchangeService(session.ctx).import_file(path)


@pytest.mark.parametrize(
    ("imported", "expected"),
    [
        ([999_999], ["000001", "000002"]),
        ([1, 2, 999_999], ["000003", "000004"]),
        ([0, 999_999], ["000001", "000002"]),
        ([1, 3, 999_998, 999_999], ["000002", "000004"]),
        ([41], ["000042", "000043"]),  # the ordinary rule: one above the highest
    ],
)
def test_new_cases_after_an_import_that_took_the_highest_reference(
    admin: VaultSession, tmp_path: Path, imported: list[int], expected: list[str]
) -> None:
    _import(admin, tmp_path, imported)
    made = [admin.cases.open_new_case(survivor(), case()) for _ in expected]
    assert [c.survivor_reference for c in made] == [f"S-{n}" for n in expected]
    assert [c.reference for c in made] == [f"C-{n}" for n in expected]
    for new in made:
        assert SURVIVOR_REFERENCE.fullmatch(new.survivor_reference)
        assert CASE_REFERENCE.fullmatch(new.reference)
    again = admin.cases.open_case_for(made[0].survivor_reference, case())
    assert CASE_REFERENCE.fullmatch(again.reference)
    assert again.reference not in {c.reference for c in made}
