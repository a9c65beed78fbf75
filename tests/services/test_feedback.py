"""The feedback service on real vaults: recording, who sees what, flags, import, due, summaries."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.questionnaires.scoring import NotScorable, Score
from survivorapp.services.access import VaultSession
from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from tests.services.conftest import as_user, case, survivor

TODAY = date.today()
STARTED = TODAY - timedelta(days=100)
YEAR = (TODAY - timedelta(days=365), TODAY)


def open_active_case(
    session: VaultSession, worker: str, name: str = "Robin", started: date = STARTED
) -> str:
    created = session.cases.open_new_case(
        survivor(name=name, known_as=name),
        case(
            referral_date=started - timedelta(days=10),
            status="active",
            allocation_date=started,
            allocated_worker=worker,
        ),
    )
    return created.reference


def phq9(values: list[Any], **fields: Any) -> Administration:
    responses = {f"phq9_{i}": v for i, v in enumerate(values, start=1) if v is not None}
    base: dict[str, Any] = {
        "instrument_id": "phq9",
        "instrument_version": 1,
        "timepoint": "intake",
        "mode": "self_completed",
        "administered_on": STARTED + timedelta(days=3),
        "responses": responses,
    }
    return Administration(**{**base, **fields})


def exit_feedback(case_reference: str | None, **responses: Any) -> Administration:
    return Administration(
        "service_feedback_exit",
        1,
        "exit",
        "self_completed",
        TODAY - timedelta(days=1),
        responses,
        case_reference=case_reference,
    )


@pytest.fixture
def cw(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "cw")


@pytest.fixture
def mgr(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "mgr")


@pytest.fixture
def adm(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "adm")


@pytest.fixture
def robin(cw: VaultSession) -> str:
    return open_active_case(cw, "cw")


def stored_row(session: VaultSession, administration_id: int) -> dict[str, Any]:
    cursor = session.vault.connection.execute(
        "SELECT * FROM feedback_administrations WHERE id = ?", (administration_id,)
    )
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def audit_rows(session: VaultSession) -> list[tuple[str, str, str | None, str]]:
    return [
        (r[0], r[1], r[2], r[3])
        for r in session.vault.connection.execute(
            "SELECT action, entity, case_ref, fields FROM audit_log ORDER BY seq"
        )
    ]


# --- recording ----------------------------------------------------------------------------------


def test_score_is_worked_out_by_the_service_not_taken_from_the_caller(
    cw: VaultSession, robin: str
) -> None:
    claimed = phq9(
        [1, 2, 0, 3, 1, 0, 2, 1, 0],
        case_reference=robin,
        score_status="scored",
        score_total=27,
        score_band="severe",
        flags=("phq9_self_harm",),
    )
    recorded = cw.feedback.record_administration(claimed)
    view = recorded.administration
    assert isinstance(view.score, Score)
    assert (view.score.total, view.score.band and view.score.band.code) == (10, "moderate")
    assert recorded.flags == () and view.flags == ()
    row = stored_row(cw, view.id)
    assert (row["score_total"], row["score_band"], row["flags"]) == (10, "moderate", "[]")
    assert row["instrument_kind"] == "outcome_measure"
    assert row["recorded_by"] == "cw"
    assert json.loads(row["responses"])["phq9_4"] == 3


def test_not_scorable_is_stored_with_its_reason(cw: VaultSession, robin: str) -> None:
    values: list[Any] = [1, 2, 0, 3, 1, 0, 2, "declined", None]
    view = cw.feedback.record_administration(
        phq9(values, case_reference=robin, stopped_early=True)
    ).administration
    assert isinstance(view.score, NotScorable)
    assert "2 of the 9 questions" in view.score.reason
    assert (view.answered, view.declined, view.stopped_early) == (7, 1, True)
    again = cw.feedback.for_case(robin)[0]
    assert again.responses is not None and again.responses["phq9_8"] == "declined"
    assert "phq9_9" not in again.responses  # skipped stays absent, not "declined"


def test_safeguarding_flag_for_phq9_question_9_is_returned_to_the_worker(
    cw: VaultSession, robin: str
) -> None:
    recorded = cw.feedback.record_administration(
        phq9([0, 0, 0, 0, 0, 0, 0, 0, 1], case_reference=robin)
    )
    assert [f.id for f in recorded.flags] == ["phq9_self_harm"]
    assert recorded.flags[0].item == "phq9_9"
    assert "safety" in str(recorded.flags[0].message)
    assert [f.id for f in cw.feedback.for_case(robin)[0].flags] == ["phq9_self_harm"]
    # the audit log names fields only: no flag, no answer
    entry = [r for r in audit_rows(cw) if r[1] == "feedback_administration"][-1]
    assert "flag" not in entry[3] and "self_harm" not in entry[3]
    quiet = cw.feedback.record_administration(
        phq9([3, 3, 3, 3, 3, 3, 3, 3, 0], case_reference=robin, timepoint="exit")
    )
    assert quiet.flags == ()


def test_answers_are_validated_against_the_instrument(cw: VaultSession, robin: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        cw.feedback.record_administration(
            phq9([7], case_reference=robin, responses={"phq9_1": 7, "nonsense": 1})
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"responses.phq9_1", "responses.nonsense"}
    with pytest.raises(ValidationFailed, match="review's number"):
        cw.feedback.record_administration(phq9([0] * 9, case_reference=robin, timepoint="review"))
    with pytest.raises(ValidationFailed, match="isn't known"):
        cw.feedback.record_administration(phq9([0] * 9, case_reference=robin, instrument_version=9))
    with pytest.raises(ValidationFailed, match="future"):
        cw.feedback.record_administration(
            phq9([0] * 9, case_reference=robin, administered_on=TODAY + timedelta(days=1))
        )


def test_anonymous_feedback_needs_no_case(
    cw: VaultSession, adm: VaultSession, admin_session: VaultSession
) -> None:
    session = Administration(
        "service_feedback_session",
        1,
        "session",
        "self_completed",
        TODAY,
        {"listened_to": 5, "helpful": 4, "comments": "It helped to talk."},
    )
    view = cw.feedback.record_administration(session).administration
    assert view.case_reference is None
    assert stored_row(cw, view.id)["case_reference"] is None
    assert ("create", "feedback_administration", None) in [r[:3] for r in audit_rows(cw)]
    # an administrator who does no casework can't, and an outcome measure can't be anonymous
    with pytest.raises(PermissionDenied):
        adm.feedback.record_administration(session)
    with pytest.raises(ValidationFailed, match="Only service feedback can be anonymous"):
        cw.feedback.record_administration(phq9([0] * 9))


def test_recording_on_someone_elses_case_is_refused(
    admin_session: VaultSession, robin: str
) -> None:
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw2").feedback.record_administration(
            phq9([0] * 9, case_reference=robin)
        )
    with pytest.raises(NotFound):
        as_user(admin_session, "cw").feedback.record_administration(
            phq9([0] * 9, case_reference="C-999999")
        )


# --- who sees what ------------------------------------------------------------------------------


def test_service_feedback_answers_are_hidden_at_case_level_by_default(
    cw: VaultSession, mgr: VaultSession, robin: str
) -> None:
    recorded = cw.feedback.record_administration(
        exit_feedback(robin, believed=2, safer=1, comments="My worker was often late.")
    )
    for view in (
        recorded.administration,
        *cw.feedback.for_case(robin),
        *mgr.feedback.for_case(robin),
    ):
        assert view.kind == "service_feedback"
        assert not view.answers_visible
        assert view.responses is None and view.score is None
        # the fact of completion is still shown
        assert (view.timepoint, view.answered, view.item_count) == ("exit", 3, 10)
        assert "late" not in repr(view) and "believed" not in repr(view)
    assert cw.feedback.answers_visible("service_feedback_exit") is False
    assert cw.feedback.answers_visible("phq9") is True


def test_outcome_measures_are_visible_to_whoever_may_view_the_case(
    cw: VaultSession, mgr: VaultSession, admin_session: VaultSession, robin: str
) -> None:
    cw.feedback.record_administration(phq9([1] * 9, case_reference=robin))
    for session in (cw, mgr):
        (view,) = session.feedback.for_case(robin)
        assert view.answers_visible and view.responses is not None
        assert isinstance(view.score, Score) and view.score.total == 9
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw2").feedback.for_case(robin)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "adm").feedback.for_case(robin)


def test_an_administrator_can_show_service_feedback_for_one_instrument(
    cw: VaultSession, adm: VaultSession, robin: str
) -> None:
    cw.feedback.record_administration(exit_feedback(robin, believed=5, recommend=4))
    with pytest.raises(PermissionDenied):
        cw.feedback.set_answer_visibility("service_feedback_exit", True)
    adm.feedback.set_answer_visibility("service_feedback_exit", True)
    (view,) = cw.feedback.for_case(robin)
    assert view.answers_visible and view.responses == {"believed": 5, "recommend": 4}
    assert cw.feedback.answer_visibility()["service_feedback_session"] is False
    adm.feedback.set_answer_visibility("phq9", False)
    cw.feedback.record_administration(phq9([1] * 9, case_reference=robin))
    hidden = [v for v in cw.feedback.for_case(robin) if v.instrument_id == "phq9"]
    assert hidden[0].responses is None and hidden[0].score is None
    assert cw.feedback.measure_series(robin, "phq9").hidden
    assert ("change", "setting") in [r[:2] for r in audit_rows(adm)]


# --- import --------------------------------------------------------------------------------------


def licensed_file(**changes: Any) -> str:
    scale = [{"value": v, "label": f"Option {v}"} for v in range(1, 6)]
    data: dict[str, Any] = {
        "format": "survivorapp-instrument",
        "format_version": 1,
        "id": "licensed_wellbeing",
        "version": 1,
        "kind": "outcome_measure",
        "title": "Our licensed wellbeing scale",
        "introduction": "Please tick the box that best describes your experience.",
        "languages": ["en"],
        "scales": {"five": scale},
        "items": [
            {"id": f"lw{i}", "text": f"Statement {i}", "scale": "five", "reverse_scored": i == 3}
            for i in range(1, 5)
        ],
        "scoring": {
            "total": {
                "method": "sum",
                "items": ["lw1", "lw2", "lw3", "lw4"],
                "missing": {"max_missing": 0, "prorate": False},
                "direction": "higher_is_better",
                "meaningful_change": 3,
            }
        },
        "licence": {"name": "Licensed to us", "attribution": "(c) Its owners. Used under licence."},
    }
    data.update(changes)
    return json.dumps(data)


def test_an_administrator_imports_a_licensed_instrument(
    adm: VaultSession, cw: VaultSession, robin: str
) -> None:
    instrument = adm.feedback.import_instrument(licensed_file())
    assert (instrument.id, instrument.origin) == ("licensed_wellbeing", "imported")
    assert "licensed_wellbeing" in {i.id for i in cw.feedback.instruments()}
    recorded = cw.feedback.record_administration(
        Administration(
            "licensed_wellbeing",
            1,
            "intake",
            "read_out",
            STARTED + timedelta(days=2),
            {"lw1": 4, "lw2": 4, "lw3": 2, "lw4": 4},
            case_reference=robin,
        )
    )
    assert isinstance(recorded.administration.score, Score)
    assert recorded.administration.score.total == 16  # 4 + 4 + (6 - 2) + 4
    stored = adm.vault.connection.execute(
        "SELECT instrument_id, version, imported_by FROM imported_instruments"
    ).fetchall()
    assert stored == [("licensed_wellbeing", 1, "adm")]
    assert ("import", "instrument") in [r[:2] for r in audit_rows(adm)]
    # a new version is a new file; the old version stays for the answers given with it
    adm.feedback.import_instrument(licensed_file(version=2, title="Second version"))
    assert cw.feedback.instrument("licensed_wellbeing").version == 2
    assert cw.feedback.instrument("licensed_wellbeing", 1).version == 1


def test_a_bad_import_is_refused_with_every_problem_named(adm: VaultSession) -> None:
    bad = json.loads(licensed_file())
    del bad["id"]
    bad["items"][1]["id"] = "lw1"
    bad["scoring"]["total"]["items"].append("lw9")
    with pytest.raises(ValidationFailed) as caught:
        adm.feedback.import_instrument(json.dumps(bad))
    messages = [p.message for p in caught.value.problems]
    assert messages == ["id: this field is missing."]
    del bad["scoring"]
    bad["id"] = "licensed_wellbeing"
    with pytest.raises(ValidationFailed) as caught:
        adm.feedback.import_instrument(json.dumps(bad))
    assert [p.message for p in caught.value.problems] == [
        "items[1].id: 'lw1' is used by another question too.",
        "scoring: an outcome measure needs scoring rules.",
    ]
    with pytest.raises(ValidationFailed, match="isn't valid JSON"):
        adm.feedback.import_instrument("{not json")
    assert adm.vault.connection.execute("SELECT count(*) FROM imported_instruments").fetchone() == (
        0,
    )


def test_import_refuses_clashes_and_non_administrators(
    adm: VaultSession, mgr: VaultSession
) -> None:
    with pytest.raises(ValidationFailed, match="comes with the app"):
        adm.feedback.import_instrument(licensed_file(id="phq9", version=7))
    adm.feedback.import_instrument(licensed_file())
    with pytest.raises(ValidationFailed, match="already imported"):
        adm.feedback.import_instrument(licensed_file(title="Same version, changed"))
    with pytest.raises(PermissionDenied):
        mgr.feedback.import_instrument(licensed_file(id="other_scale"))


# --- due, completion, series ---------------------------------------------------------------------


def test_intake_then_reviews_fall_due_by_the_interval(
    cw: VaultSession, adm: VaultSession, robin: str
) -> None:
    recent = open_active_case(cw, "cw", "Sam", started=TODAY - timedelta(days=20))
    # an intake is due two weeks after support starts; one that is a whole review interval
    # overdue (Robin's: support began 100 days ago) leaves the list for completion figures
    (due,) = cw.feedback.due_reviews()
    assert (due.case_reference, due.timepoint) == (recent, "intake")
    assert due.due_on == TODAY - timedelta(days=6) and due.overdue
    robin_due = cw.feedback.due_for_case(robin)
    assert robin_due is not None and robin_due.due_on == STARTED + timedelta(days=14)
    cw.feedback.record_administration(phq9([2] * 9, case_reference=recent, administered_on=TODAY))
    assert cw.feedback.due_reviews(within_days=7) == []
    intake_day = TODAY - timedelta(days=30)
    cw.feedback.record_administration(
        phq9([2] * 9, case_reference=robin, administered_on=intake_day)
    )
    due = cw.feedback.due_reviews()[0]
    assert (due.case_reference, due.timepoint, due.review_number) == (robin, "review", 1)
    assert due.due_on == intake_day + timedelta(weeks=6) and not due.overdue
    adm.settings.set("feedback_review_interval_weeks", 4)
    due = cw.feedback.due_reviews()[0]
    assert due.due_on == intake_day + timedelta(weeks=4) and due.overdue
    # service feedback does not count as an outcome measure review
    cw.feedback.record_administration(exit_feedback(robin, believed=5))
    cw.feedback.record_administration(
        phq9([1] * 9, case_reference=robin, timepoint="review", review_number=1,
             administered_on=TODAY - timedelta(days=2))
    )  # fmt: skip
    due_case = cw.feedback.due_for_case(robin)
    assert due_case is not None
    assert (due_case.timepoint, due_case.review_number) == ("review", 2)
    assert due_case.due_on == TODAY - timedelta(days=2) + timedelta(weeks=4)


def test_due_reviews_cover_only_the_cases_the_actor_sees(
    admin_session: VaultSession, cw: VaultSession, mgr: VaultSession, robin: str
) -> None:
    recent = TODAY - timedelta(days=3)
    other = open_active_case(as_user(admin_session, "cw2"), "cw2", "Sam", started=recent)
    mine = open_active_case(cw, "cw", "Ash", started=recent)
    assert [d.case_reference for d in cw.feedback.due_reviews()] == [mine]
    assert {d.case_reference for d in mgr.feedback.due_reviews()} == {mine, other}
    assert robin  # started 100 days ago with no intake: counted by completion, not listed
    assert mgr.feedback.due_reviews(mine_only=True) == []


def test_completion_across_a_caseload(
    admin_session: VaultSession, cw: VaultSession, robin: str
) -> None:
    second = open_active_case(cw, "cw", "Sam")
    cw.feedback.record_administration(
        phq9([1] * 9, case_reference=robin, administered_on=TODAY - timedelta(days=10))
    )
    completion = cw.feedback.completion(*YEAR)
    assert (completion.open_cases, completion.with_intake) == (2, 1)
    assert (completion.reviews_up_to_date, completion.reviews_overdue) == (1, 0)
    assert completion.by_timepoint == {"intake": 1}
    assert (completion.closed_in_period, completion.closed_with_exit) == (0, 0)
    assert second


def test_measure_series_for_the_chart(cw: VaultSession, robin: str) -> None:
    cw.feedback.record_administration(
        phq9([3, 3, 2, 2, 2, 2, 2, 2, 2], case_reference=robin,
             administered_on=TODAY - timedelta(days=50))
    )  # fmt: skip
    cw.feedback.record_administration(
        phq9([1] * 8 + [None, None], case_reference=robin, timepoint="review", review_number=1,
             administered_on=TODAY - timedelta(days=8))
    )  # fmt: skip
    cw.feedback.record_administration(
        phq9([1, 1, 1, 1, 1, 1, 1, 0, 0], case_reference=robin, timepoint="review",
             review_number=2, administered_on=TODAY - timedelta(days=1))
    )  # fmt: skip
    series = cw.feedback.measure_series(robin, "phq9")
    assert [p.total for p in series.points] == [20, 9, 7]
    assert series.meaningful_change == 5 and series.direction == "higher_is_worse"
    assert (series.lowest, series.highest) == (0, 27)
    assert series.bands[0].code == "minimal"
    assert series.cut_point is not None and series.cut_point.value == 10
    assert (series.change, series.change_kind) == (-13, "improved")
    assert series.points[1].timepoint == "review"


# --- the managers' summary ----------------------------------------------------------------------


def test_summary_counts_answers_and_hides_small_counts(
    cw: VaultSession, mgr: VaultSession, robin: str
) -> None:
    for number in range(7):
        believed = 5 if number < 6 else 4
        extra = {"comments": f"Comment number {number}"} if number < 5 else {}
        safer: Any = "declined" if number < 5 else 3
        cw.feedback.record_administration(
            exit_feedback(None if number else robin, believed=believed, safer=safer, **extra)
        )
    summary = mgr.feedback.service_feedback_summary(*YEAR)
    (exit_summary,) = summary.instruments
    assert exit_summary.instrument_id == "service_feedback_exit"
    assert exit_summary.responses.text == "7"
    items = {i.item_id: i for i in exit_summary.items}
    believed = {o.value: o.cell for o in items["believed"].options}
    assert (believed[5].count, believed[5].percent) == (6, 85.7)
    assert (believed[4].text, believed[4].count, believed[4].percent) == (
        "fewer than 5",
        None,
        None,
    )
    assert believed[1].text == "0"
    assert items["safer"].declined.count == 5
    assert items["safer"].answered.text == "fewer than 5"
    assert items["cope"].skipped.count == 7
    assert items["comments"].comments.count == 5
    assert "Comment number" not in repr(summary)


def test_summary_is_for_managers_only(cw: VaultSession, adm: VaultSession) -> None:
    for session in (cw, adm):
        with pytest.raises(PermissionDenied):
            session.feedback.service_feedback_summary(*YEAR)


def test_summary_leaves_out_outcome_measures_and_other_periods(
    cw: VaultSession, mgr: VaultSession, robin: str
) -> None:
    cw.feedback.record_administration(phq9([1] * 9, case_reference=robin))
    old = exit_feedback(robin, believed=5)
    cw.feedback.record_administration(
        Administration(**{**old.__dict__, "administered_on": TODAY - timedelta(days=400)})
    )
    assert mgr.feedback.service_feedback_summary(*YEAR).instruments == ()


def test_an_imported_file_that_no_longer_loads_is_left_out(adm: VaultSession) -> None:
    with adm.vault.transaction() as conn:
        conn.execute(
            "INSERT INTO imported_instruments(instrument_id, version, definition, imported_on) "
            "VALUES ('broken', 1, '{\"id\": \"broken\"}', '2026-01-01')"
        )
    assert "broken" not in {i.id for i in adm.feedback.instruments()}
    assert "phq9" in {i.id for i in adm.feedback.instruments()}


def test_nothing_is_due_before_support_starts(mgr: VaultSession) -> None:
    waiting = mgr.cases.open_new_case(survivor(name="Ash"), case()).reference
    assert mgr.cases.get(waiting).case.status == "waiting"
    assert mgr.feedback.due_for_case(waiting) is None
    assert mgr.feedback.due_reviews() == []
