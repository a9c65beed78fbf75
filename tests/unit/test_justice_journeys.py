"""Hand-written journeys through the criminal justice system, each a small table of events.

Rows read ``date event_type key=value ...``; ids are given in row order from 1, so
``supersedes=2`` corrects the second row. ``position:<code>`` rows record the survivor's own
position on that date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from survivorapp.domain.justice.derive import JourneyState, LeftProcess, derive
from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition

TODAY = date(2026, 1, 15)
INTS = {"count", "supersedes"}
DATES = {"hearing_date"}
ALIASES = {"outcome": "outcome_code", "on": "hearing_date", "by": "defendant"}


def parse(table: str) -> tuple[list[JusticeEvent], list[SurvivorPosition]]:
    events: list[JusticeEvent] = []
    positions: list[SurvivorPosition] = []
    for line in table.strip().splitlines():
        day, kind, *pairs = line.split()
        when = date.fromisoformat(day)
        if kind.startswith("position:"):
            positions.append(SurvivorPosition(1, kind.split(":", 1)[1], when))
            continue
        fields: dict[str, Any] = {}
        for pair in pairs:
            key, value = pair.split("=", 1)
            key = ALIASES.get(key, key)
            fields[key] = (
                int(value) if key in INTS else date.fromisoformat(value) if key in DATES else value
            )
        events.append(
            JusticeEvent(1, kind, when, "police", id=len(events) + 1, recorded_on=when, **fields)
        )
    return events, positions


def journey(table: str, today: date = TODAY) -> JourneyState:
    events, positions = parse(table)
    return derive(events, positions, today)


def check(state: JourneyState, **expected: Any) -> None:
    actual = {name: getattr(state, name) for name in expected}
    assert actual == expected


REPORT = "2024-01-10 reported_to_police\n"
CHARGED = REPORT + "2024-06-10 charging_decision outcome=charged_rape\n"
LISTED = CHARGED + "2024-07-01 ptph\n2024-07-01 trial_listed on=2025-03-03\n"

JOURNEYS: dict[str, tuple[str, dict[str, Any]]] = {
    "reported only": (
        REPORT,
        dict(stage_reached="report", status="ongoing", outcome_group="ongoing_pre_charge"),
    ),
    "no events yet": ("", dict(stage_reached="report", status="ongoing", left_process=None)),
    "not recorded as a crime (N100)": (
        REPORT + "2024-01-20 not_recorded_as_crime",
        dict(status="ended", outcome_group="not_recorded", ended_reason="police_decision",
             reviewable_by=None),
    ),
    "record cancelled then re-recorded": (
        REPORT + "2024-01-20 crime_cancelled\n2024-02-01 crime_recorded",
        dict(status="ongoing", outcome_group="ongoing_pre_charge", outcome_code=None),
    ),
    "report, FME and ABE interview": (
        "2024-01-09 forensic_examination\n" + REPORT + "2024-01-12 abe_interview",
        dict(stage_reached="report", current_stage="report", status="ongoing"),
    ),
    "investigation with bail and phone download": (
        REPORT + "2024-01-15 suspect_arrested\n2024-01-16 pre_charge_bail\n"
        "2024-01-16 survivor_views_on_bail_sought\n2024-02-01 digital_download_requested",
        dict(stage_reached="investigation", current_stage="investigation", status="ongoing"),
    ),
    "early advice then file to CPS": (
        REPORT + "2024-02-01 early_advice_requested\n2024-03-01 early_advice_given\n"
        "2024-05-01 file_to_cps\n2024-05-20 cps_action_plan",
        dict(stage_reached="investigation", status="ongoing", outcome_group="ongoing_pre_charge"),
    ),
    "police NFA, evidential (15)": (
        REPORT + "2024-03-01 suspect_interviewed\n2024-04-01 police_decision outcome=outcome_15",
        dict(status="ended", outcome_group="police_nfa_evidential", outcome_code="outcome_15",
             ended_at_stage="investigation", ended_reason="police_decision",
             reviewable_by="police", days_report_to_outcome=82),
    ),
    "police NFA, no suspect (18)": (
        REPORT + "2024-04-01 police_decision outcome=outcome_18",
        dict(status="ended", outcome_group="police_nfa_no_suspect", reviewable_by=None),
    ),
    "police NFA, not in public interest (21)": (
        REPORT + "2024-04-01 police_decision outcome=outcome_21",
        dict(status="ended", outcome_group="police_nfa_public_interest", reviewable_by="police"),
    ),
    "community resolution (8)": (
        REPORT + "2024-04-01 police_decision outcome=outcome_8",
        dict(status="ended", outcome_group="out_of_court_disposal", reviewable_by=None),
    ),
    "survivor withdrawal at investigation": (
        REPORT + "2024-02-01 position:does_not_want_to_proceed\n"
        "2024-02-10 police_decision outcome=outcome_16",
        dict(status="ended", outcome_group="survivor_withdrew", ended_reason="survivor_withdrew",
             ended_at_stage="investigation", police_withdrawal_without_survivor_view=False,
             left_process=LeftProcess("investigation", "survivor_withdrew", "outcome_16",
                                      date(2024, 2, 10), "does_not_want_to_proceed")),
    ),
    "withdrawal recorded by police without the survivor's view": (
        REPORT + "2024-02-10 police_decision outcome=outcome_16",
        dict(outcome_group="survivor_withdrew", police_withdrawal_without_survivor_view=True,
             survivor_position=None),
    ),
    "withdrawal recorded by police against the survivor's stated wish": (
        REPORT + "2024-01-20 position:wants_to_proceed\n"
        "2024-02-10 police_decision outcome=outcome_16",
        dict(police_withdrawal_without_survivor_view=True, survivor_position="wants_to_proceed"),
    ),
    "survivor undecided, police continue": (
        REPORT + "2024-01-20 position:undecided\n2024-02-10 suspect_arrested",
        dict(status="ongoing", survivor_position="undecided", left_process=None),
    ),
    "police NFA -> VRR requested (pending)": (
        REPORT + "2024-04-01 police_decision outcome=outcome_15\n2024-04-10 vrr_police_requested",
        dict(status="ended", review_pending="police", review_requested=True),
    ),
    "police NFA -> VRR upheld": (
        REPORT + "2024-04-01 police_decision outcome=outcome_15\n2024-04-10 vrr_police_requested\n"
        "2024-05-20 vrr_police_upheld",
        dict(status="ended", outcome_group="police_nfa_evidential", review_pending=None),
    ),
    "NFA -> VRR -> reinstated -> charged -> convicted": (
        REPORT + "2024-04-01 police_decision outcome=outcome_15\n2024-04-10 vrr_police_requested\n"
        "2024-05-20 vrr_police_reinstated\n2024-08-01 file_to_cps\n"
        "2024-09-01 charging_decision outcome=charged_rape\n2024-10-01 trial_listed on=2025-06-02\n"
        "2025-06-02 trial_started\n2025-06-10 verdict outcome=convicted_after_trial count=1",
        dict(stage_reached="verdict", current_stage="verdict", status="ongoing",
             outcome_group="convicted", days_report_to_charging_decision=235,
             days_charge_to_first_trial_date=274, days_report_to_outcome=517),
    ),
    "police VRR reinstated returns to investigation": (
        REPORT + "2024-04-01 police_decision outcome=outcome_15\n2024-05-20 vrr_police_reinstated",
        dict(stage_reached="investigation", current_stage="investigation", status="ongoing",
             outcome_code=None, left_process=None),
    ),
    "CPS NFA, evidential": (
        REPORT + "2024-05-01 file_to_cps\n2024-08-01 charging_decision outcome=nfa_evidential",
        dict(status="ended", outcome_group="cps_nfa", ended_at_stage="charging_decision",
             ended_reason="cps_decision", reviewable_by="cps",
             days_report_to_charging_decision=204),
    ),
    "CPS NFA then police code 15 keeps the CPS ending": (
        REPORT + "2024-08-01 charging_decision outcome=nfa_evidential\n"
        "2024-08-05 police_decision outcome=outcome_15",
        dict(outcome_group="cps_nfa", reviewable_by="cps", police_outcome_code="outcome_15"),
    ),
    "CPS NFA while survivor did not want to proceed": (
        REPORT + "2024-07-01 position:does_not_want_to_proceed\n"
        "2024-08-01 charging_decision outcome=nfa_evidential",
        dict(outcome_group="survivor_withdrew", ended_reason="survivor_withdrew",
             police_withdrawal_without_survivor_view=False),
    ),
    "CPS NFA -> local review upheld -> appeal unit reinstates -> charged": (
        REPORT + "2024-08-01 charging_decision outcome=nfa_public_interest\n"
        "2024-08-05 vrr_cps_requested\n2024-09-01 vrr_cps_local_upheld\n"
        "2024-09-05 vrr_cps_appeal_requested\n2024-10-20 vrr_cps_reinstated\n"
        "2024-11-01 charging_decision outcome=charged_other_offence",
        dict(status="ongoing", outcome_group="charged", current_stage="charging_decision",
             days_report_to_charging_decision=204),
    ),
    "CPS VRR upheld (final)": (
        REPORT + "2024-08-01 charging_decision outcome=nfa_evidential\n"
        "2024-08-05 vrr_cps_requested\n2024-10-01 vrr_cps_upheld",
        dict(status="ended", outcome_group="cps_nfa", review_pending=None, review_requested=True),
    ),
    "CPS administratively finalised": (
        REPORT + "2024-05-01 file_to_cps\n2024-09-01 charging_decision "
        "outcome=administratively_finalised",
        dict(status="ended", outcome_group="cps_admin_finalised", reviewable_by=None),
    ),
    "CPS out-of-court disposal": (
        REPORT + "2024-09-01 charging_decision outcome=out_of_court_disposal",
        dict(status="ended", outcome_group="out_of_court_disposal"),
    ),
    "charged, first appearance, remanded": (
        CHARGED + "2024-06-11 first_appearance\n2024-06-11 remanded_in_custody",
        dict(stage_reached="pre_trial", status="ongoing", outcome_group="charged",
             charged_on=date(2024, 6, 10)),
    ),
    "guilty plea at PTPH -> sentence": (
        CHARGED + "2024-07-01 ptph\n2024-07-01 verdict outcome=guilty_plea\n"
        "2024-08-15 sentence outcome=immediate_custody",
        dict(stage_reached="sentence", status="ended", outcome_group="convicted",
             ended_reason="sentenced", left_process=None, days_report_to_outcome=173,
             sentenced_on=date(2024, 8, 15)),
    ),
    "not guilty plea at PTPH stays pre-trial": (
        CHARGED + "2024-07-01 ptph\n2024-07-01 verdict outcome=not_guilty_plea",
        dict(stage_reached="pre_trial", current_stage="pre_trial", status="ongoing",
             outcome_group="charged"),
    ),
    "CPS discontinues before trial": (
        LISTED + "2024-12-01 cps_discontinued",
        dict(status="ended", outcome_group="discontinued", ended_at_stage="pre_trial",
             reviewable_by="cps"),
    ),
    "s28 cross-examination recorded before trial": (
        LISTED + "2024-08-01 special_measures_application\n2024-09-01 ground_rules_hearing\n"
        "2024-09-20 s28_hearing",
        dict(stage_reached="pre_trial", status="ongoing", next_trial_date=date(2025, 3, 3)),
    ),
    "five relistings": (
        LISTED + "2025-01-10 trial_relisted on=2025-05-05 reason=no_court_or_judge\n"
        "2025-04-28 trial_vacated on=2025-09-01 reason=defence_not_ready\n"
        "2025-09-01 trial_adjourned on=2025-11-03 reason=defendant_ill\n"
        "2025-10-20 trial_relisted on=2026-02-02 reason=overlisting\n"
        "2026-01-05 trial_vacated on=2026-04-13 reason=earlier_trial_overran",
        dict(stage_reached="pre_trial", current_stage="pre_trial", status="ongoing",
             trial_date_changes=5, first_trial_date=date(2025, 3, 3),
             next_trial_date=date(2026, 4, 13), days_charge_to_first_trial_date=266),
    ),
    "trial vacated with no new date": (
        LISTED + "2025-02-01 trial_vacated reason=prosecution_not_ready",
        dict(trial_date_changes=1, next_trial_date=None, status="ongoing"),
    ),
    "at trial awaiting verdict": (
        LISTED + "2025-03-03 trial_started",
        dict(stage_reached="trial", status="ongoing", outcome_group="at_trial",
             next_trial_date=None),
    ),
    "hung jury awaiting retrial decision": (
        LISTED + "2025-03-03 trial_started\n2025-03-12 verdict outcome=hung_jury count=1",
        dict(stage_reached="trial", current_stage="trial", status="ongoing",
             outcome_group="at_trial"),
    ),
    "hung jury -> retrial -> acquitted": (
        LISTED + "2025-03-03 trial_started\n2025-03-12 verdict outcome=hung_jury count=1\n"
        "2025-03-20 retrial_ordered\n2025-04-01 trial_listed on=2025-10-06\n"
        "2025-10-06 trial_started\n2025-10-15 verdict outcome=jury_acquittal count=1",
        dict(stage_reached="verdict", status="ended", outcome_group="acquitted",
             ended_reason="court_outcome", trial_date_changes=0,
             first_trial_date=date(2025, 3, 3), reviewable_by=None,
             left_process=LeftProcess("verdict", "court_outcome", "jury_acquittal",
                                      date(2025, 10, 15), None)),
    ),
    "hung jury then retrial hangs again, prosecution offers no evidence": (
        LISTED + "2025-03-12 verdict outcome=hung_jury\n2025-03-20 retrial_ordered\n"
        "2025-10-15 verdict outcome=hung_jury\n2025-11-01 verdict outcome=judge_ordered_acquittal",
        dict(status="ended", outcome_group="acquitted", outcome_code="judge_ordered_acquittal",
             reviewable_by="cps"),
    ),
    "judge-directed acquittal (no case to answer)": (
        LISTED + "2025-03-03 trial_started\n2025-03-06 verdict outcome=judge_directed_acquittal",
        dict(status="ended", outcome_group="acquitted", reviewable_by=None),
    ),
    "left to lie on file": (
        LISTED + "2025-03-03 verdict outcome=left_on_file",
        dict(status="ended", outcome_group="court_other", reviewable_by="cps"),
    ),
    "two defendants: one convicted, one acquitted": (
        LISTED + "2025-03-03 trial_started\n2025-03-14 verdict outcome=convicted_after_trial "
        "by=A count=1\n2025-03-14 verdict outcome=jury_acquittal by=B count=1\n"
        "2025-05-01 sentence by=A outcome=immediate_custody",
        dict(status="ended", outcome_group="convicted", ended_reason="sentenced"),
    ),
    "convicted on one count, hung on another: still ongoing": (
        LISTED + "2025-03-14 verdict outcome=convicted_after_trial count=1\n"
        "2025-03-14 verdict outcome=hung_jury count=2",
        dict(status="ongoing", outcome_group="at_trial"),
    ),
    "lesser offence conviction awaiting sentence": (
        LISTED + "2025-03-14 verdict outcome=convicted_lesser_offence\n"
        "2025-03-14 sentencing_listed on=2025-04-25",
        dict(status="ongoing", outcome_group="convicted", current_stage="sentence",
             outcome_code="convicted_lesser_offence"),
    ),
    "convicted -> appeal dismissed": (
        LISTED + "2025-03-14 verdict outcome=convicted_after_trial\n2025-04-25 sentence\n"
        "2025-05-10 appeal_lodged\n2025-11-01 appeal_dismissed",
        dict(stage_reached="post_sentence", status="ended", outcome_group="convicted",
             ended_at_stage="sentence"),
    ),
    "convicted -> conviction quashed on appeal": (
        LISTED + "2025-03-14 verdict outcome=convicted_after_trial\n2025-04-25 sentence\n"
        "2025-05-10 appeal_lodged\n2025-11-01 conviction_quashed",
        dict(status="ended", outcome_group="acquitted", outcome_code="conviction_quashed",
             ended_reason="court_outcome"),
    ),
    "convicted -> appeal -> retrial ordered": (
        LISTED + "2025-03-14 verdict outcome=convicted_after_trial\n2025-04-25 sentence\n"
        "2025-11-01 appeal_retrial_ordered",
        dict(stage_reached="post_sentence", current_stage="pre_trial", status="ongoing",
             outcome_code=None, sentenced_on=None),
    ),
    "sentence -> VCS -> parole": (
        LISTED + "2025-03-14 verdict outcome=guilty_plea\n"
        "2025-04-25 sentence outcome=immediate_custody\n2025-05-01 vcs_referral\n"
        "2025-06-01 vlo_contact\n2025-12-01 parole_review\n2026-01-10 parole_hearing "
        "on=2026-03-01",
        dict(stage_reached="post_sentence", current_stage="post_sentence", status="ended",
             outcome_group="convicted", ended_reason="sentenced"),
    ),
    "sentence recorded without a verdict implies conviction": (
        CHARGED + "2025-01-10 sentence",
        dict(status="ended", outcome_group="convicted", outcome_code="sentence"),
    ),
    "correction supersedes a wrong charging decision": (
        REPORT + "2024-06-10 charging_decision outcome=charged_rape\n"
        "2024-06-10 charging_decision outcome=nfa_evidential supersedes=2",
        dict(status="ended", outcome_group="cps_nfa", charged_on=None),
    ),
    "entry recorded in error removes the relisting": (
        LISTED + "2025-01-10 trial_relisted on=2025-05-05\n"
        "2025-01-11 entered_in_error supersedes=5",
        dict(trial_date_changes=0, next_trial_date=date(2025, 3, 3)),
    ),
    "CICA claim does not move the stage": (
        REPORT + "2024-02-01 cica_application\n2024-09-01 cica_decision",
        dict(stage_reached="report", current_stage="report", status="ongoing"),
    ),
    "police charge code (1) counts as charged": (
        REPORT + "2024-03-01 police_decision outcome=outcome_1",
        dict(status="ongoing", outcome_group="charged", charged_on=date(2024, 3, 1)),
    ),
    "events after today are not counted yet": (
        REPORT + "2026-02-01 police_decision outcome=outcome_15",
        dict(status="ongoing"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(JOURNEYS))
def test_journey(name: str) -> None:
    table, expected = JOURNEYS[name]
    check(journey(table), **expected)


def test_there_are_at_least_thirty_journeys() -> None:
    assert len(JOURNEYS) >= 30


def test_every_stage_is_reached_by_some_journey() -> None:
    reached = {journey(table).stage_reached for table, _ in JOURNEYS.values()}
    assert reached == {
        "report", "investigation", "charging_decision", "pre_trial", "trial", "verdict",
        "sentence", "post_sentence",
    }  # fmt: skip


def test_reported_on_falls_back_to_the_matter_date() -> None:
    events, _ = parse("2024-03-01 police_decision outcome=outcome_15")
    state = derive(events, today=TODAY, reported_on=date(2024, 1, 1))
    assert state.reported_on == date(2024, 1, 1)
    assert state.days_report_to_outcome == 60
