"""Section 2, who is supported: one table per characteristic, never crossed with another.

Every table counts the cases open in the period (one count per case; a survivor with two
cases open at once, which is rare, counts in each) as the survivor's record stands at the
time the return is made. Ages are derived from the date of birth, or the year of birth, and
the referral date; the age at the time of the incident is the band recorded on the presenting
incident, or derived from its date when no band was recorded.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from survivorapp.domain.ages import age_band
from survivorapp.domain.answers import Unanswered
from survivorapp.domain.vocabularies import Vocabulary
from survivorapp.reporting.case_dates import CaseDates
from survivorapp.reporting.categories import YES_NO, Dimension
from survivorapp.reporting.model import Table
from survivorapp.reporting.tables.kit import CASES_OPEN, Inputs, count_table
from survivorapp.vault.returns.queries import IncidentRow, answer_list

SECTION = "survivors"
NONE_RECORDED = "none_recorded"


def build(inputs: Inputs) -> list[Table]:
    bands = Bands(inputs.vocabularies["age_band"])
    tables = [
        _linked(
            inputs,
            "age",
            "survivors_age_at_referral",
            "Age at referral",
            Dimension.from_vocabulary(bands.vocabulary),
            ages_at_referral(inputs, bands),
        ),
        _linked(
            inputs,
            "age_at_incident",
            "survivors_age_at_incident",
            "Age at the time of the incident",
            Dimension.from_vocabulary(bands.vocabulary),
            ages_at_incident(inputs, bands),
        ),
    ]
    answers = inputs.profiles().answers
    for column, table_id, title, dimension in _characteristics(inputs):
        tables.append(_linked(inputs, column, table_id, title, dimension, answers[column]))
    # Additional needs go before where they live and interpreter need (the order).
    tables.insert(-2, _vulnerabilities(inputs, answers["vulnerabilities"]))
    return tables


def _linked(
    inputs: Inputs,
    field_name: str,
    table_id: str,
    title: str,
    dimension: Dimension,
    counts: dict[str, int],
) -> Table:
    """A characteristic's table, its unanswered rows linked to the completeness table."""
    made = count_table(table_id, title, SECTION, dimension, counts, total_group=CASES_OPEN)
    return inputs.completeness.link(field_name, made)


def _characteristics(inputs: Inputs) -> tuple[tuple[str, str, str, Dimension], ...]:
    """(survivor column, table id, title, rows) of each answer counted as it was stored."""
    vocabularies, collapses = inputs.vocabularies, inputs.collapses
    return (
        ("sex", "survivors_sex", "Sex", Dimension.from_vocabulary(vocabularies["sex"])),
        (
            "gender_identity",
            "survivors_gender_identity",
            "Gender identity",
            collapses["gender_identity"].dimension(),
        ),
        ("ethnicity", "survivors_ethnicity", "Ethnic group", collapses["ethnicity"].dimension()),
        ("disability", "survivors_disability", "Disability", _yes_no("disability")),
        (
            "sexual_orientation",
            "survivors_sexual_orientation",
            "Sexual orientation",
            collapses["sexual_orientation"].dimension(),
        ),
        (
            "residence_borough",
            "survivors_residence",
            "Where they live (Inner or Outer London, or outside London)",
            collapses["residence"].dimension(),
        ),
        (
            "interpreter_needed",
            "survivors_interpreter",
            "Interpreter needed",
            _yes_no("interpreter_needed"),
        ),
    )


def _yes_no(name: str) -> Dimension:
    return Dimension.of(name, YES_NO, unanswered=True)


def _vulnerabilities(inputs: Inputs, stored: dict[str, int]) -> Table:
    """Each additional need is counted once per case that has it (a case can have several,
    so the rows add up to more than the total)."""
    vocabulary = inputs.vocabularies["vulnerability"]
    counts: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for text, n in stored.items():
        value = answer_list(text)
        if isinstance(value, list):
            answered["answered"] += n
            if not value:
                counts[NONE_RECORDED] += n
            for code in set(value):
                counts[code] += n
        else:
            counts[value] += n
            answered[value] += n
    dimension = Dimension.of(
        "vulnerability",
        (
            *((c.code, c.label) for c in vocabulary),
            (NONE_RECORDED, "Asked: none of these"),
        ),
        unanswered=True,
    )
    total = sum(answered.values())
    made = count_table(
        "survivors_vulnerabilities",
        "Additional needs (each counted separately)",
        SECTION,
        dimension,
        counts,
        total_group=CASES_OPEN,
        additive=False,
        total=total,
        notes="A case can have several additional needs, so the rows add up to more than "
        "the total.",
    )
    return inputs.completeness.link("vulnerabilities", made)


def unanswered_of(*values: Any) -> str:
    """The reason there is no answer, from several stored values: declined before unknown
    before not asked (someone chose not to say, so say that)."""
    codes = {v for v in values if isinstance(v, str)}
    for reason in (Unanswered.DECLINED, Unanswered.UNKNOWN):
        if reason.value in codes:
            return reason.value
    return Unanswered.NOT_ASKED.value


class Bands:
    """Age to band code, each age worked out once (a return bands tens of thousands)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._codes = frozenset(c.code for c in vocabulary)
        self._cache: dict[int, str] = {}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def of(self, age: int) -> str:
        band = self._cache.get(age)
        if band is None:
            band = self._cache[age] = age_band(age, self.vocabulary)
        return band


def ages_at_referral(inputs: Inputs, bands: Bands) -> dict[str, int]:
    """Age bands on each counted case's referral date; else why no age is known."""
    counts: Counter[str] = Counter()
    for row, dates in zip(inputs.incidents(), inputs.dates(), strict=True):
        age = dates.age_at_referral
        if age is not None:
            counts[bands.of(age)] += 1
        elif dates.birth_known:
            counts[Unanswered.UNKNOWN.value] += 1  # a birth after the referral
        else:
            counts[unanswered_of(row.date_of_birth, row.birth_year)] += 1
    return dict(counts)


def ages_at_incident(inputs: Inputs, bands: Bands) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for row, dates in zip(inputs.incidents(), inputs.dates(), strict=True):
        counts[age_band_at_incident(row, dates, bands)] += 1
    return dict(counts)


def age_band_at_incident(row: IncidentRow, dates: CaseDates, bands: Bands) -> str:
    """The recorded band; else derived from the incident date and the birth; else why not."""
    recorded = row.age_band_at_incident
    if not row.has_incident:
        return Unanswered.NOT_ASKED.value
    if recorded in bands:
        return str(recorded)
    if dates.age_at_incident is not None:
        return bands.of(dates.age_at_incident)
    return str(recorded) if isinstance(recorded, str) else Unanswered.NOT_ASKED.value
