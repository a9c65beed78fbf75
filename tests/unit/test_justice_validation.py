"""Validation messages for justice entities, and the event catalogue agreeing with its vocabulary."""

# ruff: noqa: E501  (whole messages are kept on one line so they read as the user sees them)

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from survivorapp.domain.justice.events import ALL_EVENT_TYPES, TIMELINE_GROUP
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    FamilyOrder,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    current_special_measures,
    undecided_special_measures,
)
from survivorapp.domain.problems import Problem
from tests.strategies import TODAY, VOCABULARIES

EVENT = JusticeEvent(1, "ptph", date(2025, 6, 1), "witness_care")
MATTER = JusticeMatter("C-000123")
FUTURE = date(2026, 2, 1)


def problems(entity: Any, **changes: Any) -> list[Problem]:
    return dataclasses.replace(entity, **changes).validate(VOCABULARIES, TODAY)


def test_event_catalogue_matches_the_vocabulary() -> None:
    vocabulary = VOCABULARIES["cjs_event_type"]
    assert {c.code for c in vocabulary} == ALL_EVENT_TYPES
    assert {c.code: c.group for c in vocabulary if c.group} == TIMELINE_GROUP
    assert [c.code for c in VOCABULARIES["cjs_stage"]] == [g.code for g in vocabulary.groups][:8]


def test_outcome_group_codes_used_by_the_derivation_exist() -> None:
    from survivorapp.domain.justice import outcomes as d

    groups = {c.code for c in VOCABULARIES["outcome_group"]}
    assert set(d.POLICE_GROUPS.values()) | set(d.CPS_GROUPS.values()) <= groups
    assert set(d.POLICE_GROUPS) | {d.POLICE_CHARGED} == {
        c.code for c in VOCABULARIES["police_outcome"]
    }
    assert d.CONVICTIONS | {"not_guilty_plea", "hung_jury"} | d.ACQUITTALS - {
        "conviction_quashed"
    } <= {c.code for c in VOCABULARIES["court_outcome"]}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"event_type": "party"}, [Problem("event_type", "'party' isn't one of the options for the kind of event. Please pick one from the list.")]),
        ({"event_date": FUTURE}, [Problem("event_date", "The event date can't be in the future.")]),
        ({"recorded_on": date(2025, 5, 1)}, [Problem("recorded_on", "The date recorded can't be before the event date.")]),
        ({"note": "x" * 501}, [Problem("note", "The note is 501 characters long. Please keep it to 500 or fewer.")]),
        ({"outcome_code": "outcome_15"}, [Problem("outcome_code", "This kind of event doesn't have an outcome to pick.")]),
        ({"event_type": "charging_decision"}, [Problem("outcome_code", "Please pick the outcome or decision.")]),
        ({"event_type": "charging_decision", "outcome_code": "outcome_15"}, [Problem("outcome_code", "'outcome_15' isn't one of the options for cps charging decision. Please pick one from the list.")]),
        ({"event_type": "police_decision", "outcome_code": "charged_rape"}, [Problem("outcome_code", "'charged_rape' isn't one of the options for police crime outcome. Please pick one from the list.")]),
        ({"defendant": "A", "count": 1}, [Problem("defendant", "A defendant is only named on a verdict or sentence."), Problem("count", "A count is only recorded on a verdict or sentence.")]),
        ({"event_type": "verdict", "outcome_code": "guilty_plea", "count": 0}, [Problem("count", "Counts are numbered from 1.")]),
        ({"reason": "overlisting"}, [Problem("reason", "A reason is only recorded when a trial date changes.")]),
        ({"event_type": "trial_adjourned", "reason": "boredom"}, [Problem("reason", "'boredom' isn't one of the options for reason the trial date changed. Please pick one from the list.")]),
        ({"event_type": "trial_listed"}, [Problem("hearing_date", "Please give the date of the hearing.")]),
        ({"event_type": "suspect_arrested", "hearing_date": FUTURE}, [Problem("hearing_date", "This kind of event doesn't have a hearing date.")]),
        ({"hearing_date": FUTURE}, []),
        ({"id": 4, "supersedes": 4}, [Problem("supersedes", "An event can't correct itself.")]),
        ({"event_type": "entered_in_error"}, [Problem("supersedes", "Please pick the entry that was recorded in error.")]),
        ({"informed_by": "rumour"}, [Problem("informed_by", "'rumour' isn't one of the options for who told us. Please pick one from the list.")]),
    ],
)  # fmt: skip
def test_event_validation(changes: dict[str, Any], expected: list[Problem]) -> None:
    assert problems(EVENT, **changes) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"case_reference": "C-1"}, [Problem("case_reference", "The case reference should look like C-000123: the letter, a dash and 6 digits.")]),
        ({"date_reported": FUTURE}, [Problem("date_reported", "The date reported can't be in the future.")]),
        ({"bail_status": "released_under_investigation", "bail_conditions": "No contact"}, [Problem("bail_conditions", "Conditions are recorded but the bail status says there are none. Please change one of them.")]),
        ({"bail_status": "released_under_investigation", "bail_expiry": FUTURE}, [Problem("bail_expiry", "Released under investigation and remand have no bail return date. Please clear the date or change the bail status.")]),
        ({"bail_expiry": FUTURE}, [Problem("bail_status", "A bail expiry date needs a bail status.")]),
        ({"bail_status": "bail_with_conditions", "bail_expiry": FUTURE}, []),
        ({"date_reported": date(2025, 6, 1), "bail_status": "court_bail", "bail_expiry": date(2025, 5, 1)}, [Problem("bail_expiry", "Bail expiry can't be before the date reported.")]),
        ({"crime_reference": " "}, [Problem("crime_reference", "Crime reference is empty. Please write something or leave it out.")]),
    ],
)  # fmt: skip
def test_matter_validation(changes: dict[str, Any], expected: list[Problem]) -> None:
    assert problems(MATTER, **changes) == expected


def test_other_entities_validate() -> None:
    assert problems(SurvivorPosition(1, "maybe", TODAY)) == [
        Problem(
            "position",
            "'maybe' isn't one of the options for the survivor's position. Please pick one from the list.",
        )
    ]
    vps = VictimPersonalStatement(1, offered_on=date(2025, 6, 1))
    assert problems(vps, made_on=date(2025, 5, 1)) == [
        Problem("made_on", "The date it was made can't be before the date offered.")
    ]
    assert problems(vps, updated_on=date(2025, 7, 1)) == [
        Problem("made_on", "A statement can only be updated once it has been made.")
    ]
    family = FamilyProceeding("C-000123", "occupation_order", hearing_dates=(FUTURE, FUTURE),
                              orders=(FamilyOrder(" "),))  # fmt: skip
    assert problems(family) == [
        Problem("hearing_dates", "The same hearing date is listed more than once."),
        Problem("orders[0].order", "Please say what order was made."),
    ]


def test_vps_status_follows_its_dates() -> None:
    vps = VictimPersonalStatement(1)
    assert vps.status == "not_offered"
    assert dataclasses.replace(vps, offered_on=TODAY).status == "offered"
    assert dataclasses.replace(vps, made_on=TODAY).status == "made"
    assert dataclasses.replace(vps, made_on=TODAY, updated_on=TODAY).status == "updated"
    assert {c.code for c in VOCABULARIES["vps_status"]} == {
        "not_offered",
        "offered",
        "made",
        "updated",
    }


def test_latest_special_measure_status_wins() -> None:
    records = [
        SpecialMeasure(1, "screens", "requested", date(2025, 1, 1)),
        SpecialMeasure(1, "screens", "granted", date(2025, 2, 1)),
        SpecialMeasure(1, "live_link", "applied", date(2025, 2, 1)),
        SpecialMeasure(1, "intermediary", "refused", date(2025, 3, 1)),
    ]
    assert current_special_measures(records)["screens"].status == "granted"
    assert undecided_special_measures(records) == ("live_link",)
