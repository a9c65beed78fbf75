"""The release register in a records file: exported whole, in order, with its hashes; imported
only where its chain holds and continues the vault's own register (docs/interchange.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.interchange.service import ImportRejected, InterchangeService
from survivorapp.services.returns import ReturnRefused
from survivorapp.vault import interchange as store
from survivorapp.vault.interchange import InterchangeStore
from survivorapp.vault.release_register import (
    GENESIS,
    NewRelease,
    Release,
    ReleaseRegister,
    release_register_head,
)
from tests.conftest import TemplateVault
from tests.services.conftest import case, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

PERIOD = "2025-Q2"
REGISTER = "release_register_entry"


def sealed(n: int) -> NewRelease:
    """A sealed release (no cells), as a commissioner's return leaves in the register."""
    return NewRelease(
        period=f"2024-Q{n}",
        period_start=date(2024, 3 * n - 2, 1),
        period_end=date(2024, 3 * n, 28),
        level="sealed",
        k=10,
        rounding_base=5,
        schema_version=3,
        manifest_sha256=f"{n:064x}",
        published=None,
        released_by="mgr",
        released_at=datetime(2024, 3 * n + 1, 2, 9, 30, tzinfo=UTC),
    )


@pytest.fixture
def pair(
    template_vault: TemplateVault, access: VaultAccess, tmp_path: Path
) -> Iterator[tuple[VaultSession, VaultSession]]:
    """A vault with a case and a real publication release between two sealed ones, and an
    empty vault to import into."""
    a = access.unlock(copy_vault(template_vault.folder, tmp_path / "a"), ADMIN, ADMIN_PASSPHRASE)
    b = access.unlock(copy_vault(template_vault.folder, tmp_path / "b"), ADMIN, ADMIN_PASSPHRASE)
    a.cases.open_new_case(survivor(), case(referral_date=date(2025, 5, 2)))
    with a.vault.transaction() as conn:
        ReleaseRegister(conn).add(sealed(1))
    a.returns.export(PERIOD, "publication", tmp_path / "pub", ADMIN_PASSPHRASE)
    with a.vault.transaction() as conn:
        ReleaseRegister(conn).add(sealed(2))
    yield a, b
    a.lock()
    b.lock()


def export(session: VaultSession, path: Path) -> list[dict[str, object]]:
    InterchangeService(session.ctx).export_records(path, ADMIN_PASSPHRASE)
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def rewrite(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def entries(session: VaultSession) -> list[Release]:
    return ReleaseRegister(session.vault.connection).entries()


def problems(session: VaultSession, path: Path) -> list[str]:
    found = [str(p) for p in InterchangeService(session.ctx).validate_file(path)]
    with pytest.raises(ImportRejected):
        InterchangeService(session.ctx).import_file(path)
    return found


def register_lines(lines: list[dict[str, object]]) -> list[int]:
    """1-based line numbers of the register's lines."""
    return [n for n, x in enumerate(lines, 1) if x["type"] == REGISTER]


def test_export_then_import_reproduces_the_register_and_its_head(
    pair: tuple[VaultSession, VaultSession], tmp_path: Path
) -> None:
    a, b = pair
    lines = export(a, tmp_path / "a.jsonl")
    assert lines[0]["counts"][REGISTER] == 3  # type: ignore[index]
    written = [x["record"] for x in lines if x["type"] == REGISTER]
    assert [r["level"] for r in written] == ["sealed", "publication", "sealed"]  # type: ignore[index]
    assert lines[-3:] == [x for x in lines if x["type"] == REGISTER], "the register comes last"
    assert list(written[1]) == [  # type: ignore[arg-type]
        "period",
        "period_start",
        "period_end",
        "level",
        "k",
        "rounding_base",
        "schema_version",
        "manifest_sha256",
        "published",
        "released_by",
        "released_at",
        "previous_hash",
        "entry_hash",
    ]
    counts = InterchangeService(b.ctx).import_file(tmp_path / "a.jsonl")
    assert counts[REGISTER] == 3 and counts["case"] == 1
    assert [(*vars(e).values(),)[1:] for e in entries(b)] == [
        (*vars(e).values(),)[1:] for e in entries(a)
    ]
    head = release_register_head(b.vault.connection)
    assert head is not None and head == release_register_head(a.vault.connection)
    assert ReleaseRegister(b.vault.connection).broken_at() is None
    # What was imported is what disclosure control reads: k stays fixed for the period.
    with pytest.raises(ReturnRefused, match="k stays 10"):
        b.returns.export(PERIOD, "publication", tmp_path / "k5", ADMIN_PASSPHRASE, k=5)


def test_a_tampered_entry_is_refused_on_its_line_and_nothing_is_written(
    pair: tuple[VaultSession, VaultSession], tmp_path: Path
) -> None:
    a, b = pair
    lines = export(a, tmp_path / "a.jsonl")
    _, middle, _ = register_lines(lines)
    lines[middle - 1]["record"]["k"] = 5  # type: ignore[index]
    found = problems(b, rewrite(tmp_path / "k.jsonl", lines))
    assert found == [
        f"line {middle}: record.entry_hash: This entry's entry_hash does not follow from its "
        "fields and previous_hash: it was changed after it was released, so the register "
        "can't be imported."
    ]
    assert entries(b) == []
    assert InterchangeStore(b.vault.connection).count(store.CASES) == 0


def test_an_entry_left_out_is_named_on_the_line_after_the_gap(
    pair: tuple[VaultSession, VaultSession], tmp_path: Path
) -> None:
    a, b = pair
    lines = export(a, tmp_path / "a.jsonl")
    first, middle, _ = register_lines(lines)
    del lines[middle - 1]
    del lines[0]  # the header's counts would also say an entry is missing
    (problem,) = problems(b, rewrite(tmp_path / "gap.jsonl", lines))
    assert problem.startswith(
        f"line {middle - 1}: record.previous_hash: This entry does not follow the entry on "
        f"line {first - 1}"
    )
    assert entries(b) == []


def test_malformed_entries_name_their_fields(
    pair: tuple[VaultSession, VaultSession], tmp_path: Path
) -> None:
    a, b = pair
    lines = export(a, tmp_path / "a.jsonl")[1:]
    first, middle, last = register_lines(lines)
    lines[first - 1]["record"]["released_at"] = "2024-04-02T09:30:00Z"  # type: ignore[index]
    lines[middle - 1]["record"]["published"] = None  # type: ignore[index]
    lines[last - 1]["record"]["level"] = "internal"  # type: ignore[index]
    found = problems(b, rewrite(tmp_path / "bad.jsonl", lines))
    assert [p.split(": ")[:2] for p in found] == [
        [f"line {first}", "record.released_at"],
        [f"line {middle}", "record.published"],
        [f"line {last}", "record.level"],
    ]


def test_a_vault_with_releases_takes_only_a_register_that_continues_its_own(
    pair: tuple[VaultSession, VaultSession], template_vault: TemplateVault, tmp_path: Path
) -> None:
    a, b = pair
    lines = export(a, tmp_path / "a.jsonl")
    register = [x for x in lines if x["type"] == REGISTER]
    with b.vault.transaction() as conn:
        ReleaseRegister(conn).add(sealed(1))  # the same first entry as a's
    whole = rewrite(tmp_path / "whole.jsonl", register)
    (problem,) = problems(b, whole)
    assert problem == (
        "line 1: record.previous_hash: This vault already holds releases and this entry does not "
        "follow its last one, so the register can't be added to: a file can only add releases "
        "made after the vault's last release."
    )
    assert len(entries(b)) == 1
    rest = rewrite(tmp_path / "rest.jsonl", register[1:])
    assert InterchangeService(b.ctx).import_file(rest)[REGISTER] == 2
    assert release_register_head(b.vault.connection) == release_register_head(a.vault.connection)


def test_the_first_entry_of_an_empty_register_follows_zeros(
    pair: tuple[VaultSession, VaultSession], tmp_path: Path
) -> None:
    a, b = pair
    register = [x for x in export(a, tmp_path / "a.jsonl") if x["type"] == REGISTER]
    assert register[0]["record"]["previous_hash"] == GENESIS  # type: ignore[index]
    (problem,) = problems(b, rewrite(tmp_path / "tail.jsonl", register[1:]))
    assert problem == (
        "line 1: record.previous_hash: The register's first entry must have previous_hash of "
        "64 zeros."
    )
