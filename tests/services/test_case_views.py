"""The case view in one call: everything the page shows, as the actor may see it, audited once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.session import Session
from survivorapp.services.access import VaultSession
from survivorapp.services.case_views import CaseView, session_draft_key
from survivorapp.services.context import NotFound
from survivorapp.services.permissions import PermissionDenied
from tests.services.conftest import REFERRAL, as_user, audit_count, case, survivor

TODAY = date.today()


def opens(session: VaultSession, reference: str) -> list[str]:
    """The entities of the 'open' audit entries written for the case, oldest first."""
    return [
        str(row[0])
        for row in session.vault.connection.execute(
            "SELECT entity FROM audit_log WHERE action = 'open' AND case_ref = ? ORDER BY seq",
            (reference,),
        )
    ]


def logged(session: VaultSession, reference: str, days_ago: int, *flags: str) -> Session:
    return session.cases.log_session(
        Session(
            reference,
            TODAY - timedelta(days=days_ago),
            45,
            "phone",
            "emotional_support",
            note=f"{days_ago} days ago",
            risk_flags=flags,
        )
    )


@pytest.fixture
def reference(admin_session: VaultSession) -> str:
    """A case allocated to the caseworker "cw", with two sessions, a draft and a matter."""
    made = admin_session.cases.open_new_case(
        survivor(known_as="Robin"),
        case(allocated_worker="cw", status="active", allocation_date=REFERRAL),
    )
    cw = as_user(admin_session, "cw")
    logged(cw, made.reference, 200, "housing_unsafe")  # too long ago to head the case
    logged(cw, made.reference, 3, "harm_from_perpetrator")
    matter = cw.justice.add_matter(JusticeMatter(made.reference, police_force="Met"))
    cw.justice.record_event(
        JusticeEvent(matter.id, "reported_to_police", TODAY - timedelta(days=20), "survivor")
    )
    cw.drafts.save(session_draft_key(made.reference, None), made.reference, '{"note": "half"}')
    return made.reference


def test_one_call_gives_everything_the_case_view_shows(
    admin_session: VaultSession, reference: str
) -> None:
    view = as_user(admin_session, "cw").cases.case_view(reference)
    assert isinstance(view, CaseView)
    assert view.reference == reference
    assert view.detail.survivor.known_as == "Robin"
    assert view.detail.session_count == 2
    assert [s.note for s in view.sessions] == ["3 days ago", "200 days ago"]  # newest first
    assert view.risk_flags == ("harm_from_perpetrator",)
    assert view.new_session_draft == '{"note": "half"}'
    assert view.workers["cw"] and view.workers["admin"]
    [record] = view.journey.matters
    assert record.matter.police_force == "Met"
    assert [e.event_type for e in record.events] == ["reported_to_police"]


def test_history_only_for_those_who_may_see_it(admin_session: VaultSession, reference: str) -> None:
    assert as_user(admin_session, "cw").cases.case_view(reference).history is None
    history = as_user(admin_session, "mgr").cases.case_view(reference).history
    assert history is not None
    # Newest first, and this very opening is already in it (it is read in the same trip).
    assert (history[0].actor, history[0].action, history[0].entity) == ("mgr", "open", "case")


def test_the_draft_is_the_actors_own(admin_session: VaultSession, reference: str) -> None:
    assert as_user(admin_session, "mgr").cases.case_view(reference).new_session_draft is None


def test_opening_is_audited_once_for_the_case_and_once_for_its_journey(
    admin_session: VaultSession, reference: str
) -> None:
    before = opens(admin_session, reference)
    as_user(admin_session, "cw").cases.case_view(reference)
    assert opens(admin_session, reference) == [*before, "case", "justice"]


def test_a_restricted_case_is_refused_as_if_it_did_not_exist(
    admin_session: VaultSession, reference: str
) -> None:
    admin_session.cases.restrict(reference, ["cw"])
    assert as_user(admin_session, "cw").cases.case_view(reference).reference == reference
    before = audit_count(admin_session)
    with pytest.raises(NotFound):
        as_user(admin_session, "mgr").cases.case_view(reference)
    with pytest.raises(NotFound):
        as_user(admin_session, "cw2").cases.case_view(reference)
    assert audit_count(admin_session) == before  # a refusal opens nothing


def test_a_case_that_is_not_yours_is_refused(admin_session: VaultSession, reference: str) -> None:
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw2").cases.case_view(reference)


def test_an_unknown_case_is_not_found(admin_session: VaultSession) -> None:
    with pytest.raises(NotFound):
        admin_session.cases.case_view("C-999999")
