"""Fuzz: questionnaire files a service might import. Property: ``parse_instrument`` either
returns an instrument that checks out, or raises ``InstrumentError`` naming the problems;
nothing else, whatever the bytes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.questionnaires.instruments import (
    InstrumentError,
    default_directory,
    parse_instrument,
)
from tests.fuzz.inputs import mangled

SAMPLES = {p.name: p.read_bytes() for p in sorted(default_directory().glob("*.json"))}


@settings(deadline=None)
@given(data=st.sampled_from(sorted(SAMPLES)).flatmap(lambda name: mangled(SAMPLES[name])))
def test_any_file_is_an_instrument_or_a_list_of_problems(data: bytes) -> None:
    for text in (data, data.decode("utf-8", "replace")):
        try:
            instrument = parse_instrument(text)
        except InstrumentError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
            continue
        assert instrument.id and instrument.items
