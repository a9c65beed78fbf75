"""Section 8, data completeness: how often each field behind the other tables was answered.

Every question can be skipped (DESIGN.md 4), so a table where 40% are "prefer not to say"
means something different from one where 2% are. Each row is a field, counted over the cases
open in the period exactly as the table that uses it counts them; the columns say whether it
was answered, not asked, declined (prefer not to say) or unknown. Percentages are derived
from these counts by whoever reads them.

The not asked, declined and unknown cells of a field with its own table are the same counts
as that table's rows, and are linked to them (``CountTable.cell_keys``); each row adds up to
the cases open (``rows_sum_to_total``). Without both, disclosure control would withhold a
small count in the sex table and then publish it here.
"""

from __future__ import annotations

from survivorapp.reporting.model import CountTable, Table
from survivorapp.reporting.tables.kit import (
    ANSWER_STATES,
    CASES_OPEN,
    UNANSWERED,
    Inputs,
    answer_key,
)

SECTION = "completeness"
FIELDS: tuple[tuple[str, str], ...] = (
    ("referral_source", "Referral source"),
    ("age", "Age (date or year of birth)"),
    ("age_at_incident", "Age at the time of the incident"),
    ("sex", "Sex"),
    ("gender_identity", "Gender identity"),
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability"),
    ("sexual_orientation", "Sexual orientation"),
    ("vulnerabilities", "Additional needs"),
    ("residence_borough", "Where they live"),
    ("interpreter_needed", "Interpreter needed"),
    ("incident_types", "Type of sexual violence"),
    ("recent_band", "How recent"),
    ("perpetrator_relationship", "Relationship of the perpetrator"),
    ("domestic_abuse_related", "Related to domestic abuse"),
)


def build(inputs: Inputs) -> list[Table]:
    """Run after the sections whose fields it describes (they fill ``inputs.completeness``)."""
    rows, linked = inputs.completeness.rows, inputs.completeness.linked
    missing = [name for name, _ in FIELDS if name not in rows]
    if missing:
        raise RuntimeError(f"completeness is missing fields: {missing}")
    columns = tuple(code for code, _ in ANSWER_STATES)
    counts = tuple(tuple(rows[name][c] for c in columns) for name, _ in FIELDS)
    keys = tuple(
        tuple(answer_key(name, c) if name in linked and c in UNANSWERED else None for c in columns)
        for name, _ in FIELDS
    )
    table = CountTable(
        id="completeness",
        title="How complete the answers are, per field",
        section=SECTION,
        row_dimension="field",
        rows=tuple(name for name, _ in FIELDS),
        row_labels=tuple(label for _, label in FIELDS),
        counts=counts,
        total=inputs.scope.counted_cases(),
        total_group=CASES_OPEN,
        columns=columns,
        column_labels=tuple(label for _, label in ANSWER_STATES),
        column_dimension="answer_state",
        additive=False,
        unit="cases",
        notes="Each row adds up to the number of cases open in the period.",
        cell_keys=keys,
        rows_sum_to_total=True,
    )
    table.check()
    return [table]
