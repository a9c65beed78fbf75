"""The feedback screens' views: each read whole, in one transaction, as the actor sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import PermissionDenied
from tests.services.conftest import as_user
from tests.services.test_feedback import (
    TODAY,
    YEAR,
    audit_rows,
    exit_feedback,
    open_active_case,
    phq9,
)
from tests.services.test_referral_views import count_transactions


@pytest.fixture
def cw(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "cw")


@pytest.fixture
def mgr(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "mgr")


def test_case_feedback_holds_questionnaires_visible_series_and_what_is_due(
    cw: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    robin = open_active_case(cw, "cw")
    cw.feedback.record_administration(
        phq9([2] * 9, case_reference=robin, administered_on=TODAY - timedelta(days=30))
    )
    cw.feedback.record_administration(exit_feedback(robin, believed=5))
    opened = count_transactions(cw, monkeypatch)

    view = cw.feedback.case_feedback(robin)

    assert len(opened) == 1
    assert view.reference == robin
    assert sorted(a.instrument_id for a in view.administrations) == [
        "phq9",
        "service_feedback_exit",
    ]
    # Only the outcome measure has a chart: service feedback answers are hidden at case level.
    assert [s.instrument.id for s in view.series] == ["phq9"]
    assert [p.total for p in view.series[0].points] == [18]
    assert view.due is not None and view.due.timepoint == "review"
    assert audit_rows(cw)[-1][:3] == ("open", "feedback", robin)


def test_case_feedback_follows_the_case_permissions(
    cw: VaultSession, admin_session: VaultSession
) -> None:
    robin = open_active_case(cw, "cw")
    before = audit_rows(cw)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw2").feedback.case_feedback(robin)
    assert audit_rows(cw) == before


def test_overview_for_a_worker_leaves_out_the_summary(
    cw: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    recent = open_active_case(cw, "cw", "Sam", started=TODAY - timedelta(days=3))
    opened = count_transactions(cw, monkeypatch)

    overview = cw.feedback.overview(*YEAR, mine_only=True, due_within_days=14, with_summary=False)

    assert len(opened) == 1
    assert overview.completion.open_cases == 1
    assert [d.case_reference for d in overview.due] == [recent]
    assert overview.summary is None


def test_overview_for_a_manager_adds_up_service_feedback(
    cw: VaultSession, mgr: VaultSession
) -> None:
    robin = open_active_case(cw, "cw")
    for _person in range(6):
        cw.feedback.record_administration(exit_feedback(robin, believed=5))
    overview = mgr.feedback.overview(*YEAR, mine_only=False, due_within_days=14, with_summary=True)
    assert overview.summary is not None
    assert [s.instrument_id for s in overview.summary.instruments] == ["service_feedback_exit"]
    with pytest.raises(PermissionDenied):
        cw.feedback.overview(*YEAR, mine_only=True, due_within_days=14, with_summary=True)


def test_questionnaire_choices_say_whose_answers_are_seen(cw: VaultSession) -> None:
    choices = cw.feedback.questionnaire_choices()
    ids = [i.id for i in choices.instruments]
    assert "phq9" in ids and "service_feedback_exit" in ids
    assert set(choices.answers_visible) == set(ids)
    assert choices.answers_visible["phq9"] and not choices.answers_visible["service_feedback_exit"]
