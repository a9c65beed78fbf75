"""Ages and age bands derived from a date of birth or a birth year.

REFERENCE.md 3.9: store the date of birth (or just the year) and derive bands, so the same
record can answer "age at incident" and "age at referral" and a band change never needs a
data migration.
"""

from __future__ import annotations

import re
from datetime import date

from survivorapp.domain.vocabularies import Vocabulary

_BAND = re.compile(r"^age_(\d+)_(\d+|plus)$")


def age_at(
    at: date, *, date_of_birth: date | None = None, birth_year: int | None = None
) -> int | None:
    """Age in whole years on ``at``; None when neither a date of birth nor a year is known.

    With a year only, the birthday is taken as 1 July: the middle of the year keeps the
    estimate within six months either way.
    """
    if date_of_birth is not None:
        born = date_of_birth
    elif birth_year is not None:
        born = date(birth_year, 7, 1)
    else:
        return None
    if at.year < born.year or (date_of_birth is not None and at < born):
        raise ValueError("the date is before the survivor was born")
    return max(at.year - born.year - ((at.month, at.day) < (born.month, born.day)), 0)


def band_bounds(code: str) -> tuple[int, int | None]:
    """The inclusive age range of an age-band code such as ``age_18_24`` or ``age_65_plus``."""
    match = _BAND.match(code)
    if match is None:
        raise ValueError(f"{code!r} is not an age-band code")
    upper = match.group(2)
    return int(match.group(1)), None if upper == "plus" else int(upper)


def age_band(age: int, vocabulary: Vocabulary) -> str:
    """The code of the band in ``vocabulary`` (normally ``age_band``) that contains ``age``."""
    if age < 0:
        raise ValueError("age can't be negative")
    for entry in vocabulary:
        low, high = band_bounds(entry.code)
        if age >= low and (high is None or age <= high):
            return entry.code
    raise ValueError(f"no band in {vocabulary.id!r} covers age {age}")
