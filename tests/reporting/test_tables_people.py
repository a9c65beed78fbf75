"""Section 2 (who is supported) against numbers worked out by hand from ``hand_vault.py``.

Eight cases count in 2025-Q2: A and K (the same survivor, counted once per case), B, C, H,
I, J and L. Every table adds up to 8, except additional needs, where a case can have several.
"""

from __future__ import annotations

import pytest

from survivorapp.reporting.model import CountTable, Return
from tests.reporting.hand_vault import column

EXPECTED = {
    # A and K at 35 (born May 1990); B 17 from a birth year of 2008; I 63; J 12.
    # C declined both date and year of birth; nobody asked H or L.
    "survivors_age_at_referral": {
        "age_0_12": 1,
        "age_16_17": 1,
        "age_35_44": 2,
        "age_55_64": 1,
        "declined": 1,
        "not_asked": 2,
    },
    # A derived from the incident date; B and H recorded; I derived (15 in 1975);
    # C (birth declined), J (date declined), K and L (no incident) are not asked.
    "survivors_age_at_incident": {"age_13_15": 2, "age_18_24": 1, "age_35_44": 1, "not_asked": 4},
    "survivors_sex": {"female": 6, "male": 1, "declined": 1},
    "survivors_gender_identity": {
        "woman": 3,
        "man": 1,
        "non_binary_or_own_words": 2,
        "not_asked": 2,
    },
    "survivors_ethnicity": {
        "white": 2,
        "black": 1,
        "mixed": 1,
        "asian": 1,
        "other": 1,
        "declined": 1,
        "not_asked": 1,
    },
    "survivors_disability": {"yes": 2, "no": 3, "declined": 1, "unknown": 1, "not_asked": 1},
    "survivors_sexual_orientation": {
        "straight_heterosexual": 3,
        "gay_lesbian": 1,
        "bisexual": 1,
        "declined": 1,
        "not_asked": 2,
    },
    "survivors_residence": {
        "inner_london": 3,
        "outer_london": 1,
        "outside_london": 1,
        "no_fixed_abode": 1,
        "declined": 1,
        "not_asked": 1,
    },
    "survivors_interpreter": {"yes": 1, "no": 4, "unknown": 1, "not_asked": 2},
}


@pytest.mark.parametrize("table_id", sorted(EXPECTED))
def test_one_characteristic_per_table(quarter_return: Return, table_id: str) -> None:
    assert column(quarter_return, table_id) == EXPECTED[table_id]
    table = quarter_return.table(table_id)
    assert isinstance(table, CountTable)
    assert table.total == 8
    assert table.total_group == "cases_open"


def test_additional_needs_are_counted_each(quarter_return: Return) -> None:
    assert column(quarter_return, "survivors_vulnerabilities") == {
        "mental_health_condition": 2,
        "substance_use": 2,
        "learning_disability": 1,
        "older_person": 1,
        "child_young_person": 1,
        "none_recorded": 1,  # C was asked and has none of them
        "not_asked": 2,
    }
    table = quarter_return.table("survivors_vulnerabilities")
    assert isinstance(table, CountTable)
    assert not table.additive
    assert table.total == 8


def test_tables_come_in_the_order_of_the_issue(quarter_return: Return) -> None:
    ids = [t.id for t in quarter_return.tables if t.section == "survivors"]
    assert ids == [
        "survivors_age_at_referral",
        "survivors_age_at_incident",
        "survivors_sex",
        "survivors_gender_identity",
        "survivors_ethnicity",
        "survivors_disability",
        "survivors_sexual_orientation",
        "survivors_vulnerabilities",
        "survivors_residence",
        "survivors_interpreter",
    ]


def test_collapsed_rows_are_the_published_categories(quarter_return: Return) -> None:
    table = quarter_return.table("survivors_ethnicity")
    assert isinstance(table, CountTable)
    assert table.rows == (
        "white",
        "mixed",
        "asian",
        "black",
        "other",
        "not_asked",
        "declined",
        "unknown",
    )
    assert table.row_labels[-2] == "Prefer not to say"
