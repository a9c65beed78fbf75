"""Section 6, well-being referrals: where survivors were referred on to, how far each got, waits.

Counted: the referrals of counted cases started (offered or made) during the period, with the
status each had reached on the period's last day. Destination by status is the one crossed
table in the return: the same destinations as the one-way table (its row totals are that
table's cells, linked by name so that disclosure control withholds them together) by six
status steps (a collapse in
``resources/return/categories.json``). Waits are those completed during the period, from the
day the referral was made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from survivorapp.reporting.categories import Dimension
from survivorapp.reporting.model import CountTable, Table
from survivorapp.reporting.tables.kit import Inputs, count_table, stat_table
from survivorapp.vault.returns import followup as returns_followup

SECTION = "referrals"
STARTED = "referrals_started"


def build(inputs: Inputs) -> list[Table]:
    scope = inputs.scope
    by_status = returns_followup.referrals_by_status(scope)
    destinations = Dimension.from_vocabulary(
        inputs.vocabularies["referral_destination"], unanswered=False, fallback="other"
    )
    by_destination: Counter[str] = Counter()
    for (destination, _status), n in by_status.items():
        by_destination[destination] += n
    one_way = count_table(
        "referrals_by_destination",
        "Referrals started in the period, by destination",
        SECTION,
        destinations,
        by_destination,
        total_group=STARTED,
        unit="referrals",
    )
    return [
        replace(one_way, cell_keys=tuple((destination_key(code),) for code in destinations.codes)),
        _crossed(inputs, destinations, by_status),
        stat_table(
            "referral_waits",
            "Days from a referral being made, for steps reached during the period",
            SECTION,
            (
                (
                    "referral_to_acceptance",
                    "Referral to being accepted",
                    returns_followup.referral_wait_days(scope, "accepted_on"),
                ),
                (
                    "referral_to_first_appointment",
                    "Referral to the first appointment",
                    returns_followup.referral_wait_days(scope, "first_appointment_on"),
                ),
            ),
        ),
    ]


def destination_key(code: str) -> str:
    """The name of one destination's count: a cell of the one-way table and a row total of
    the crossed table, withheld together (``CountTable.cell_keys``, ``row_total_keys``)."""
    return f"{STARTED}.destination.{code}"


def _crossed(inputs: Inputs, rows: Dimension, by_status: dict[tuple[str, str], int]) -> CountTable:
    columns = inputs.collapses["referral_status"].dimension(unanswered=False)
    cells = {(r, c): 0 for r in rows.codes for c in columns.codes}
    for (destination, status), n in by_status.items():
        cells[(rows.row_of(destination), columns.row_of(status))] += n
    table = CountTable(
        id="referrals_destination_by_status",
        title="Referrals started in the period: where to, and how far each had got by its end",
        section=SECTION,
        row_dimension=rows.name,
        rows=rows.codes,
        row_labels=rows.labels,
        counts=tuple(tuple(cells[(r, c)] for c in columns.codes) for r in rows.codes),
        total=sum(by_status.values()),
        total_group=STARTED,
        columns=columns.codes,
        column_labels=columns.labels,
        column_dimension=columns.name,
        unit="referrals",
        row_total_keys=tuple(destination_key(code) for code in rows.codes),
    )
    table.check()
    return table
