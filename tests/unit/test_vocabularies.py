"""The shipped vocabularies load, match their schema and keep the lists REFERENCE.md gives."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from survivorapp import paths
from survivorapp.domain.answers import RESERVED_CODES
from survivorapp.domain.vocabularies import (
    VocabularyError,
    clear_cache,
    load_vocabularies,
    load_vocabulary_file,
)

VOCAB_DIR = paths.resources_dir() / "vocabularies"
SCHEMA = json.loads((paths.resources_dir() / "schema" / "vocabulary.schema.json").read_text())
FILES = sorted(VOCAB_DIR.glob("*.json"))

EXPECTED_IDS = {
    "ethnicity", "borough", "referral_source", "incident_type", "perpetrator_relationship",
    "recent_band", "age_band", "vulnerability", "sex", "gender_identity", "sexual_orientation",
    "religion", "disability_type", "pronouns", "service_line", "case_status", "closure_reason",
    "session_mode", "session_kind", "risk_flag", "consent_purpose", "consent_state",
    "consent_method", "contact_channel", "contact_safety", "language",
    # the justice journey
    "cjs_stage", "cjs_event_type", "police_outcome", "cps_outcome", "court_outcome",
    "informed_by", "trial_change_reason", "survivor_position", "special_measure",
    "special_measure_status", "victims_code_right", "victims_code_status", "vps_status",
    "family_proceeding_type", "outcome_group", "bail_status", "sentence_type",
    "vps_reading_preference",
    # well-being referrals
    "referral_destination", "referral_status", "referral_rejection_reason",
    # the service's own waiting list
    "waiting_priority", "contact_attempt_outcome",
    # survivor feedback and outcome measures
    "feedback_timepoint", "feedback_mode",
}  # fmt: skip


def test_every_expected_vocabulary_is_shipped() -> None:
    assert set(load_vocabularies()) == EXPECTED_IDS


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.stem)
def test_vocabulary_file_matches_schema(file: Path) -> None:
    jsonschema.validate(json.loads(file.read_text(encoding="utf-8")), SCHEMA)


def test_schema_itself_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_no_vocabulary_uses_a_reserved_unanswered_code() -> None:
    for vocabulary in load_vocabularies().values():
        assert not {c.code for c in vocabulary} & RESERVED_CODES, vocabulary.id
        assert not {g.code for g in vocabulary.groups} & RESERVED_CODES, vocabulary.id


def test_schema_rejects_a_reserved_code() -> None:
    bad = {"id": "x", "version": 1, "title": "t", "description": "d", "source": "s",
           "codes": [{"code": "declined", "label": "Declined"}]}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_ethnicity_has_19_categories_in_5_groups() -> None:
    ethnicity = load_vocabularies()["ethnicity"]
    assert len(ethnicity) == 19
    assert [g.code for g in ethnicity.groups] == ["white", "mixed", "asian", "black", "other"]
    assert {ethnicity.group_of(c.code) for c in ethnicity} == {g.code for g in ethnicity.groups}
    assert len(ethnicity.codes_in_group("white")) == 5
    assert ethnicity.label("other_arab") == "Arab"


def test_borough_has_every_gss_code_and_ons_inner_outer_groups() -> None:
    borough = load_vocabularies()["borough"]
    gss = [f"E090000{n:02d}" for n in range(1, 34)]
    assert [c.code for c in borough][:33] == gss
    assert borough.contains("outside_london")
    assert borough.contains("no_fixed_abode")
    assert len(borough.codes_in_group("inner_london")) == 14
    assert len(borough.codes_in_group("outer_london")) == 19
    assert borough.group_of("E09000014") == "inner_london"  # Haringey: ONS statistical inner
    assert borough.group_of("E09000011") == "outer_london"  # Greenwich: ONS statistical outer
    assert borough.label("E09000001") == "City of London"


@pytest.mark.parametrize(
    ("vocabulary", "count"),
    [("referral_source", 18), ("incident_type", 18), ("vulnerability", 17), ("age_band", 9),
     ("recent_band", 4), ("session_mode", 5), ("session_kind", 6), ("service_line", 6),
     ("consent_purpose", 5), ("contact_channel", 5)],
)  # fmt: skip
def test_lists_follow_the_reference(vocabulary: str, count: int) -> None:
    assert len(load_vocabularies()[vocabulary]) == count


def test_language_list_includes_english_bsl_and_other() -> None:
    language = load_vocabularies()["language"]
    assert {"english", "british_sign_language", "other"} <= {c.code for c in language}


def test_vocabulary_api() -> None:
    status = load_vocabularies()["case_status"]
    assert status.version == 1
    assert [c.code for c in status] == ["waiting", "active", "closed"]
    assert "active" in status
    assert not status.contains("open")
    assert not status.contains(None)
    assert status.group_of("active") is None
    with pytest.raises(KeyError, match="open"):
        status.label("open")
    relationship = load_vocabularies()["perpetrator_relationship"]
    assert relationship.group_label("partner") == "Partner or ex-partner"
    with pytest.raises(KeyError, match="nope"):
        relationship.group_label("nope")


def test_unknown_vocabulary_id_names_it() -> None:
    with pytest.raises(KeyError, match="no_such"):
        load_vocabularies()["no_such"]


def test_loading_is_cached_per_folder() -> None:
    assert load_vocabularies() is load_vocabularies(VOCAB_DIR)
    clear_cache()
    assert load_vocabularies() == load_vocabularies()


def _write(folder: Path, name: str, data: object) -> Path:
    file = folder / f"{name}.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    return file


def _valid(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "colour", "version": 1, "title": "Colour", "description": "d", "source": "s",
        "groups": [{"code": "warm", "label": "Warm"}],
        "codes": [{"code": "red", "label": "Red", "group": "warm"},
                  {"code": "blue", "label": "Blue"}],
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_custom_folder_loads(tmp_path: Path) -> None:
    _write(tmp_path, "colour", _valid())
    loaded = load_vocabularies(tmp_path)
    assert list(loaded) == ["colour"]
    assert loaded["colour"].group_of("red") == "warm"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_valid(codes=[{"code": "red", "label": "Red"}, {"code": "red", "label": "Also red"}]),
         "duplicate code 'red'"),
        ({k: v for k, v in _valid().items() if k != "title"}, "missing the field 'title'"),
        (_valid(codes=[{"code": "red"}]), "missing the field 'label'"),
        (_valid(codes=[{"code": "unknown", "label": "Unknown"}]), "reserved"),
        (_valid(codes=[{"code": "red", "label": "Red", "group": "cold"}]), "group 'cold'"),
        (_valid(version="1"), "'version'"),
        (_valid(codes=[]), "'codes'"),
        (_valid(extra=1), "unknown field"),
        (_valid(id="color"), "does not match the file name"),
        ([], "JSON object"),
    ],
)  # fmt: skip
def test_malformed_file_error_names_the_file(tmp_path: Path, data: object, message: str) -> None:
    file = _write(tmp_path, "colour", data)
    with pytest.raises(VocabularyError, match=r"colour\.json") as raised:
        load_vocabulary_file(file)
    assert message in str(raised.value)


def test_bad_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"broken\.json"):
        load_vocabularies(tmp_path)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="not found"):
        load_vocabularies(tmp_path / "absent")
