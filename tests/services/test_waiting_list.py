"""The waiting-list service on a real vault: who may do what, what an attempt changes on the
case, allocation, the order of the list and the service's waiting times."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.domain.contact import NOT_SAFE, SAFE, ChannelPreference, SafeContact
from survivorapp.domain.waiting_list import (
    VOICEMAIL_NOT_KNOWN,
    VOICEMAIL_NOT_SAFE,
    ContactAttempt,
    DaySummary,
    waiting_order_key,
)
from survivorapp.services.access import VaultSession
from survivorapp.services.context import ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from tests.services.conftest import as_user, audit_count, case, survivor

TODAY = date.today()


def waiting_case(
    session: VaultSession, days_ago: int = 30, name: str = "Robin", **fields: object
) -> str:
    created = session.cases.open_new_case(
        survivor(name=name, known_as=name),
        case(referral_date=TODAY - timedelta(days=days_ago), **fields),
    )
    return created.reference


def tried(reference: str, days_ago: int, outcome: str = "no_answer", **fields: object):  # type: ignore[no-untyped-def]
    return ContactAttempt(reference, TODAY - timedelta(days=days_ago), "phone", outcome, **fields)  # type: ignore[arg-type]


def last_audit(session: VaultSession) -> tuple[str, str, str | None, list[str]]:
    row = session.vault.connection.execute(
        "SELECT action, entity, case_ref, fields FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return row[0], row[1], row[2], json.loads(row[3])


@pytest.fixture
def mgr(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "mgr")


@pytest.fixture
def cw(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "cw")


# --- permissions -----------------------------------------------------------------------------


def test_only_managers_see_the_whole_waiting_list(admin_session: VaultSession) -> None:
    waiting_case(admin_session)
    assert len(as_user(admin_session, "mgr").waiting_list.rows()) == 1
    for user in ("cw", "isva", "adm"):
        with pytest.raises(PermissionDenied):
            as_user(admin_session, user).waiting_list.rows()
        with pytest.raises(PermissionDenied):
            as_user(admin_session, user).waiting_list.workers()


def test_priority_is_a_managers_decision(mgr: VaultSession, cw: VaultSession) -> None:
    reference = waiting_case(mgr)
    mgr.waiting_list.allocate(reference, "cw")  # even the allocated worker may not triage
    with pytest.raises(PermissionDenied):
        cw.waiting_list.set_priority(reference, "a")
    entry = mgr.waiting_list.set_priority(reference, "a", "Trial in three weeks.")
    assert (entry.priority, entry.triaged_on, entry.triaged_by) == ("a", TODAY, "mgr")
    assert last_audit(mgr) == (
        "create",
        "waiting_list",
        reference,
        ["case_reference", "note", "priority", "triaged_by", "triaged_on"],
    )
    again = mgr.waiting_list.set_priority(reference, "c")
    assert (again.id, again.note) == (entry.id, "Trial in three weeks.")  # one entry, note kept
    assert last_audit(mgr) == ("change", "waiting_list", reference, ["priority"])
    assert cw.waiting_list.entry(reference).priority == "c"  # the worker can read it
    with pytest.raises(ValidationFailed):
        mgr.waiting_list.set_priority(reference, "urgent!")


def test_attempts_need_the_case_and_never_show_values_in_the_audit(
    admin_session: VaultSession, cw: VaultSession
) -> None:
    others = waiting_case(admin_session)
    with pytest.raises(PermissionDenied):
        cw.waiting_list.log_attempt(tried(others, 1))
    with pytest.raises(PermissionDenied):
        cw.waiting_list.attempts(others)
    own = cw.cases.open_new_case(survivor(name="Kim"), case()).reference  # allocated to cw
    saved = cw.waiting_list.log_attempt(tried(own, 1, note="Texted first as agreed."))
    assert saved.recorded_by == "cw" and saved.id is not None
    entries = admin_session.vault.connection.execute(
        "SELECT action, entity, fields FROM audit_log WHERE case_ref = ? ORDER BY seq", (own,)
    ).fetchall()
    assert ("create", "contact_attempt") in [(a, e) for a, e, _ in entries]
    assert not any("Texted" in fields for _a, _e, fields in entries)


# --- what an attempt changes on the case ----------------------------------------------------


def test_attempts_set_the_first_attempt_and_first_contact_dates_once(mgr: VaultSession) -> None:
    reference = waiting_case(mgr, days_ago=20)
    mgr.waiting_list.log_attempt(tried(reference, 18))
    detail = mgr.cases.get(reference).case
    assert detail.first_contact_attempt_date == TODAY - timedelta(days=18)
    assert detail.first_contact_date is None
    assert last_audit(mgr)[:2] == ("open", "case")

    mgr.waiting_list.log_attempt(tried(reference, 15, "spoke"))
    detail = mgr.cases.get(reference).case
    assert detail.first_contact_attempt_date == TODAY - timedelta(days=18)
    assert detail.first_contact_date == TODAY - timedelta(days=15)

    mgr.waiting_list.log_attempt(tried(reference, 10, "spoke"))  # a later call changes nothing
    assert mgr.cases.get(reference).case.first_contact_date == TODAY - timedelta(days=15)
    times = mgr.waiting_list.case_times(reference)
    assert (times.days_waiting, times.to_first_contact, times.to_allocation) == (20, 5, None)
    assert [a.outcome for a in mgr.waiting_list.attempts(reference)] == [
        "no_answer",
        "spoke",
        "spoke",
    ]


def test_a_spoke_attempt_writes_the_case_change_in_the_same_audited_transaction(
    mgr: VaultSession,
) -> None:
    reference = waiting_case(mgr, days_ago=5)
    before = audit_count(mgr)
    mgr.waiting_list.log_attempt(tried(reference, 4, "spoke"))
    assert audit_count(mgr) == before + 2
    assert last_audit(mgr) == (
        "change",
        "case",
        reference,
        ["first_contact_attempt_date", "first_contact_date"],
    )


def test_no_message_where_voicemail_is_not_known_safe(mgr: VaultSession) -> None:
    reference = waiting_case(mgr)
    before = audit_count(mgr)
    with pytest.raises(ValidationFailed) as refused:
        mgr.waiting_list.log_attempt(tried(reference, 2, "left_message"))
    assert refused.value.user_message == VOICEMAIL_NOT_KNOWN
    assert audit_count(mgr) == before and mgr.waiting_list.attempts(reference) == []
    assert mgr.cases.get(reference).case.first_contact_attempt_date is None  # nothing half-saved

    survivor_reference = mgr.cases.get(reference).survivor.reference
    mgr.cases.set_safe_contact(
        reference,
        SafeContact(survivor_reference, channels=(ChannelPreference("voicemail", NOT_SAFE),)),
    )
    with pytest.raises(ValidationFailed) as refused:
        mgr.waiting_list.log_attempt(tried(reference, 2, "left_message"))
    assert refused.value.user_message == VOICEMAIL_NOT_SAFE

    mgr.cases.set_safe_contact(
        reference,
        SafeContact(survivor_reference, channels=(ChannelPreference("voicemail", SAFE),)),
    )
    assert mgr.waiting_list.log_attempt(tried(reference, 2, "left_message")).id is not None


def test_attempt_dates_are_checked_against_the_referral(mgr: VaultSession) -> None:
    reference = waiting_case(mgr, days_ago=3)
    with pytest.raises(ValidationFailed, match="before the referral date"):
        mgr.waiting_list.log_attempt(tried(reference, 4))
    with pytest.raises(ValidationFailed, match="future"):
        mgr.waiting_list.log_attempt(tried(reference, -1))


# --- allocation ------------------------------------------------------------------------------


def test_allocation_moves_the_case_to_active_from_today(mgr: VaultSession) -> None:
    reference = waiting_case(mgr, days_ago=12)
    mgr.waiting_list.set_priority(reference, "b")
    mgr.waiting_list.allocate(reference, "CW")  # user names compare without case
    allocated = mgr.cases.get(reference).case
    assert (allocated.status, allocated.allocated_worker) == ("active", "cw")
    assert allocated.allocation_date == TODAY
    assert mgr.waiting_list.rows() == []
    assert mgr.waiting_list.case_times(reference).to_allocation == 12
    action = mgr.vault.connection.execute(
        "SELECT action, fields FROM audit_log WHERE case_ref = ? AND action = 'allocate'",
        (reference,),
    ).fetchone()
    assert action[0] == "allocate"
    assert set(json.loads(action[1])) == {"allocated_worker", "allocation_date", "status"}


def test_allocation_only_to_active_caseworkers_and_isvas(
    admin_session: VaultSession, mgr: VaultSession, cw: VaultSession
) -> None:
    reference = waiting_case(mgr)
    for nobody in ("adm", "mgr", "no-such-person"):
        with pytest.raises(ValidationFailed, match="caseworkers and ISVAs"):
            mgr.waiting_list.allocate(reference, nobody)
    with pytest.raises(PermissionDenied):
        cw.waiting_list.allocate(reference, "cw")
    admin_session.accounts.deactivate("cw2")
    with pytest.raises(ValidationFailed):
        mgr.waiting_list.allocate(reference, "cw2")
    assert [w.username for w in mgr.waiting_list.workers()] == ["cw", "isva"]


def test_workers_show_their_open_caseload(mgr: VaultSession) -> None:
    for days in (5, 6, 7):
        mgr.waiting_list.allocate(waiting_case(mgr, days), "isva")
    mgr.waiting_list.allocate(waiting_case(mgr), "cw")
    closed = waiting_case(mgr)
    mgr.waiting_list.allocate(closed, "cw")
    record = mgr.cases.get(closed).case
    mgr.cases.update_case(
        dataclasses.replace(
            record, status="closed", closure_date=TODAY, closure_reason="support_complete"
        )
    )
    loads = {w.username: w.open_cases for w in mgr.waiting_list.workers()}
    assert loads == {"cw": 1, "cw2": 0, "isva": 3}


# --- the list ----------------------------------------------------------------------------------


def test_the_list_is_by_priority_then_longest_wait(mgr: VaultSession) -> None:
    made = {
        name: waiting_case(mgr, days, name)
        for name, days in (
            ("Old C", 90),
            ("New A", 2),
            ("Old A", 40),
            ("Untriaged", 1),
            ("B", 60),
            ("Old untriaged", 3),
        )
    }
    for name, priority in (("Old C", "c"), ("New A", "a"), ("Old A", "a"), ("B", "b")):
        mgr.waiting_list.set_priority(made[name], priority)
    mgr.waiting_list.log_attempt(tried(made["B"], 50))
    mgr.waiting_list.log_attempt(tried(made["B"], 45, "wrong_number"))
    rows = mgr.waiting_list.rows()
    assert [r.known_as for r in rows] == [
        "Old A",
        "New A",
        "Old untriaged",
        "Untriaged",
        "B",
        "Old C",
    ]
    b = rows[4]
    assert (b.priority, b.days_waiting, b.attempt_count) == ("b", 60, 2)
    assert (b.last_attempt_on, b.last_outcome) == (TODAY - timedelta(days=45), "wrong_number")
    assert rows[3].priority == "not_triaged" and rows[3].attempt_count == 0


def test_a_restricted_survivor_is_missing_for_managers_not_named(
    admin_session: VaultSession, mgr: VaultSession
) -> None:
    hidden = waiting_case(admin_session, name="Hidden")
    waiting_case(admin_session, name="Seen")
    admin_session.cases.restrict(hidden, ["admin"])
    assert [r.known_as for r in mgr.waiting_list.rows()] == ["Seen"]
    assert mgr.waiting_list.open_counts().waiting == 1
    assert len(admin_session.waiting_list.rows()) == 2


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "not_triaged"]), st.integers(0, 400)),
        min_size=1,
        max_size=6,
    )
)
def test_sql_order_matches_the_domain_order(
    admin_session: VaultSession, cases: list[tuple[str, int]]
) -> None:
    conn = admin_session.vault.connection
    with admin_session.vault.transaction():
        conn.execute("DELETE FROM cases")  # attempts and entries go with them
    for priority, days in cases:
        reference = waiting_case(admin_session, days)
        if priority != "not_triaged":
            admin_session.waiting_list.set_priority(reference, priority)
    rows = admin_session.waiting_list.rows()
    expected = sorted(
        rows, key=lambda r: waiting_order_key(r.priority, r.referral_date, r.case_reference)
    )
    assert rows == expected and len(rows) == len(cases)


# --- the service's waiting times -----------------------------------------------------------


def test_service_times_by_hand(mgr: VaultSession) -> None:
    first = waiting_case(mgr, days_ago=40)  # spoke after 4 days, allocated after 10
    mgr.waiting_list.log_attempt(tried(first, 38))
    mgr.waiting_list.log_attempt(tried(first, 36, "spoke"))
    mgr.waiting_list.allocate(first, "cw")
    record = mgr.cases.get(first).case
    mgr.cases.update_case(dataclasses.replace(record, allocation_date=TODAY - timedelta(days=30)))
    second = waiting_case(mgr, days_ago=20)  # first contact recorded on the case after 2 days
    record = mgr.cases.get(second).case
    spoke = TODAY - timedelta(days=18)
    mgr.cases.update_case(
        dataclasses.replace(record, first_contact_attempt_date=spoke, first_contact_date=spoke)
    )
    waiting_case(mgr, days_ago=9)
    waiting_case(mgr, days_ago=500)  # referred more than a year ago: waits now, not in times
    times = mgr.waiting_list.service_times()
    assert times.waiting == DaySummary(3, 20.0, 500)  # 9, 20, 500
    assert times.first_contact == DaySummary(2, 3.0, 4)  # 4 and 2 days
    assert times.allocation == DaySummary(1, 10.0, 10)
    overview = mgr.waiting_list.overview()
    assert overview.times == times and len(overview.rows) == 3
