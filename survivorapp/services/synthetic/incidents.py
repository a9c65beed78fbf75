"""What happened, in categories only, for synthetic cases: a presenting incident and others.

The true date is drawn backwards from the referral by how long ago it happened (recent, within
a year, adult non-recent, childhood: REFERENCE 3.10); the recent/non-recent band is then worked
out by the domain's own rule, so a recorded band always agrees with the recorded dates. Many
dates are then left unrecorded, as they are in practice for non-recent abuse.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.recency import recent_band
from survivorapp.services.synthetic import distributions as dist

NOT_ASKED, UNKNOWN = Unanswered.NOT_ASKED, Unanswered.UNKNOWN


def age_on(birth: int, day: int) -> int:
    """Age in whole years on ``day``; both are date ordinals."""
    born, on = date.fromordinal(birth), date.fromordinal(day)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class IncidentMaker:
    """Incidents for one case at a time, drawing from the generator's random stream."""

    def __init__(self, rng: random.Random, bands: Sequence[str]) -> None:
        self.rng = rng
        self._bands = bands

    def for_case(
        self, reference: str, birth: int, residence: Answer[str], referral: int, line: str
    ) -> list[Incident]:
        """The presenting incident, and for a quarter of cases one or two earlier ones."""
        rng = self.rng
        lag = dist.LAG[line].pick(rng)
        incidents = [self._presenting(reference, birth, residence, referral, lag)]
        extra = 0 if (r := rng.random()) < 0.75 else 1 if r < 0.95 else 2
        incidents.extend(self._earlier(reference, birth, referral) for _ in range(extra))
        return incidents

    def _presenting(
        self, reference: str, birth: int, residence: Answer[str], referral: int, lag: str
    ) -> Incident:
        rng = self.rng
        adult_from = birth + int(18 * dist.YEAR)
        day, until = self._incident_day(lag, birth, referral)
        last = until or day
        at_incident, at_referral = age_on(birth, last), age_on(birth, referral)
        band = recent_band(
            date.fromordinal(last),
            date.fromordinal(referral),
            age_at_incident=at_incident,
            age_at_referral=at_referral,
        )
        child = day < adult_from
        relationship = (
            dist.CHILD_RELATIONSHIP
            if lag == dist.CHILDHOOD
            else dist.YOUNG_PERSON_RELATIONSHIP
            if child
            else dist.ADULT_RELATIONSHIP
        ).pick(rng)
        recorded_day: Answer[date] = date.fromordinal(day)
        recorded_until = None if until is None else date.fromordinal(until)
        if rng.random() >= dist.DATE_RECORDED[lag]:
            recorded_day, recorded_until = dist.DATE_MISSING.pick(rng), None
        count, people = self._perpetrators(relationship, at_incident)
        return Incident(
            case_reference=reference,
            is_presenting=True,
            types=_types(rng, lag == dist.CHILDHOOD, child, relationship),
            incident_date=recorded_day,
            incident_date_to=recorded_until,
            age_band_at_incident=self._bands[at_incident] if rng.random() < 0.85 else UNKNOWN,
            recent_band=band if rng.random() < 0.95 else UNKNOWN,
            location=_location(rng, residence, lag),
            domestic_abuse_related=_domestic_abuse(rng, relationship, at_incident),
            perpetrator_count=count,
            perpetrators=people,
        )

    def _incident_day(self, lag: str, birth: int, referral: int) -> tuple[int, int | None]:
        """The (true) day of the incident, and the end of a date range for childhood abuse."""
        rng = self.rng
        adult_from = birth + int(18 * dist.YEAR)
        if lag == dist.ADULT_NON_RECENT:
            earliest, latest = max(adult_from, referral - int(25 * dist.YEAR)), referral - 366
            if earliest <= latest:
                return latest - int((latest - earliest) * rng.random() ** 2), None
            lag = dist.WITHIN_YEAR
        if lag == dist.CHILDHOOD:
            earliest, latest = birth + int(4 * dist.YEAR), min(adult_from - 1, referral - 366)
            if earliest <= latest:
                day = rng.randint(earliest, latest)
                until = None
                if rng.random() < 0.5:
                    until = min(latest, day + rng.randint(90, 4 * 365))
                return day, until
            lag = dist.WITHIN_YEAR
        if lag == dist.RECENT:
            return max(birth, referral - rng.randint(0, 7)), None
        return max(birth, referral - rng.randint(8, 365)), None

    def _earlier(self, reference: str, birth: int, referral: int) -> Incident:
        """Another, earlier experience the survivor mentioned: usually few details."""
        rng = self.rng
        at_referral = age_on(birth, referral)
        childhood = at_referral >= 19 and rng.random() < 0.5
        relationship = (dist.CHILD_RELATIONSHIP if childhood else dist.ADULT_RELATIONSHIP).pick(rng)
        at_incident = rng.randint(5, 17) if childhood else max(18, at_referral - rng.randint(1, 10))
        at_incident = min(at_incident, at_referral)
        count, people = self._perpetrators(relationship, at_incident)
        return Incident(
            case_reference=reference,
            types=_types(rng, childhood, childhood, relationship),
            incident_date=dist.DATE_MISSING.pick(rng),
            age_band_at_incident=self._bands[at_incident] if rng.random() < 0.6 else UNKNOWN,
            recent_band=(
                "childhood_disclosed_as_adult"
                if childhood
                else "over_12_months"
                if at_referral > at_incident
                else UNKNOWN
            ),
            location=UNKNOWN if rng.random() < 0.6 else dist.RESIDENCE.pick(rng),
            domestic_abuse_related=_domestic_abuse(rng, relationship, at_incident),
            perpetrator_count=count,
            perpetrators=people,
        )

    def _perpetrators(
        self, relationship: str, at_incident: int
    ) -> tuple[Answer[int], tuple[Perpetrator, ...]]:
        rng = self.rng
        if relationship == "multiple_or_group":
            count: Answer[int] = rng.randint(2, 5)
        elif isinstance(relationship, Unanswered) or rng.random() < 0.03:
            count = UNKNOWN
        else:
            count = 1 if rng.random() < 0.95 else 2
        described = min(count if isinstance(count, int) else 1, 2)
        people = []
        for _ in range(described):
            age = _perpetrator_age(rng, relationship, at_incident)
            people.append(
                Perpetrator(
                    relationship=relationship,
                    sex=dist.PERPETRATOR_SEX.pick(rng),
                    age_band=self._bands[age] if rng.random() < 0.6 else dist.AGE_MISSING.pick(rng),
                    known_to_police=dist.KNOWN_TO_POLICE.pick(rng),
                )
            )
        return count, tuple(people)


def _types(
    rng: random.Random, childhood: bool, child: bool, relationship: str
) -> Answer[tuple[str, ...]]:
    family = relationship in dist.FAMILY
    if childhood:
        kind = dist.CHILD_TYPES.pick(rng)
        if kind == "child_sexual_abuse_outside_family" and family:
            kind = "child_sexual_abuse_in_family"
        elif kind == "child_sexual_abuse_in_family" and not family:
            kind = "child_sexual_abuse_outside_family"
        return kind if isinstance(kind, Unanswered) else (kind,)
    kind = dist.ADULT_TYPES.pick(rng)
    if isinstance(kind, Unanswered):
        return kind
    types = [kind]
    if relationship in dist.PARTNERS and kind in dist.CONTACT_TYPES and rng.random() < 0.6:
        types.append("intimate_partner_sexual_abuse")
    if kind in dist.CONTACT_TYPES and rng.random() < 0.08:
        types.append("drug_or_alcohol_facilitated")
    if child and rng.random() < 0.35:
        types.append(
            "child_sexual_abuse_in_family" if family else "child_sexual_abuse_outside_family"
        )
    return tuple(dict.fromkeys(types))


def _location(rng: random.Random, residence: Answer[str], lag: str) -> Answer[str]:
    r = rng.random()
    if lag == dist.CHILDHOOD:
        return dist.RESIDENCE.pick(rng) if r < 0.6 else UNKNOWN
    if r < 0.55 and isinstance(residence, str) and residence.startswith("E09"):
        return residence
    if r < 0.85:
        return dist.RESIDENCE.pick(rng)
    return dist.LOCATION_MISSING.pick(rng)


def _domestic_abuse(rng: random.Random, relationship: str, at_incident: int) -> Answer[bool]:
    """Partners, ex-partners and family aged 16 or over (Domestic Abuse Act 2021)."""
    if rng.random() < 0.08:
        return NOT_ASKED
    if isinstance(relationship, Unanswered):
        return UNKNOWN
    return relationship in dist.PARTNERS or (relationship in dist.FAMILY and at_incident >= 16)


def _perpetrator_age(rng: random.Random, relationship: str, at_incident: int) -> int:
    if relationship == "family_parent":
        age = at_incident + rng.randint(18, 40)
    elif relationship == "family_sibling":
        age = max(8, at_incident + rng.randint(-2, 10))
    elif relationship in ("family_other", "position_of_trust"):
        age = rng.randint(20, 65)
    elif relationship in ("stranger", "multiple_or_group") or isinstance(relationship, Unanswered):
        age = rng.randint(16, 55)
    else:
        age = max(12, at_incident + rng.randint(-2, 12))
    return min(age, 100)
