"""Instrument files: the shipped ones are good, bad ones are refused with messages that say where.

A licensed service writes and imports its own file (docs/instruments.md), so every way a file
can be wrong has to come back as a readable problem, never as a crash: hypothesis throws any
JSON at the loader, and mangles good files, and only ever gets an :class:`InstrumentError`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp import paths
from survivorapp.domain.questionnaires.checks import check_instrument, schema
from survivorapp.domain.questionnaires.instruments import (
    Instrument,
    InstrumentError,
    InstrumentRegistry,
    LocalText,
    load_instrument,
    parse_instrument,
    shipped_instruments,
)

FOLDER = paths.resources_dir() / "instruments"
FILES = sorted(FOLDER.glob("*.json"))
PHQ9 = json.loads((FOLDER / "phq9.json").read_text(encoding="utf-8"))


def problems_of(data: object) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(data)
    return caught.value.messages


def changed(**edits: Any) -> dict[str, Any]:
    """PHQ-9's file with top-level fields replaced (None removes one)."""
    data = copy.deepcopy(PHQ9)
    for key, value in edits.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


# --- the shipped files ----------------------------------------------------------------------------


def test_schema_itself_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.stem)
def test_shipped_file_matches_the_schema_and_loads(file: Path) -> None:
    data = json.loads(file.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert check_instrument(data) == []
    instrument = load_instrument(data)
    assert file.stem in (instrument.id, f"{instrument.id}.v{instrument.version}")
    assert str(instrument.licence.attribution)


def test_shipped_instruments_are_the_five_the_issue_asks_for() -> None:
    registry = shipped_instruments()
    kinds = {i.id: i.kind for i in registry.latest()}
    assert kinds == {
        "phq9": "outcome_measure",
        "gad7": "outcome_measure",
        "pcl5": "outcome_measure",
        "service_feedback_exit": "service_feedback",
        "service_feedback_session": "service_feedback",
    }


def test_nothing_whose_licence_forbids_it_is_shipped() -> None:
    text = " ".join(f.read_text(encoding="utf-8").casefold() for f in FILES)
    for name in ("core-10", "core-om", "wemwbs", "warwick-edinburgh", "outcomes star"):
        assert name not in text


def test_content_notes_warn_before_trauma_and_self_harm_questions() -> None:
    registry = shipped_instruments()
    pcl5 = registry.get("pcl5")
    phq9 = registry.get("phq9")
    assert pcl5.content_note is not None and "stressful experience" in str(pcl5.content_note)
    assert phq9.content_note is not None and "hurting yourself" in str(phq9.content_note)
    for instrument in registry.latest():
        assert instrument.content_note is None or "skip" in str(instrument.content_note)


def test_attribution_texts() -> None:
    registry = shipped_instruments()
    for instrument_id in ("phq9", "gad7"):
        text = str(registry.get(instrument_id).licence.attribution)
        assert "Spitzer, Janet B.W. Williams, Kurt Kroenke" in text
        assert "educational grant from Pfizer" in text
        assert "No permission required to reproduce" in text
    assert "public domain" in str(registry.get("pcl5").licence.attribution)
    assert "National Center for PTSD" in str(registry.get("pcl5").licence.attribution)


def test_our_service_feedback_is_plain_and_has_one_open_question() -> None:
    registry = shipped_instruments()
    exit_form = registry.get("service_feedback_exit")
    session = registry.get("service_feedback_session")
    assert 9 <= len(exit_form.items) <= 11
    assert len(session.items) < len(exit_form.items)
    for form in (exit_form, session):
        assert [i.type for i in form.items].count("text") == 1
        for item in form.items:
            if item.is_choice:
                assert [o.value for o in item.options] == [1, 2, 3, 4, 5]
                assert str(item.options[-1].label) == "Strongly agree"
            assert "prefer not" not in " ".join(str(o.label).casefold() for o in item.options)
    ids = {i.id for i in exit_form.items}
    assert {"believed", "listened_to", "safer", "in_control", "cope", "recommend"} <= ids


# --- malformed files: refused, with messages that say where ---------------------------------


def test_missing_id() -> None:
    assert problems_of(changed(id=None)) == ["id: this field is missing"]


def test_not_an_object() -> None:
    assert problems_of([1, 2]) == ["file: should be one JSON object holding the questionnaire"]


def test_wrong_format_marker() -> None:
    assert problems_of(changed(format="something-else")) == [
        'format: should be "survivorapp-instrument"'
    ]


def test_unknown_field() -> None:
    assert problems_of(changed(colour="blue")) == ["colour: isn't a field this format knows"]


def test_duplicate_item_ids() -> None:
    data = changed()
    data["items"][3]["id"] = "phq9_3"
    assert "items[3].id: 'phq9_3' is used by another question too" in problems_of(data)


def test_option_values_must_be_numbers() -> None:
    data = changed()
    data["items"][9]["options"][1]["value"] = "one"
    assert problems_of(data) == [
        "items[9].options[1].value: should be a number between -1000000 and 1000000"
    ]


def test_too_few_options() -> None:
    data = changed()
    data["items"][9]["options"] = data["items"][9]["options"][:1]
    assert problems_of(data) == ["items[9].options: needs at least two options"]


def test_choice_question_without_answers() -> None:
    data = changed()
    del data["items"][0]["scale"]
    assert problems_of(data) == ["items[0].options: needs at least two options (or a scale)"]


def test_open_question_with_options() -> None:
    data = changed()
    data["items"][9]["type"] = "text"
    assert problems_of(data) == ["items[9].options: an open (text) question has no answers to pick"]


def test_repeated_option_value() -> None:
    data = changed()
    data["items"][9]["options"][2]["value"] = 1
    assert problems_of(data) == ["items[9].options[2].value: 1 is used by another option"]


def test_unknown_scale() -> None:
    data = changed()
    data["items"][2]["scale"] = "never_defined"
    assert problems_of(data) == ["items[2].scale: there is no scale 'never_defined'"]


def test_scoring_refers_to_an_unknown_item() -> None:
    data = changed()
    data["scoring"]["total"]["items"][8] = "phq9_99"
    assert "scoring.total.items[8]: there is no question 'phq9_99'" in problems_of(data)


def test_scoring_an_open_question() -> None:
    data = json.loads((FOLDER / "service_feedback_exit.json").read_text(encoding="utf-8"))
    data["scoring"] = {
        "total": {"method": "sum", "items": ["believed", "comments"],
                  "missing": {"max_missing": 0, "prorate": False}}
    }  # fmt: skip
    assert problems_of(data) == ["scoring.total.items[1]: 'comments' is an open question: no score"]


def test_missing_rule_must_leave_something_to_score() -> None:
    data = changed()
    data["scoring"]["total"]["missing"]["max_missing"] = 9
    assert problems_of(data) == [
        "scoring.total.missing.max_missing: must be less than the number of questions scored"
    ]


def test_bands_overlapping() -> None:
    data = changed()
    data["scoring"]["total"]["bands"][2]["min"] = 9
    assert problems_of(data) == [
        "scoring.total.bands[2].min: starts at 9 but the band before already covers up to 9 "
        "(bands overlap)"
    ]


def test_bands_with_a_gap() -> None:
    data = changed()
    data["scoring"]["total"]["bands"][1]["max"] = 8
    assert problems_of(data) == [
        "scoring.total.bands[2].min: starts at 10 but the band before ends at 8, "
        "so a score of 9 has no band"
    ]


def test_bands_must_cover_every_possible_score() -> None:
    data = changed()
    bands = data["scoring"]["total"]["bands"]
    bands[0]["min"] = 1
    bands[-1]["max"] = 26
    assert problems_of(data) == [
        "scoring.total.bands[0].min: the lowest possible score is 0, so the first band should "
        "start there",
        "scoring.total.bands[4].max: the highest possible score is 27, so the last band should "
        "end there",
    ]


def test_band_upside_down() -> None:
    data = changed()
    data["scoring"]["total"]["bands"][0]["max"] = -1
    assert "scoring.total.bands[0]: its min is above its max" in problems_of(data)


def test_flag_on_a_missing_item() -> None:
    data = changed()
    data["flags"][0]["item"] = "phq9_99"
    assert problems_of(data) == ["flags[0].item: there is no question 'phq9_99'"]


def test_flag_needs_exactly_one_target() -> None:
    data = changed()
    data["flags"][0]["score"] = "total"
    assert problems_of(data) == ["flags[0]: needs either an item or a score to watch (one of them)"]


def test_outcome_measure_needs_scoring() -> None:
    assert problems_of(changed(scoring=None)) == ["scoring: an outcome measure needs scoring rules"]


def test_translation_in_an_unlisted_language() -> None:
    assert problems_of(changed(title={"en": "PHQ-9", "cy": "PHQ-9"})) == [
        "title.cy: 'cy' isn't in the file's languages list"
    ]


def test_text_without_english() -> None:
    assert problems_of(changed(title={"cy": "PHQ-9"})) == [
        'title: should be text, or an object of translations by language tag that includes "en"'
    ]


def test_languages_must_include_english() -> None:
    assert problems_of(changed(languages=["cy"])) == [
        'languages: should be a list of language tags that includes "en"'
    ]


def test_not_a_number_is_refused() -> None:
    data = changed()
    data["scoring"]["total"]["meaningful_change"] = float("nan")
    assert problems_of(data) == ["scoring.total.meaningful_change: should be an ordinary number"]


def test_every_problem_is_reported_at_once() -> None:
    data = changed(id=None, kind="survey")
    assert problems_of(data) == [
        "id: this field is missing",
        "kind: should be one of: outcome_measure, service_feedback",
    ]


def test_text_that_is_not_json() -> None:
    with pytest.raises(InstrumentError) as caught:
        parse_instrument('{"id": "x",')
    assert caught.value.messages == ["file: isn't valid JSON (line 1, column 12)"]


def test_huge_file_is_refused_before_parsing() -> None:
    with pytest.raises(InstrumentError, match="too large"):
        parse_instrument(" " * (1024 * 1024 + 1))


# --- translations and the registry -------------------------------------------------------------


def test_translation_falls_back_to_the_base_language_then_english() -> None:
    text = LocalText.of({"en": "Hello", "cy": "Helo", "pt": "Olá"})
    assert text.text("cy") == "Helo"
    assert text.text("pt-BR") == "Olá"
    assert text.text("fr") == "Hello"
    assert str(text) == "Hello"
    assert LocalText.of("Plain").text("cy") == "Plain"


def test_translated_file_loads_and_picks_the_language() -> None:
    data = changed(languages=["en", "cy"], title={"en": "Mood", "cy": "Hwyliau"})
    instrument = load_instrument(data)
    assert instrument.title.text("cy") == "Hwyliau"
    assert instrument.items[0].text.text("cy") == instrument.items[0].text.text("en")


def test_registry_keeps_every_version_and_finds_the_latest() -> None:
    v1 = load_instrument(changed())
    v2 = load_instrument(changed(version=2, title="PHQ-9, second version"))
    registry = InstrumentRegistry([v1, v2])
    assert registry.get("phq9") is v2
    assert registry.get("phq9", 1) is v1
    assert registry.find("phq9", 3) is None
    assert [i.version for i in registry.latest()] == [2]
    with pytest.raises(ValueError, match="loaded twice"):
        InstrumentRegistry([v1, v1])


# --- properties: any JSON is answered with problems, never a crash --------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _load(data: object) -> Instrument | None:
    try:
        return load_instrument(data)
    except InstrumentError as exc:
        assert exc.problems and all(p.field and p.message for p in exc.problems)
        return None


@given(JSON)
def test_any_json_gives_problems_not_a_crash(data: object) -> None:
    _load(data)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


GOOD = [json.loads(f.read_text(encoding="utf-8")) for f in FILES]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mangled_good_file_gives_problems_not_a_crash(data: st.DataObject) -> None:
    document = copy.deepcopy(data.draw(st.sampled_from(GOOD)))
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(_paths(document)[1:]))
        parent = document
        for key in where[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[where[-1]]
        else:
            parent[where[-1]] = data.draw(JSON)
        if not _paths(document)[1:]:
            break
    _load(document)


def test_the_worked_example_in_the_docs_loads_and_scores_as_the_docs_say() -> None:
    import re

    from survivorapp.domain.questionnaires.scoring import NotScorable, Score, score

    doc = (Path(__file__).resolve().parents[2] / "docs" / "instruments.md").read_text()
    block = re.search(r"## A worked example.*?```json\n(.*?)```", doc, re.S)
    assert block is not None
    example = load_instrument(json.loads(block.group(1)))
    assert example.title.text("cy") == "Sut ydych chi wedi bod?"
    full = score(example, {"calm": 3, "on_edge": 1, "rested": 2})
    assert isinstance(full, Score) and (full.total, full.band and full.band.code) == (9, "middle")
    prorated = score(example, {"calm": 3, "rested": 2})
    assert isinstance(prorated, Score) and (prorated.total, prorated.prorated) == (8, True)
    assert isinstance(score(example, {"calm": 3, "on_edge": "declined"}), NotScorable)


def test_a_file_nested_too_deeply_for_the_parser_is_a_problem_not_a_crash() -> None:
    with pytest.raises(InstrumentError) as raised:
        parse_instrument("[" * 100_000)
    assert "nested more than" in " ".join(raised.value.messages)
