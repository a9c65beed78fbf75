"""Justice entities round-trip exactly, validate when drawn valid, and report bad input by field."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given, settings

from survivorapp.domain.justice import records as justice
from survivorapp.domain.justice import support as justice_support
from survivorapp.domain.justice.records import JusticeEvent
from survivorapp.domain.justice.support import FamilyProceeding
from survivorapp.domain.problems import RecordError
from tests.strategies import JUSTICE_STRATEGIES, TODAY, VOCABULARIES


@pytest.mark.parametrize("kind", sorted(JUSTICE_STRATEGIES))
def test_round_trip_and_validity(kind: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(JUSTICE_STRATEGIES[kind])
    def check(entity: Any) -> None:
        record = entity.to_record()
        assert json.loads(json.dumps(record)) == record
        assert type(entity).from_record(record) == entity
        assert entity.validate(VOCABULARIES, TODAY) == []

    check()


@pytest.mark.parametrize(
    ("spec", "cls"),
    [(justice._MATTER_SPEC, justice.JusticeMatter), (justice._EVENT_SPEC, justice.JusticeEvent),
     (justice._POSITION_SPEC, justice.SurvivorPosition),
     (justice_support._MEASURE_SPEC, justice_support.SpecialMeasure),
     (justice_support._VPS_SPEC, justice_support.VictimPersonalStatement),
     (justice_support._SUPPORT_SPEC, justice_support.CourtSupport),
     (justice_support._RIGHT_SPEC, justice_support.VictimsCodeRight),
     (justice_support._FAMILY_SPEC, justice_support.FamilyProceeding),
     (justice_support._ORDER_SPEC, justice_support.FamilyOrder)],
)  # fmt: skip
def test_every_field_is_read_back(spec: Any, cls: type) -> None:
    assert list(spec) == [f.name for f in dataclasses.fields(cls)]


def test_bad_event_record_reports_every_field() -> None:
    record = JusticeEvent(1, "ptph", TODAY, "court").to_record() | {
        "event_date": "15/01/2026", "count": "2", "colour": "red"
    }  # fmt: skip
    with pytest.raises(RecordError) as error:
        JusticeEvent.from_record(record)
    assert {p.field for p in error.value.problems} == {"event_date", "count", "colour"}


def test_bad_family_record_names_nested_fields() -> None:
    record = FamilyProceeding("C-000001", "other").to_record() | {
        "hearing_dates": ["20250101"], "orders": [{"order": "NMO", "expiry": "soon"}]
    }  # fmt: skip
    with pytest.raises(RecordError) as error:
        FamilyProceeding.from_record(record)
    assert {p.field for p in error.value.problems} == {"hearing_dates", "orders[0].expiry"}


def test_event_records_use_iso_dates_and_codes() -> None:
    event = JusticeEvent(3, "trial_listed", TODAY, "witness_care", hearing_date=TODAY)
    assert event.to_record()["hearing_date"] == TODAY.isoformat()
    assert dataclasses.asdict(event)["informed_by"] == "witness_care"
