"""The collapses in resources/return/categories.json match the vocabularies they collapse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.reporting.categories import (
    CategoryError,
    categories_file,
    load_collapses,
)


def test_every_code_of_every_collapsed_vocabulary_has_a_category() -> None:
    vocabularies = load_vocabularies()
    collapses = load_collapses(vocabularies)
    for collapse in collapses.values():
        codes = {code for code, _ in collapse.categories}
        assert {c.code for c in vocabularies[collapse.vocabulary]} == set(collapse.mapping)
        assert set(collapse.mapping.values()) <= codes


def test_groups_kept_in_a_vocabulary_are_collapsed_the_same_way() -> None:
    vocabularies = load_vocabularies()
    collapses = load_collapses(vocabularies)
    for name in ("ethnicity", "perpetrator_relationship", "referral_destination"):
        vocabulary = vocabularies[collapses[name].vocabulary]
        assert dict(collapses[name].mapping) == {c.code: c.group for c in vocabulary}


def test_a_code_left_out_is_a_clear_error(tmp_path: Path) -> None:
    raw = json.loads(categories_file().read_text(encoding="utf-8"))
    del raw["collapses"]["ethnicity"]["map"]["white_irish"]
    broken = tmp_path / "categories.json"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CategoryError, match="white_irish"):
        load_collapses(load_vocabularies(), broken)
