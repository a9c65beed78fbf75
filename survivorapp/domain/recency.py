"""Recent or non-recent, derived from dates rather than asked.

REFERENCE.md 3.10 has no statutory definition; its anchors are the forensic window of about
7 days and "non-recent" for historic reports. Deriving the band from the incident and referral
dates keeps every case banded the same way.
"""

from __future__ import annotations

from datetime import date, timedelta

WITHIN_7_DAYS = "within_7_days"
DAYS_8_TO_12_MONTHS = "days_8_to_12_months"
OVER_12_MONTHS = "over_12_months"
CHILDHOOD_DISCLOSED_AS_ADULT = "childhood_disclosed_as_adult"

ADULT_AGE = 18


def one_year_after(day: date) -> date:
    """The same date a year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def recent_band(
    incident_date: date,
    referral_date: date,
    *,
    age_at_incident: int | None = None,
    age_at_referral: int | None = None,
) -> str:
    """The ``recent_band`` code for an incident on ``incident_date`` referred on ``referral_date``.

    Up to 7 days inclusive is recent; up to the same date a year later is "8 days to 12 months";
    anything older is over 12 months, or childhood abuse told about as an adult when the ages
    show the survivor was under 18 then and is an adult now.
    """
    if referral_date < incident_date:
        raise ValueError("the referral can't be before the incident")
    if referral_date - incident_date <= timedelta(days=7):
        return WITHIN_7_DAYS
    if referral_date <= one_year_after(incident_date):
        return DAYS_8_TO_12_MONTHS
    if (
        age_at_incident is not None
        and age_at_referral is not None
        and age_at_incident < ADULT_AGE <= age_at_referral
    ):
        return CHILDHOOD_DISCLOSED_AS_ADULT
    return OVER_12_MONTHS
