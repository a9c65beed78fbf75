"""Section 3 (what happened): the presenting incident of each of the eight counted cases."""

from __future__ import annotations

from survivorapp.reporting.model import CountTable, Return
from tests.reporting.hand_vault import column


def test_types_are_counted_each(quarter_return: Return) -> None:
    # A's second, non-presenting incident (sexual harassment) is not counted.
    assert column(quarter_return, "incidents_type") == {
        "rape": 3,
        "sexual_assault": 1,
        "drug_or_alcohol_facilitated": 1,
        "image_based_or_tech_facilitated": 1,
        "child_sexual_abuse_in_family": 1,
        "declined": 1,
        "not_asked": 2,  # K and L have no incident recorded
    }
    table = quarter_return.table("incidents_type")
    assert isinstance(table, CountTable)
    assert (table.total, table.additive) == (8, False)


def test_how_recent_is_derived_from_the_dates(quarter_return: Return) -> None:
    # A: 5 days; C: 90 days; H: five years (no age known); I: 15 then, 63 at referral;
    # B and J have no date, so their recorded bands are used.
    assert column(quarter_return, "incidents_recent_band") == {
        "within_7_days": 1,
        "days_8_to_12_months": 1,
        "over_12_months": 2,
        "childhood_disclosed_as_adult": 1,
        "unknown": 1,
        "not_asked": 2,
    }


def test_perpetrator_groups(quarter_return: Return) -> None:
    # H recorded three perpetrators, so "more than one person" whoever the first was.
    assert column(quarter_return, "incidents_perpetrator_group") == {
        "partner": 1,
        "family": 1,
        "stranger": 1,
        "multiple": 1,
        "declined": 1,
        "unknown": 1,
        "not_asked": 2,
    }


def test_domestic_abuse_related(quarter_return: Return) -> None:
    assert column(quarter_return, "incidents_domestic_abuse") == {
        "yes": 1,
        "no": 3,
        "unknown": 1,
        "not_asked": 3,
    }
