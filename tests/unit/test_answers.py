"""Every optional answer keeps "not asked", "prefer not to say" and "unknown" apart."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest

from survivorapp.domain.answers import RESERVED_CODES, Unanswered, is_answered
from survivorapp.domain.case import Case
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.survivor import Survivor
from tests.strategies import TODAY, VOCABULARIES

BASES: dict[str, Any] = {
    "survivor": Survivor(reference="S-000001"),
    "case": Case(
        reference="C-000001",
        survivor_reference="S-000001",
        referral_date=date(2025, 1, 1),
        service_line="isva",
        status="waiting",
    ),
    "incident": Incident(case_reference="C-000001"),
    "perpetrator": Perpetrator(),
    "channel": ChannelPreference(channel="phone"),
}

ANSWER_FIELDS = [
    (kind, field.name)
    for kind, base in BASES.items()
    for field in dataclasses.fields(base)
    if field.default is Unanswered.NOT_ASKED
]


def test_codes_and_labels() -> None:
    assert [u.value for u in Unanswered] == ["not_asked", "declined", "unknown"]
    assert Unanswered.DECLINED.label == "Prefer not to say"
    assert Unanswered.NOT_ASKED.label == "Not asked"
    assert Unanswered.UNKNOWN.label == "Unknown"
    assert {"not_asked", "declined", "unknown"} == RESERVED_CODES
    assert not is_answered(Unanswered.UNKNOWN)
    assert is_answered("white_irish")
    assert is_answered(False)


def test_every_optional_answer_field_is_covered() -> None:
    assert len(ANSWER_FIELDS) == 28


@pytest.mark.parametrize("unanswered", list(Unanswered), ids=lambda u: u.value)
@pytest.mark.parametrize(("kind", "name"), ANSWER_FIELDS, ids=lambda v: str(v))
def test_unanswered_is_valid_and_round_trips(kind: str, name: str, unanswered: Unanswered) -> None:
    entity = dataclasses.replace(BASES[kind], **{name: unanswered})
    record = entity.to_record()
    assert record[name] == unanswered.value
    assert json.loads(json.dumps(record)) == record
    restored = type(entity).from_record(record)
    assert restored == entity
    assert getattr(restored, name) is unanswered
    if hasattr(entity, "validate"):
        assert entity.validate(VOCABULARIES, TODAY) == []


@pytest.mark.parametrize(("kind", "name"), ANSWER_FIELDS, ids=lambda v: str(v))
def test_a_missing_answer_reads_as_not_asked(kind: str, name: str) -> None:
    record = BASES[kind].to_record()
    del record[name]
    assert getattr(type(BASES[kind]).from_record(record), name) is Unanswered.NOT_ASKED


def test_unanswered_inside_nested_records() -> None:
    contact = SafeContact(
        survivor_reference="S-000001",
        channels=(ChannelPreference("text", Unanswered.DECLINED),),
    )
    assert contact.to_record()["channels"] == [
        {"channel": "text", "safety": "declined", "safe_times": None}
    ]
    assert SafeContact.from_record(contact.to_record()) == contact
