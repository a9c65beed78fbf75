"""Records round-trip exactly and bad input is reported field by field."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain import case, consent, contact, incident, session, survivor, task
from survivorapp.domain.case import Case
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.problems import Problem, RecordError
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from tests.strategies import ENTITY_STRATEGIES, TODAY, VOCABULARIES


@pytest.mark.parametrize("kind", sorted(ENTITY_STRATEGIES))
def test_round_trip_and_validity(kind: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(ENTITY_STRATEGIES[kind])
    def check(entity: Any) -> None:
        record = entity.to_record()
        assert json.loads(json.dumps(record)) == record
        assert type(entity).from_record(record) == entity
        assert entity.validate(VOCABULARIES, TODAY) == []

    check()


@pytest.mark.parametrize(
    ("module", "cls"),
    [(survivor, survivor.Survivor), (case, case.Case), (incident, incident.Incident),
     (session, session.Session), (consent, consent.ConsentRecord), (task, task.Task),
     (contact, contact.SafeContact)],
)  # fmt: skip
def test_every_field_is_read_back(module: Any, cls: type) -> None:
    assert list(module._SPEC) == [f.name for f in dataclasses.fields(cls)]


def test_records_use_iso_dates_and_codes() -> None:
    record = Case(
        "C-000001", "S-000001", date(2025, 1, 31), "isva", "waiting", referral_source="police"
    ).to_record()
    assert record["referral_date"] == "2025-01-31"
    assert record["referral_source"] == "police"
    assert record["first_contact_date"] is None


def fields_of(error: pytest.ExceptionInfo[RecordError]) -> set[str]:
    return {p.field for p in error.value.problems}


def test_unknown_keys_and_wrong_types_are_all_reported() -> None:
    record = Survivor("S-000001").to_record() | {
        "favourite_colour": "blue",
        "id": "7",
        "birth_year": True,
        "restricted": "yes",
        "date_of_birth": "01/02/2000",
        "vulnerabilities": ["pregnancy", 3],
    }
    with pytest.raises(RecordError) as error:
        Survivor.from_record(record)
    assert fields_of(error) == {
        "favourite_colour", "id", "birth_year", "restricted", "date_of_birth", "vulnerabilities"
    }  # fmt: skip
    assert (
        Problem("favourite_colour", "This field isn't part of this kind of record.")
        in error.value.problems
    )
    assert Problem("date_of_birth", "This should be a date (YYYY-MM-DD).") in error.value.problems
    assert "blue" not in str(error.value)


def test_missing_required_fields() -> None:
    with pytest.raises(RecordError) as error:
        Session.from_record({"case_reference": "C-000001"})
    assert fields_of(error) == {"session_date", "duration_minutes", "mode", "kind"}
    assert Problem("mode", "This field is missing.") in error.value.problems


def test_impossible_dates_and_times() -> None:
    record = Session("C-000001", date(2025, 1, 1), 30, "phone", "other").to_record()
    with pytest.raises(RecordError) as error:
        Session.from_record(record | {"session_date": "2025-02-30", "start_time": "25:00"})
    assert fields_of(error) == {"session_date", "start_time"}


def test_nested_problems_name_their_position() -> None:
    record = Incident("C-000001").to_record() | {
        "perpetrators": [{"relationship": "stranger"}, {"sex": 1, "shoe_size": 9}, "x"]
    }
    with pytest.raises(RecordError) as error:
        Incident.from_record(record)
    assert fields_of(error) == {
        "perpetrators[1].sex",
        "perpetrators[1].shoe_size",
        "perpetrators[2]",
    }
    with pytest.raises(RecordError) as error:
        SafeContact.from_record({"survivor_reference": "S-000001", "channels": {"phone": "safe"}})
    assert fields_of(error) == {"channels"}


@pytest.mark.parametrize("bad", [None, [], "text", 3])
def test_a_record_must_be_an_object(bad: object) -> None:
    with pytest.raises(RecordError) as error:
        Task.from_record(bad)
    assert fields_of(error) == {"record"}


def test_optional_fields_may_be_left_out() -> None:
    restored = Task.from_record({"due_date": "2025-01-01", "text": "Ring"})
    assert restored == Task(date(2025, 1, 1), "Ring")


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=5), st.none() | st.integers() | st.text(max_size=5), max_size=4
    )
)
def test_arbitrary_input_raises_record_error_or_builds(record: dict[str, Any]) -> None:
    try:
        Task.from_record(record)
    except RecordError as error:
        assert error.problems
