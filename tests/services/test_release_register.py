"""The release register: every publication and sealed return recorded, chained, and read back
by disclosure control (k fixed per period, joint audit, re-exports that change nothing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from survivorapp.reporting.releases import RELATIONS_FILE
from survivorapp.services.access import VaultSession
from survivorapp.services.return_audit import audit_folders
from survivorapp.services.returns import ReturnRefused
from survivorapp.vault.migrations import latest_version, schema_version
from survivorapp.vault.release_register import ReleaseRegister, release_register_head
from tests.services.conftest import case, survivor
from tests.support.vaults import ADMIN_PASSPHRASE

PERIOD = "2025-Q2"
YEAR = "2025-26"


def csv_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_a_publication_is_recorded_and_chained(admin_session: VaultSession, tmp_path: Path) -> None:
    conn = admin_session.vault.connection
    assert schema_version(conn) == latest_version()
    assert release_register_head(conn) is None
    returns = admin_session.returns
    returns.export(PERIOD, "internal", tmp_path / "internal", ADMIN_PASSPHRASE)
    assert returns.releases() == []  # an internal return is not a release
    exported = returns.export(PERIOD, "publication", tmp_path / "pub", ADMIN_PASSPHRASE)
    (entry,) = ReleaseRegister(conn).entries()
    assert (entry.period, entry.level, entry.k, entry.released_by) == (
        PERIOD,
        "publication",
        10,
        "admin",
    )
    assert entry.manifest_sha256 == exported.checksum
    assert entry.published is not None and "cells" in entry.published
    assert release_register_head(conn) == entry.entry_hash
    (summary,) = returns.releases()
    assert summary.period == PERIOD and summary.released_by == "admin"
    assert (tmp_path / "pub" / RELATIONS_FILE).is_file()


def test_the_chain_finds_an_entry_changed_behind_its_back(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    returns = admin_session.returns
    for n in range(2):
        returns.export(PERIOD, "publication", tmp_path / f"pub{n}", ADMIN_PASSPHRASE)
    register = ReleaseRegister(admin_session.vault.connection)
    assert register.broken_at() is None
    first = register.entries()[0]
    admin_session.vault.connection.execute(
        "UPDATE release_register SET k = 5 WHERE id = ?", (first.id,)
    )
    assert register.broken_at() == first.id


def test_k_is_fixed_for_a_period_once_it_is_published(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    returns = admin_session.returns
    returns.export(PERIOD, "publication", tmp_path / "k10", ADMIN_PASSPHRASE, k=10)
    with pytest.raises(ReturnRefused, match=r"k stays 10 for it: a second release"):
        returns.export(PERIOD, "publication", tmp_path / "k5", ADMIN_PASSPHRASE, k=5)
    with pytest.raises(ReturnRefused, match="k stays 10"):
        returns.preview(PERIOD, "publication", k=5)
    assert not (tmp_path / "k5").exists()
    returns.export(PERIOD, "internal", tmp_path / "internal", ADMIN_PASSPHRASE, k=5)


def test_a_re_export_of_unchanged_data_shows_the_same_cells(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    returns = admin_session.returns
    returns.export(PERIOD, "publication", tmp_path / "first", ADMIN_PASSPHRASE)
    preview = returns.preview(PERIOD, "publication")
    assert len(preview.checked_against) == 1 and preview.changes == ()
    assert "protected against these 2 releases" in preview.audit_line
    returns.export(PERIOD, "publication", tmp_path / "again", ADMIN_PASSPHRASE)
    assert csv_files(tmp_path / "first") == csv_files(tmp_path / "again")
    assert audit_folders([tmp_path / "first", tmp_path / "again"]).ok


def test_late_data_is_audited_against_the_earlier_release_and_what_changed_is_said(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    returns = admin_session.returns
    returns.export(PERIOD, "publication", tmp_path / "first", ADMIN_PASSPHRASE)
    for n in range(12):  # twelve cases entered late, referred during the period
        admin_session.cases.open_new_case(
            survivor(sex="intersex" if n < 2 else "female"),
            case(referral_date=date(2025, 8, 1 + n), service_line="counselling"),
        )
    preview = returns.preview(PERIOD, "publication")
    assert preview.changes, "twelve more cases must change some published cell"
    assert any("was" in line and "now" in line for line in preview.changes)
    returns.export(PERIOD, "publication", tmp_path / "later", ADMIN_PASSPHRASE)
    report = audit_folders([tmp_path / "first", tmp_path / "later"])
    assert report.ok, [(f.where(), f.interval()) for f in report.failing]


def test_a_year_is_audited_with_its_quarter_released_before(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    returns = admin_session.returns
    returns.export(PERIOD, "publication", tmp_path / "quarter", ADMIN_PASSPHRASE)
    preview = returns.preview(YEAR, "publication")
    assert [line.split(" at ")[0] for line in preview.checked_against] == [PERIOD]
    returns.export(YEAR, "publication", tmp_path / "year", ADMIN_PASSPHRASE)
    assert audit_folders([tmp_path / "quarter", tmp_path / "year"]).ok
