"""Fixed reporting periods: UK financial quarters (``2026-Q2``) and years (``2026-27``).

Only these labels are accepted, never an arbitrary date range: two returns for overlapping
ranges could be subtracted from each other to reveal a handful of people (REFERENCE.md 5.3,
rule 7). A period can be exported only once it has ended, because an open period's figures
would still change after they had left the building.

The financial year starts on 1 April: 2026-Q1 is April-June 2026, 2026-Q2 July-September,
2026-Q3 October-December and 2026-Q4 January-March 2027; ``2026-27`` is the whole of it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.reporting.model import Period

EARLIEST_YEAR = 2000
LATEST_YEAR = 2098
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_START_MONTHS = {1: 4, 2: 7, 3: 10, 4: 1}


class PeriodError(UserFacingError, ValueError):
    """A period label that is not a fixed period, or a period that has not ended yet."""

    exit_code = EXIT_USAGE


def quarter(financial_year: int, number: int) -> Period:
    """Quarter ``number`` (1-4) of the financial year starting in April ``financial_year``."""
    _check_year(financial_year)
    if number not in _QUARTER_START_MONTHS:
        raise PeriodError("A financial quarter is numbered 1 to 4.")
    month = _QUARTER_START_MONTHS[number]
    year = financial_year + 1 if number == 4 else financial_year
    start = date(year, month, 1)
    return Period(f"{financial_year}-Q{number}", start, _month_end(year, month + 2))


def financial_year(first_year: int) -> Period:
    """1 April ``first_year`` to 31 March of the next year, labelled like ``2026-27``."""
    _check_year(first_year)
    label = f"{first_year}-{(first_year + 1) % 100:02d}"
    return Period(label, date(first_year, 4, 1), date(first_year + 1, 3, 31))


def parse_period(label: str) -> Period:
    """The period a label names; anything but a financial quarter or year is refused."""
    text = label.strip()
    match = _QUARTER.match(text)
    if match:
        return quarter(int(match.group(1)), int(match.group(2)))
    match = _YEAR.match(text)
    if match:
        first = int(match.group(1))
        if int(match.group(2)) != (first + 1) % 100:
            raise PeriodError(
                f"'{text}' is not a financial year: the second part should be the next year, "
                f"as in {first}-{(first + 1) % 100:02d}."
            )
        return financial_year(first)
    raise PeriodError(
        f"'{text}' is not a reporting period. Returns cover fixed periods only: a financial "
        "quarter such as 2026-Q2 (July to September 2026) or a financial year such as 2026-27."
    )


def has_ended(period: Period, today: date) -> bool:
    return period.end < today


def ended_period(label: str, today: date, *, allow_open: bool = False) -> Period:
    """Parse ``label`` and refuse a period that has not ended by ``today`` (unless allowed)."""
    period = parse_period(label)
    if not allow_open and not has_ended(period, today):
        raise PeriodError(
            f"{period.label} runs until {period.end:%d %B %Y}. A return can be made once the "
            "period has ended, so that its figures no longer change after they are sent."
        )
    return period


def financial_year_of(day: date) -> int:
    """The first calendar year of the financial year ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def available_periods(earliest: date | None, today: date) -> list[Period]:
    """Every ended quarter and year from the one holding ``earliest`` to ``today``, newest first.

    Each financial year comes just before its own quarters. With no records (``earliest``
    None) only the most recently ended quarter and year are offered.
    """
    last_year = financial_year_of(today)
    first_year = financial_year_of(earliest) if earliest is not None else last_year - 1
    first_year = max(min(first_year, last_year), EARLIEST_YEAR)
    found: list[Period] = []
    for year in range(last_year, first_year - 1, -1):
        candidates = [financial_year(year), *(quarter(year, n) for n in (4, 3, 2, 1))]
        found.extend(p for p in candidates if has_ended(p, today))
    return found


def _check_year(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise PeriodError(
            f"Returns cover financial years from {EARLIEST_YEAR} to {LATEST_YEAR}; "
            f"{year} is outside that."
        )


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)
