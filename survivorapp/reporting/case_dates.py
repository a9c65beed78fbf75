"""Each counted case's dates and ages, worked out once for the sections that band them.

Age at referral (section 2), age at the incident (section 2) and how recent the incident was
(section 3, which also needs both ages) all start from the same dates; parsing them once per
case, and each distinct date text once, keeps a year's return over a large vault quick.
Ages come from ``domain.ages`` (date of birth, else the year of birth).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from survivorapp.domain.ages import age_at
from survivorapp.vault.returns.queries import IncidentRow


class CaseDates(NamedTuple):
    referred: date
    happened: date | None  # the incident's date, when it is a real date
    birth_known: bool  # a date or year of birth is recorded
    age_at_referral: int | None
    age_at_incident: int | None


class _Parsed(dict[Any, date | None]):
    """Stored text to a date (None for an unanswered code), each distinct text once."""

    def __missing__(self, value: Any) -> date | None:
        parsed = self[value] = iso_date(value)
        return parsed


def iso_date(value: Any) -> date | None:
    """A stored ISO date, or None for an unanswered code or nothing."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def whole_year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def age_on(day: date, born: date | None, year: int | None) -> int | None:
    """Age on ``day``; None when no birth is known, or ``day`` is before it."""
    if born is None and year is None:
        return None
    try:
        return age_at(day, date_of_birth=born, birth_year=year)
    except ValueError:  # a date before the recorded birth: treat as not known
        return None


def case_dates(rows: Iterable[IncidentRow]) -> list[CaseDates]:
    parsed = _Parsed()
    found = []
    for row in rows:
        referred = parsed[row.referral_date]
        assert referred is not None
        born, year = parsed[row.date_of_birth], whole_year(row.birth_year)
        happened = parsed[row.incident_date] if row.has_incident else None
        found.append(
            CaseDates(
                referred,
                happened,
                born is not None or year is not None,
                age_on(referred, born, year),
                age_on(happened, born, year) if happened is not None else None,
            )
        )
    return found
