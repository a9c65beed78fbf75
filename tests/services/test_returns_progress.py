"""A return's preview as the desktop app asks for it: long work that reports its steps, stops
when asked at a safe point, and applies another level to the same counts without counting again."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from survivorapp.domain.progress import Cancelled, Progress, ProgressReport
from survivorapp.reporting.build import COUNTING_STEP
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.permissions import PermissionDenied
from survivorapp.services.return_views import DISCLOSURE_STEP, SUPPRESSED, Level
from survivorapp.services.returns import ReturnRefused
from tests.reporting.conftest import hand_dir, hand_template  # noqa: F401 (fixtures)
from tests.services.conftest import as_user
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

PERIOD = "2025-Q2"


def recording() -> tuple[Progress, list[ProgressReport]]:
    reports: list[ProgressReport] = []
    return Progress(reports.append), reports


def cancelling_after(count: int) -> tuple[Progress, list[ProgressReport]]:
    """Progress whose person presses Stop once ``count`` steps have been reported."""
    reports: list[ProgressReport] = []

    def heard(report: ProgressReport) -> None:
        reports.append(report)
        if len(reports) == count:
            progress.cancel()

    progress = Progress(heard)
    return progress, reports


def audit_count(session: VaultSession) -> int:
    return int(session.vault.connection.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_a_preview_reports_counting_then_disclosure_control(admin_session: VaultSession) -> None:
    progress, reports = recording()
    preview = admin_session.returns.preview(PERIOD, "publication", progress=progress)
    counting = [r for r in reports if r.step == COUNTING_STEP]
    assert len(counting) >= 3
    assert [r.done for r in counting] == sorted(r.done for r in counting)
    assert counting[-1].done == counting[-1].total and counting[-1].fraction == 1.0
    assert reports[-1].step == DISCLOSURE_STEP
    assert preview.level is Level.PUBLICATION and preview.period.label == PERIOD
    assert preview.tables and preview.marking.startswith("Disclosure-controlled")


def test_stopping_a_preview_midway_raises_cancelled_and_leaves_the_vault_usable(
    admin_session: VaultSession,
) -> None:
    progress, reports = cancelling_after(3)
    with pytest.raises(Cancelled) as stopped:
        admin_session.returns.preview(PERIOD, "internal", progress=progress)
    assert len(reports) == 3  # nothing more was counted after Stop
    assert stopped.value.user_message == "Stopped. Nothing was written."
    assert gc.isenabled()  # the build's pause of the cycle collector ended with it
    assert not admin_session.vault.connection.in_transaction
    again = admin_session.returns.preview(PERIOD, "internal")  # the next one runs in full
    assert again.table("demand_by_source").cells


def test_a_stopped_export_writes_no_folder_and_no_audit_entry(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    before = audit_count(admin_session)
    out = tmp_path / "return"
    progress, _reports = cancelling_after(2)
    with pytest.raises(Cancelled):
        admin_session.returns.export(PERIOD, "internal", out, ADMIN_PASSPHRASE, progress=progress)
    assert not out.exists()
    assert audit_count(admin_session) == before


def test_a_preview_stopped_before_it_starts_counts_nothing(admin_session: VaultSession) -> None:
    progress, reports = recording()
    progress.cancel()
    with pytest.raises(Cancelled):
        admin_session.returns.preview(PERIOD, "publication", progress=progress)
    assert reports == []


def test_another_level_reuses_the_counts_and_matches_a_fresh_preview(
    admin_session: VaultSession,
) -> None:
    returns = admin_session.returns
    first = returns.preview(PERIOD, "publication", k=10)
    progress, reports = recording()
    internal = returns.preview_again(first, "internal", progress=progress)
    assert [r.step for r in reports] == [DISCLOSURE_STEP]  # no counting this time
    assert internal.exact is first.exact
    assert internal.tables == returns.preview(PERIOD, "internal").tables
    assert internal.suppressed_cells == 0
    assert internal.excluded_shown == str(internal.excluded_exact)
    stricter = returns.preview_again(internal, Level.PUBLICATION, k=20)
    assert stricter.k == 20 and stricter.tables == returns.preview(PERIOD, "publication", 20).tables
    with pytest.raises(ReturnRefused, match="below 5"):
        returns.preview_again(first, "publication", k=4)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw").returns.preview_again(first, "internal")


def test_what_the_page_reads_from_a_preview(hand_dir: Path, access: VaultAccess) -> None:  # noqa: F811
    with access.unlock(hand_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        preview = session.returns.preview(PERIOD, "publication", k=10)
        internal = session.returns.preview_again(preview, "internal")
    # Two survivors said no to being counted: the manager sees 2, the file says [c].
    assert (preview.excluded_exact, preview.excluded_shown) == (2, SUPPRESSED)
    assert (internal.excluded_exact, internal.excluded_shown) == (2, "2")
    assert preview.suppressed_cells > 0 and internal.suppressed_cells == 0
    assert preview.table("demand_by_source").cells[0][0] == SUPPRESSED
    assert preview.period.label == PERIOD
    assert preview.matches(Level.PUBLICATION, 10)
    assert not preview.matches(Level.PUBLICATION, 15)
    assert not preview.matches(Level.INTERNAL, 10)
    assert internal.matches(Level.INTERNAL, 15)  # the threshold means nothing there
    assert preview.section_title("demand") == "Demand"
    assert preview.section_title("unknown") == "unknown"
