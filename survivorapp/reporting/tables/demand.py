"""Section 1, demand: referrals received, new and continuing cases, the waiting list, waits.

Referrals "received" are the counted cases referred during the period. New and continuing
counts people: a survivor is new when their first case with the service was referred in the
period (it shares its total with "survivors supported" in section 4). The waiting list is
taken on the period's last day; waits are those completed during the period (the days from
referral for every case that had its first contact, or was allocated, in the period), which
is how completed waits are reported elsewhere and does not change once the period has ended.
"""

from __future__ import annotations

from survivorapp.reporting.categories import Dimension
from survivorapp.reporting.model import Table
from survivorapp.reporting.tables.kit import SURVIVORS, Inputs, count_table, stat_table
from survivorapp.vault.returns import cases as returns_cases

SECTION = "demand"
RECEIVED = "cases_received"


def build(inputs: Inputs) -> list[Table]:
    scope = inputs.scope
    lines = Dimension.from_vocabulary(
        inputs.vocabularies["service_line"], unanswered=False, fallback="other"
    )
    return [
        *_received(inputs, lines),
        count_table(
            "demand_new_vs_continuing",
            "Survivors supported, new to the service and known before",
            SECTION,
            Dimension.of(
                "first_referral",
                (
                    ("new", "First referred during the period"),
                    ("known_before", "Supported before: an earlier or continuing case"),
                ),
            ),
            returns_cases.new_and_known_survivors(scope),
            total_group=SURVIVORS,
            unit="survivors",
        ),
        count_table(
            "waiting_list_at_end",
            "Waiting to be allocated on the last day of the period, by service line",
            SECTION,
            lines,
            returns_cases.waiting_at_end(scope),
            total_group="waiting_at_end",
        ),
        _waits(inputs),
    ]


def _received(inputs: Inputs, lines: Dimension) -> list[Table]:
    """Referrals received by source and by service line; sources also feed completeness."""
    scope = inputs.scope
    sources = returns_cases.case_counts(scope, "referral_source", received_only=True)
    inputs.completeness.add(
        "referral_source", returns_cases.case_counts(scope, "referral_source", received_only=False)
    )
    return [
        count_table(
            "demand_by_source",
            "Referrals received, by source",
            SECTION,
            Dimension.from_vocabulary(inputs.vocabularies["referral_source"]),
            sources,
            total_group=RECEIVED,
        ),
        count_table(
            "demand_by_service_line",
            "Referrals received, by service line",
            SECTION,
            lines,
            returns_cases.case_counts(scope, "service_line", received_only=True),
            total_group=RECEIVED,
        ),
    ]


def _waits(inputs: Inputs) -> Table:
    scope = inputs.scope
    return stat_table(
        "waits",
        "Days from referral, for waits completed during the period",
        SECTION,
        (
            (
                "referral_to_first_contact",
                "Referral to first contact",
                returns_cases.wait_days(scope, "first_contact_date"),
            ),
            (
                "referral_to_allocation",
                "Referral to allocation",
                returns_cases.wait_days(scope, "allocation_date"),
            ),
        ),
    )
