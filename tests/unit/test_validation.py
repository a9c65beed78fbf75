"""Each validation rule, and the kind, plain-English message it gives."""

# ruff: noqa: E501  (whole messages are kept on one line so they read as the user sees them)

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

import pytest

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.problems import Problem
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from tests.strategies import TODAY, VOCABULARIES

SURVIVOR = Survivor(reference="S-000123")
CASE = Case(
    reference="C-000123",
    survivor_reference="S-000123",
    referral_date=date(2025, 6, 1),
    service_line="isva",
    status="active",
    allocation_date=date(2025, 6, 10),
)
INCIDENT = Incident(case_reference="C-000123", types=("rape",))
SESSION = Session(
    case_reference="C-000123",
    session_date=date(2025, 7, 1),
    duration_minutes=60,
    mode="phone",
    kind="emotional_support",
    start_time=time(10, 30),
)
CONSENT = ConsentRecord(
    case_reference="C-000123",
    purpose="support",
    state="given",
    recorded_on=date(2025, 6, 1),
    method="verbal",
)
CONTACT = SafeContact(
    survivor_reference="S-000123", channels=(ChannelPreference("phone", "safe", "9-12"),)
)
TASK = Task(due_date=date(2025, 8, 1), text="Call back about court date")
FUTURE = date(2026, 2, 1)


def problems(entity: Any, **changes: Any) -> list[Problem]:
    return dataclasses.replace(entity, **changes).validate(VOCABULARIES, TODAY)


@pytest.mark.parametrize(
    "entity",
    [SURVIVOR, CASE, INCIDENT, SESSION, CONSENT, CONTACT, TASK],
    ids=lambda e: type(e).__name__,
)
def test_baseline_entities_are_valid(entity: Any) -> None:
    assert entity.validate(VOCABULARIES, TODAY) == []


def test_validate_defaults_to_the_real_today() -> None:
    assert Survivor(reference="S-000001", date_of_birth=date(2999, 1, 1)).validate(VOCABULARIES)


CASES = [
    # Survivor
    (SURVIVOR, {"reference": "123"}, "reference",
     "The survivor reference should look like S-000123: the letter, a dash and 6 digits."),
    (SURVIVOR, {"reference": "S-12345"}, "reference",
     "The survivor reference should look like S-000123: the letter, a dash and 6 digits."),
    (SURVIVOR, {"date_of_birth": FUTURE}, "date_of_birth", "Date of birth can't be in the future."),
    (SURVIVOR, {"date_of_birth": date(1899, 12, 31)}, "date_of_birth",
     "Date of birth should be in 1900 or later."),
    (SURVIVOR, {"birth_year": 2027}, "birth_year", "Year of birth should be between 1900 and 2026."),
    (SURVIVOR, {"date_of_birth": date(1990, 5, 1), "birth_year": 1991}, "birth_year",
     "Year of birth doesn't match the date of birth."),
    (SURVIVOR, {"ethnicity": "white"}, "ethnicity",
     "'white' isn't one of the options for ethnicity. Please pick one from the list."),
    (SURVIVOR, {"residence_borough": "E09000034"}, "residence_borough",
     "'E09000034' isn't one of the options for borough of residence. Please pick one from the list."),
    (SURVIVOR, {"vulnerabilities": ("pregnancy", "pregnancy")}, "vulnerabilities",
     "'pregnancy' appears more than once in additional needs."),
    (SURVIVOR, {"disability": False, "disability_types": ("visual",)}, "disability_types",
     "Types of disability are recorded, but disability is answered 'No'. Please check which is right."),
    (SURVIVOR, {"name": "   "}, "name", "Name is empty. Please write something or leave it out."),
    (SURVIVOR, {"known_as": "x" * 201}, "known_as",
     "Known-as name is 201 characters long. Please keep it to 200 or fewer."),
    # Case
    (CASE, {"reference": "S-000123"}, "reference",
     "The case reference should look like C-000123: the letter, a dash and 6 digits."),
    (CASE, {"referral_date": FUTURE, "allocation_date": None, "status": "waiting"}, "referral_date",
     "Referral date can't be in the future."),
    (CASE, {"allocation_date": date(2025, 5, 1)}, "allocation_date",
     "Allocation date can't be before the referral date."),
    (CASE, {"first_contact_date": FUTURE}, "first_contact_date", "First contact can't be in the future."),
    (CASE, {"first_contact_attempt_date": date(2025, 6, 5), "first_contact_date": date(2025, 6, 4)},
     "first_contact_date", "First contact can't be before the first attempt to make contact."),
    (CASE, {"status": "closed", "closure_reason": "moved_away"}, "closure_date",
     "A closed case needs the date it was closed."),
    (CASE, {"status": "closed", "closure_date": date(2025, 9, 1)}, "closure_reason",
     "A closed case needs a reason support ended."),
    (CASE, {"status": "closed", "closure_date": date(2025, 6, 5), "closure_reason": "moved_away"},
     "closure_date", "Closure date can't be before the allocation date."),
    (CASE, {"closure_date": date(2025, 9, 1)}, "closure_date",
     "A closure date is only recorded once the case is closed."),
    (CASE, {"closure_reason": "moved_away"}, "closure_reason",
     "A reason support ended is only recorded once the case is closed."),
    (CASE, {"allocation_date": None}, "allocation_date", "An active case needs the date it was allocated."),
    (CASE, {"status": "open"}, "status",
     "'open' isn't one of the options for case status. Please pick one from the list."),
    (CASE, {"service_line": "isvas"}, "service_line",
     "'isvas' isn't one of the options for service line. Please pick one from the list."),
    (CASE, {"referral_source": "POLICE"}, "referral_source",
     "'POLICE' isn't one of the options for referral source. Please pick one from the list."),
    # Incident
    (INCIDENT, {"types": ()}, "types",
     "Please choose at least one type, or record it as not asked, prefer not to say or unknown."),
    (INCIDENT, {"incident_date": FUTURE}, "incident_date", "The date it happened can't be in the future."),
    (INCIDENT, {"incident_date_to": date(2020, 1, 1)}, "incident_date_to",
     "An end date needs a start date as well."),
    (INCIDENT, {"incident_date": date(2020, 2, 1), "incident_date_to": date(2020, 1, 1)},
     "incident_date_to", "The end of the date range can't be before its start."),
    (INCIDENT, {"perpetrator_count": 0}, "perpetrator_count",
     "Number of perpetrators should be between 1 and 100."),
    (INCIDENT, {"perpetrator_count": 1, "perpetrators": (Perpetrator(), Perpetrator())}, "perpetrators",
     "More perpetrators are described than the number given."),
    (INCIDENT, {"perpetrators": (Perpetrator(relationship="boss"),)}, "perpetrators[0].relationship",
     "'boss' isn't one of the options for relationship. Please pick one from the list."),
    (INCIDENT, {"location": "london"}, "location",
     "'london' isn't one of the options for where it happened. Please pick one from the list."),
    # Session
    (SESSION, {"duration_minutes": 0}, "duration_minutes",
     "Duration should be between 1 minute and 12 hours (720 minutes)."),
    (SESSION, {"duration_minutes": 721}, "duration_minutes",
     "Duration should be between 1 minute and 12 hours (720 minutes)."),
    (SESSION, {"note": "n" * 2001}, "note", "The note is 2,001 characters long. Please keep it to 2,000 or fewer."),
    (SESSION, {"session_date": FUTURE}, "session_date", "The session date can't be in the future."),
    (SESSION, {"mode": "carrier_pigeon"}, "mode",
     "'carrier_pigeon' isn't one of the options for how the session happened. Please pick one from the list."),
    (SESSION, {"risk_flags": ("danger",)}, "risk_flags",
     "'danger' isn't one of the options for risks raised. Please pick one from the list."),
    # Consent
    (CONSENT, {"state": "maybe"}, "state",
     "'maybe' isn't one of the options for the consent decision. Please pick one from the list."),
    (CONSENT, {"recorded_on": FUTURE}, "recorded_on", "The consent date can't be in the future."),
    (CONSENT, {"method": "telepathy"}, "method",
     "'telepathy' isn't one of the options for how consent was recorded. Please pick one from the list."),
    (CONSENT, {"purpose": "referral_named_agencies"}, "scope", "Please name the agencies this consent covers."),
    # Safe contact
    (CONTACT, {"never_contact_via": ("phone",)}, "channels[0].safety",
     "Phone call is marked safe but is also under 'never contact via'. Please check which is right."),
    (CONTACT, {"channels": (ChannelPreference("post", "not_safe", "mornings"),)}, "channels[0].safe_times",
     "Safe times are given for Letters by post, but it is marked not safe."),
    (CONTACT, {"channels": (ChannelPreference("phone"), ChannelPreference("phone"))}, "channels[1].channel",
     "Phone call is listed more than once."),
    (CONTACT, {"channels": (ChannelPreference("pager"),)}, "channels[0].channel",
     "'pager' isn't one of the options for contact channel. Please pick one from the list."),
    (CONTACT, {"channels": (ChannelPreference("text", "maybe"),)}, "channels[0].safety",
     "'maybe' isn't one of the options for whether it is safe. Please pick one from the list."),
    # Task
    (TASK, {"text": " "}, "text", "Please say what the reminder is for."),
    (TASK, {"text": "t" * 501}, "text", "The reminder is 501 characters long. Please keep it to 500 or fewer."),
    (TASK, {"case_reference": "C-1"}, "case_reference",
     "The case reference should look like C-000123: the letter, a dash and 6 digits."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("entity", "changes", "field", "message"), CASES, ids=lambda v: str(v)[:40]
)
def test_problem_message(entity: Any, changes: dict[str, Any], field: str, message: str) -> None:
    assert Problem(field, message) in problems(entity, **changes)


def test_a_closed_case_with_everything_is_valid() -> None:
    closed = dataclasses.replace(
        CASE, status="closed", closure_date=date(2025, 9, 1), closure_reason="support_complete"
    )
    assert closed.validate(VOCABULARIES, TODAY) == []


def test_a_waiting_case_needs_no_allocation() -> None:
    assert problems(CASE, status="waiting", allocation_date=None) == []


def test_past_due_tasks_are_fine() -> None:
    assert problems(TASK, due_date=date(2000, 1, 1)) == []


def test_no_narrative_is_required() -> None:
    assert problems(SESSION, note="") == []
    assert Incident(case_reference="C-000001").validate(VOCABULARIES, TODAY) == []
