"""Section 3, what happened: the presenting incident of each case open in the period.

One dimension per table, in categories only. How recent is derived from the incident and
referral dates where the date is known (``domain.recency``), so every case is banded the same
way; otherwise the band recorded is used. The perpetrator group is that of the first person
described, or "more than one person" when more than one is recorded; a case with no incident
recorded counts as not asked.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.recency import recent_band
from survivorapp.reporting.case_dates import CaseDates
from survivorapp.reporting.categories import YES_NO, Collapse, Dimension
from survivorapp.reporting.model import Table
from survivorapp.reporting.tables.kit import CASES_OPEN, Inputs, count_table
from survivorapp.vault.returns.queries import IncidentRow

SECTION = "incidents"
NOT_ASKED = Unanswered.NOT_ASKED.value
MULTIPLE = "multiple"


def build(inputs: Inputs) -> list[Table]:
    rows = inputs.incidents()
    vocabularies, complete = inputs.vocabularies, inputs.completeness
    relationship = inputs.collapses["perpetrator_relationship"]
    types, typed = _types(rows)
    recency: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    abuse: Counter[str] = Counter()
    for row, dates in zip(rows, inputs.dates(), strict=True):
        recency[recent_band_of(row, dates)] += 1
        groups[perpetrator_group(row, relationship)] += 1
        abuse[_yes_no(row.domestic_abuse_related) if row.has_incident else NOT_ASKED] += 1
    total = sum(typed.values())
    tables = [
        count_table(
            "incidents_type",
            "Type of sexual violence (each counted separately)",
            SECTION,
            Dimension.from_vocabulary(vocabularies["incident_type"]),
            types,
            total_group=CASES_OPEN,
            additive=False,
            total=total,
            notes="An incident can be of more than one type, so the rows add up to more than "
            "the total.",
        ),
        count_table(
            "incidents_recent_band",
            "How recent: time from the incident to the referral",
            SECTION,
            Dimension.from_vocabulary(vocabularies["recent_band"]),
            recency,
            total_group=CASES_OPEN,
        ),
        count_table(
            "incidents_perpetrator_group",
            "Relationship of the perpetrator",
            SECTION,
            relationship.dimension(),
            groups,
            total_group=CASES_OPEN,
        ),
        count_table(
            "incidents_domestic_abuse",
            "Related to domestic abuse",
            SECTION,
            Dimension.of("domestic_abuse_related", YES_NO, unanswered=True),
            abuse,
            total_group=CASES_OPEN,
        ),
    ]
    fields = ("incident_types", "recent_band", "perpetrator_relationship", "domestic_abuse_related")
    return [complete.link(name, table) for name, table in zip(fields, tables, strict=True)]


def _types(rows: list[IncidentRow]) -> tuple[Counter[str], Counter[str]]:
    """Counts per type (multi-select), and per answer state for completeness."""
    types: Counter[str] = Counter()
    states: Counter[str] = Counter()
    for row in rows:
        value = row.types if row.has_incident else NOT_ASKED
        if isinstance(value, list):
            states["answered"] += 1
            for code in set(value):
                types[code] += 1
        else:
            types[str(value)] += 1
            states[str(value)] += 1
    return types, states


def recent_band_of(row: IncidentRow, dates: CaseDates) -> str:
    if not row.has_incident:
        return NOT_ASKED
    happened, referred = dates.happened, dates.referred
    if happened is not None and happened <= referred:
        return recent_band(
            happened,
            referred,
            age_at_incident=dates.age_at_incident,
            age_at_referral=dates.age_at_referral,
        )
    recorded = row.recent_band
    return recorded if isinstance(recorded, str) else NOT_ASKED


def perpetrator_group(row: IncidentRow, relationship: Collapse) -> str:
    if not row.has_incident:
        return NOT_ASKED
    count = row.perpetrator_count
    if isinstance(count, int) and not isinstance(count, bool) and count > 1:
        return MULTIPLE
    code = row.first_relationship
    if isinstance(code, str):
        return relationship.mapping.get(code, code)
    return count if isinstance(count, str) else NOT_ASKED


def _yes_no(value: Any) -> str:
    if value is None:
        return NOT_ASKED
    if isinstance(value, int) and not isinstance(value, str):
        return "yes" if value else "no"
    return str(value)
