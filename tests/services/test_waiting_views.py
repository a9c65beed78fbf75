"""The Waiting list's views on a real vault: the page's overview and one survivor's panel, each
one service call that gives everything the page shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from survivorapp.domain.contact import SAFE, ChannelPreference, SafeContact
from survivorapp.domain.session import Session
from survivorapp.domain.waiting_list import NOT_TRIAGED
from survivorapp.services.access import VaultSession
from survivorapp.services.context import NotFound
from survivorapp.services.permissions import PermissionDenied
from survivorapp.services.waiting_views import CasePanelView
from tests.services.conftest import as_user, audit_count, case, survivor
from tests.services.test_waiting_list import tried, waiting_case

TODAY = date.today()


@pytest.fixture
def mgr(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "mgr")


def _session(reference: str, days_ago: int, *flags: str) -> Session:
    return Session(
        reference,
        TODAY - timedelta(days=days_ago),
        30,
        "phone",
        "emotional_support",
        risk_flags=flags,
    )


def opens_of(session: VaultSession, reference: str) -> int:
    return int(
        session.vault.connection.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'open' AND case_ref = ?", (reference,)
        ).fetchone()[0]
    )


def test_one_call_gives_everything_the_panel_shows(admin_session: VaultSession) -> None:
    reference = admin_session.cases.open_new_case(
        survivor(name="Robin Full Name", known_as="Robin"),
        case(referral_date=TODAY - timedelta(days=200)),
        SafeContact("", channels=(ChannelPreference("phone", SAFE, "mornings"),)),
    ).reference
    admin_session.waiting_list.set_priority(reference, "b")
    admin_session.waiting_list.log_attempt(tried(reference, 30))
    admin_session.waiting_list.log_attempt(tried(reference, 20, "spoke"))
    admin_session.cases.log_session(_session(reference, 150, "domestic_abuse"))  # too long ago
    admin_session.cases.log_session(_session(reference, 40, "suicide_self_harm"))
    admin_session.cases.log_session(_session(reference, 10, "exploitation_trafficking"))
    mgr = as_user(admin_session, "mgr")

    panel = mgr.waiting_list.case_panel(reference)

    assert isinstance(panel, CasePanelView) and panel.reference == reference
    assert panel.detail.survivor.known_as == "Robin"
    assert panel.detail.safe_contact is not None
    assert panel.detail.safe_contact_summary.startswith("Phone: safe mornings")
    assert (panel.entry.priority, panel.entry.triaged_by) == ("b", "admin")
    assert [a.outcome for a in panel.attempts] == ["no_answer", "spoke"]
    assert (panel.times.days_waiting, panel.times.to_first_contact) == (200, 180)
    assert panel.times.to_allocation is None
    # Newest session first, each flag once; the one raised 150 days ago is past the window.
    assert panel.risk_flags == ("exploitation_trafficking", "suicide_self_harm")
    # The same figures the separate calls give.
    assert panel.times == mgr.waiting_list.case_times(reference)
    assert list(panel.attempts) == mgr.waiting_list.attempts(reference)
    assert panel.entry == mgr.waiting_list.entry(reference)


def test_opening_the_panel_is_audited_once_as_opening_the_case(mgr: VaultSession) -> None:
    reference = waiting_case(mgr)
    before, opened = audit_count(mgr), opens_of(mgr, reference)
    panel = mgr.waiting_list.case_panel(reference)
    assert opens_of(mgr, reference) == opened + 1
    assert audit_count(mgr) == before + 1  # reading writes nothing else
    assert panel.entry.priority == NOT_TRIAGED and panel.entry.id is None
    assert panel.attempts == () and panel.risk_flags == ()


def test_a_restricted_case_is_not_found_and_nothing_is_audited(
    admin_session: VaultSession,
) -> None:
    reference = waiting_case(admin_session)
    admin_session.cases.restrict(reference, ["cw"])
    mgr = as_user(admin_session, "mgr")
    before = audit_count(mgr)
    with pytest.raises(NotFound):
        mgr.waiting_list.case_panel(reference)
    assert audit_count(mgr) == before
    # Someone named on it (the manager who restricted it) still sees it.
    assert admin_session.waiting_list.case_panel(reference).reference == reference


def test_a_worker_sees_only_their_own_cases_panels(admin_session: VaultSession) -> None:
    others = waiting_case(admin_session)
    cw = as_user(admin_session, "cw")
    with pytest.raises(PermissionDenied):
        cw.waiting_list.case_panel(others)
    own = cw.cases.open_new_case(survivor(name="Kim"), case()).reference
    assert cw.waiting_list.case_panel(own).detail.case.allocated_worker == "cw"
    with pytest.raises(NotFound):
        cw.waiting_list.case_panel("C-999999")


def test_the_overview_holds_the_list_times_and_workers(admin_session: VaultSession) -> None:
    mgr = as_user(admin_session, "mgr")
    waiting_case(mgr, days_ago=12)
    allocated = waiting_case(mgr, days_ago=5)
    mgr.waiting_list.allocate(allocated, "isva")
    overview = mgr.waiting_list.overview()
    assert [r.days_waiting for r in overview.rows] == [12]
    assert overview.times == mgr.waiting_list.service_times()
    assert list(overview.workers) == mgr.waiting_list.workers()
    assert {w.username: w.open_cases for w in overview.workers} == {"cw": 0, "cw2": 0, "isva": 1}
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw").waiting_list.overview()
