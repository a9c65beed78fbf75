"""Today's numbers against a vault built by hand: each card, for a caseworker and a manager."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.referrals.records import Referral
from survivorapp.domain.session import Session
from survivorapp.domain.task import Task
from survivorapp.domain.today import week_start
from survivorapp.domain.waiting_list import WorkerLoad
from survivorapp.services.access import VaultSession
from tests.services.conftest import as_user, case, survivor

TODAY = date.today()
MONDAY = week_start(TODAY)


def open_case(session: VaultSession, name: str, days_ago: int = 30) -> str:
    return session.cases.open_new_case(
        survivor(name=name, known_as=name), case(referral_date=TODAY - timedelta(days=days_ago))
    ).reference


def task(reference: str, due_in: int, text: str = "Call back", done: bool = False) -> Task:
    return Task(TODAY + timedelta(days=due_in), text, case_reference=reference, done=done)


def session_on(reference: str, day: date) -> Session:
    return Session(reference, day, 45, "phone", "emotional_support")


@pytest.fixture
def vault(admin_session: VaultSession) -> dict[str, str]:
    """cw has two cases (Kim, Lee); cw2 one (Max); three survivors wait, unallocated."""
    cw, cw2, mgr = (as_user(admin_session, u) for u in ("cw", "cw2", "mgr"))
    made = {
        "Kim": open_case(cw, "Kim", 60),
        "Lee": open_case(cw, "Lee", 50),
        "Max": open_case(cw2, "Max", 40),
        "Noor": open_case(mgr, "Noor", 90),
        "Oli": open_case(mgr, "Oli", 15),
        "Pat": open_case(mgr, "Pat", 3),
    }
    for reference, due_in, done in (
        (made["Kim"], -3, False),  # overdue
        (made["Lee"], 0, False),  # due today
        (made["Kim"], 6, False),  # this week
        (made["Kim"], 8, False),  # too far ahead
        (made["Lee"], -10, True),  # done
    ):
        cw.cases.add_task(task(reference, due_in, done=done))
    cw2.cases.add_task(task(made["Max"], 1))  # someone else's
    mgr.cases.add_task(task(made["Noor"], 2, "Triage the referral"))
    for day in {MONDAY, TODAY}:
        cw.cases.log_session(session_on(made["Kim"], day))
    cw.cases.log_session(session_on(made["Lee"], TODAY))
    cw.cases.log_session(session_on(made["Lee"], MONDAY - timedelta(days=1)))  # last week
    cw2.cases.log_session(session_on(made["Max"], TODAY))
    cw.drafts.save("session:" + made["Kim"] + ":new", made["Kim"], '{"note": "half"}')
    cw2.drafts.save("session:" + made["Max"] + ":new", made["Max"], "theirs")
    matter = cw.justice.add_matter(JusticeMatter(made["Kim"]))
    cw.justice.record_event(
        JusticeEvent(
            matter.id,
            "trial_listed",
            TODAY - timedelta(days=20),
            "police",
            hearing_date=TODAY + timedelta(days=4),
        )
    )
    return made


def test_a_caseworker_sees_their_own_day(
    admin_session: VaultSession, vault: dict[str, str]
) -> None:
    today = as_user(admin_session, "cw").dashboard.today()
    assert today.manager is None
    assert [(e.case_reference, e.day) for e in today.hearings if e.kind == "hearing"] == [
        (vault["Kim"], TODAY + timedelta(days=4))
    ]
    assert [(t.known_as, t.due_date, t.overdue) for t in today.tasks_due] == [
        ("Kim", TODAY - timedelta(days=3), True),
        ("Lee", TODAY, False),
        ("Kim", TODAY + timedelta(days=6), False),
    ]
    assert (today.tasks_due_count, today.tasks_overdue_count) == (3, 1)
    this_week = 2 if MONDAY != TODAY else 1  # Kim on Monday and today, Lee today
    assert today.sessions_this_week_count == this_week + 1
    assert {s.case_reference for s in today.sessions_this_week} == {vault["Kim"], vault["Lee"]}
    assert all(s.session_date >= MONDAY for s in today.sessions_this_week)
    assert [(d.case_reference, d.known_as, d.is_session_note) for d in today.drafts] == [
        (vault["Kim"], "Kim", True)
    ]


def test_a_manager_sees_the_service(admin_session: VaultSession, vault: dict[str, str]) -> None:
    today = as_user(admin_session, "mgr").dashboard.today()
    assert [t.text for t in today.tasks_due] == ["Triage the referral"]  # their own only
    assert today.sessions_this_week_count == 0 and today.drafts == ()
    assert today.hearings == ()  # Today is "my" hearings: none of these cases are theirs
    manager = today.manager
    assert manager is not None
    assert (manager.waiting_count, manager.longest_wait_days) == (3, 90)
    assert manager.unallocated_count == 3
    assert [(c.known_as, c.day) for c in manager.unallocated] == [
        ("Noor", TODAY - timedelta(days=90)),
        ("Oli", TODAY - timedelta(days=15)),
        ("Pat", TODAY - timedelta(days=3)),
    ]
    assert manager.caseload == (
        WorkerLoad("cw", "cw", 2),
        WorkerLoad("cw2", "cw2", 1),
        WorkerLoad("isva", "isva", 0),
    )


def test_allocation_and_closing_change_the_managers_numbers(
    admin_session: VaultSession, vault: dict[str, str]
) -> None:
    mgr = as_user(admin_session, "mgr")
    mgr.waiting_list.allocate(vault["Noor"], "isva")
    kim = mgr.cases.get(vault["Kim"]).case
    mgr.cases.update_case(
        dataclasses.replace(
            kim, status="closed", closure_date=TODAY, closure_reason="support_complete"
        )
    )
    manager = mgr.dashboard.today().manager
    assert manager is not None
    assert (manager.waiting_count, manager.longest_wait_days, manager.unallocated_count) == (
        2,
        15,
        2,
    )
    assert {w.username: w.open_cases for w in manager.caseload} == {"cw": 1, "cw2": 1, "isva": 1}


def test_cases_someone_may_not_see_are_not_counted(
    admin_session: VaultSession, vault: dict[str, str]
) -> None:
    admin_session.cases.restrict(vault["Noor"], ["admin"])
    manager = as_user(admin_session, "mgr").dashboard.today().manager
    assert manager is not None
    assert (manager.waiting_count, manager.longest_wait_days) == (2, 15)
    # The named manager still sees it.
    named = admin_session.dashboard.today().manager
    assert named is not None and named.waiting_count == 3


def test_a_draft_for_a_case_no_longer_mine_is_left_out(
    admin_session: VaultSession, vault: dict[str, str]
) -> None:
    mgr = as_user(admin_session, "mgr")
    mgr.waiting_list.allocate(vault["Kim"], "isva")  # reassigned away from cw
    today = as_user(admin_session, "cw").dashboard.today()
    assert today.drafts == ()
    assert [t.known_as for t in today.tasks_due] == ["Lee"]


def test_an_admin_without_casework_sees_an_empty_day(
    admin_session: VaultSession, vault: dict[str, str]
) -> None:
    today = as_user(admin_session, "adm").dashboard.today()
    assert (today.tasks_due, today.sessions_this_week, today.drafts, today.hearings) == (
        (),
        (),
        (),
        (),
    )
    assert today.manager is None


# --- referrals (from the referrals service) ------------------------------------------------


def test_referral_cards_show_mine_and_the_services_long_waits(
    admin_session: VaultSession, vault: dict[str, str]
) -> None:
    cw, cw2 = as_user(admin_session, "cw"), as_user(admin_session, "cw2")
    for session, reference in ((cw, vault["Kim"]), (cw2, vault["Max"])):
        session.cases.record_consent(
            ConsentRecord(
                reference,
                "referral_named_agencies",
                "given",
                TODAY - timedelta(days=120),
                "verbal",
                scope="Talking therapies, housing",
            )
        )
    cw.referrals.make(Referral(vault["Kim"], "talking_therapies", TODAY - timedelta(days=40)))
    cw.referrals.make(Referral(vault["Kim"], "housing", TODAY - timedelta(days=2)))  # too new
    cw2.referrals.make(Referral(vault["Max"], "talking_therapies", TODAY - timedelta(days=50)))
    mine = cw.dashboard.today().referrals_awaiting
    assert mine is not None
    assert [(r.case_reference, r.destination_type, r.days_waiting) for r in mine] == [
        (vault["Kim"], "talking_therapies", 40)
    ]
    manager = as_user(admin_session, "mgr").dashboard.today().manager
    assert manager is not None
    threshold = as_user(admin_session, "mgr").referrals.follow_up_days()
    assert manager.referral_threshold_days == threshold
    assert manager.referrals_over_threshold == (("talking_therapies", 2),)
