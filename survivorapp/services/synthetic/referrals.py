"""Synthetic well-being referrals with plausible waits, and a small directory, for the demo.

About two in five survivors who are reached are referred on somewhere (most to mental health
services, then sexual health, GPs, housing and domestic abuse services), more of them once
support is under way. A referral is only *made* on a day when the survivor's consent to
referrals is in force (given on the case's first contact day and not yet withdrawn), exactly as
the service requires; without consent a referral can only have been offered, and was declined
or is still being thought about.

Each destination has its own pace (medians in days; every delay is log-normal, so a few wait
far longer): NHS Talking Therapies accept in about two weeks and see people after about four
months; specialist sexual violence counselling has the longest lists (about six months);
sexual health clinics see people in about a week; GPs in days; crisis teams the same day.
Services sometimes turn referrals down (community mental health and CAMHS most often, with
"threshold not met"), some referrals get no reply and need following up, and some people stop
attending. These shapes follow what the needs assessment describes (REFERENCE.md 2.5, 3.8)
[D: the medians are the developers' estimates, not published figures]. Steps after the anchor
date have not happened yet and are left out, so recent referrals are still open.

It has its own random stream seeded from the same seed, so adding it left every other record
exactly as it was; it costs well under a second per 100,000 cases.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from survivorapp.domain.consent import GIVEN
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import (
    REFERRAL_CONSENT_PURPOSE,
    Referral,
    ReferralStatusChange,
    history_problems,
)
from survivorapp.domain.referrals.waits import ReferralRecord
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.services.context import ValidationFailed
from survivorapp.services.synthetic.distributions import Weighted
from survivorapp.vault import tables
from survivorapp.vault.bulk import RecordBatch
from survivorapp.vault.connection import Connection
from survivorapp.vault.records import Repository
from survivorapp.vault.referrals import insert_generated

VALIDATE_SAMPLE = 1000
REFERRED: Final = 0.42
"""Share of reached survivors referred on at least once."""
HOW_MANY: Final = Weighted({1: 60.0, 2: 28.0, 3: 12.0})
OFFERED_FIRST: Final = 0.2
OFFERED_ONLY: Final = 0.03
"""Without consent to referrals, the share of survivors offered one (and not taking it up)."""
NAMES_ORGANISATION: Final = 0.65


@dataclass(frozen=True)
class Pace:
    """How one kind of service responds: medians in days and chances of each path."""

    accept: float
    first: float
    reject: float = 0.05
    waiting_list: bool = False
    no_reply: float = 0.06
    acknowledge: float = 0.5


PACE: Final[dict[str, Pace]] = {
    "talking_therapies": Pace(14, 120, 0.15, True),
    "camhs": Pace(28, 150, 0.3, True),
    "community_mental_health": Pace(21, 90, 0.25, True),
    "crisis": Pace(0, 1, 0.05, False, 0.0, 0.0),
    "specialist_counselling": Pace(14, 180, 0.05, True),
    "sexual_health": Pace(2, 7, 0.02, False, 0.02, 0.2),
    "gp": Pace(1, 5, 0.01, False, 0.03, 0.1),
    "substance_use": Pace(7, 21, 0.05),
    "housing": Pace(14, 30, 0.2, False, 0.1),
    "immigration_advice": Pace(10, 28, 0.1, True),
    "legal_advice": Pace(7, 21, 0.1),
    "benefits": Pace(7, 14, 0.05),
    "education_employment": Pace(10, 21, 0.05),
    "safeguarding": Pace(3, 7, 0.15),
    "domestic_abuse": Pace(3, 10, 0.1),
    "cica": Pace(14, 30, 0.05),
    "witness_service": Pace(7, 14, 0.02),
    "peer_support": Pace(14, 30, 0.05, True),
    "by_and_for": Pace(10, 30, 0.05, True),
    "lgbt": Pace(10, 21, 0.05),
    "disability_advocacy": Pace(21, 45, 0.1, True),
    "interpreters": Pace(2, 5, 0.02),
    "other": Pace(10, 21, 0.1),
}
ADULT_DESTINATIONS: Final = Weighted(
    {
        "talking_therapies": 18.0,
        "specialist_counselling": 10.0,
        "sexual_health": 10.0,
        "gp": 8.0,
        "housing": 8.0,
        "community_mental_health": 6.0,
        "domestic_abuse": 6.0,
        "benefits": 5.0,
        "legal_advice": 5.0,
        "cica": 4.0,
        "peer_support": 4.0,
        "crisis": 3.0,
        "substance_use": 3.0,
        "immigration_advice": 3.0,
        "safeguarding": 2.0,
        "witness_service": 2.0,
        "by_and_for": 2.0,
        "education_employment": 2.0,
        "lgbt": 1.0,
        "disability_advocacy": 1.0,
        "interpreters": 1.0,
        "other": 2.0,
    }
)
CHILD_DESTINATIONS: Final = Weighted(
    {
        "camhs": 30.0,
        "sexual_health": 15.0,
        "safeguarding": 15.0,
        "gp": 10.0,
        "specialist_counselling": 10.0,
        "education_employment": 8.0,
        "crisis": 4.0,
        "peer_support": 4.0,
        "other": 4.0,
    }
)
CHILD_LINES: Final = frozenset({"cyp_isva"})
REJECTIONS: Final = Weighted(
    {
        "threshold_not_met": 30.0,
        "not_eligible": 20.0,
        "needs_more_specialist": 15.0,
        "out_of_area": 12.0,
        "service_full": 10.0,
        "referred_elsewhere": 8.0,
        "other": 5.0,
    }
)

# A small, invented directory: generic names, numbers from Ofcom's drama range (020 7946 0xxx),
# example.org addresses. No real organisation's details.
DIRECTORY: Final = (
    ("Talking Therapies (Camden)", "talking_therapies", "E09000007"),
    ("Talking Therapies (Southwark)", "talking_therapies", "E09000028"),
    ("Talking Therapies (Newham)", "talking_therapies", "E09000025"),
    ("Young People's Mental Health Team", "camhs", None),
    ("Community Mental Health Team (North)", "community_mental_health", "E09000019"),
    ("Community Mental Health Team (South)", "community_mental_health", "E09000022"),
    ("Crisis Line", "crisis", None),
    ("Rape Crisis Counselling Service", "specialist_counselling", None),
    ("Pre-trial Therapy Service", "specialist_counselling", "E09000012"),
    ("Sexual Health Clinic (Central)", "sexual_health", "E09000033"),
    ("Sexual Health Clinic (East)", "sexual_health", "E09000030"),
    ("Drug and Alcohol Service", "substance_use", None),
    ("Housing Options Team", "housing", "E09000007"),
    ("Women's Refuge Network", "housing", None),
    ("Migrant Advice Centre", "immigration_advice", None),
    ("Law Centre", "legal_advice", "E09000019"),
    ("Welfare Rights Advice", "benefits", None),
    ("Domestic Abuse Service and IDVA Team", "domestic_abuse", None),
    ("Compensation Advice Line", "cica", None),
    ("Witness Service (Crown Courts)", "witness_service", None),
    ("Survivors' Peer Support Group", "peer_support", None),
    ("Black and Minoritised Women's Service", "by_and_for", None),
    ("LGBT+ Advice and Support", "lgbt", None),
    ("Disability Advocacy Project", "disability_advocacy", None),
    ("Community Interpreting Service", "interpreters", None),
)


def directory() -> list[DirectoryOrganisation]:
    return [
        DirectoryOrganisation(
            name=name,
            destination_type=kind,
            borough=borough,
            phone=f"020 7946 {index:04d}",
            email=f"referrals{index}@example.org",
            notes="Invented for the demo vault.",
        )
        for index, (name, kind, borough) in enumerate(DIRECTORY, start=1)
    ]


@dataclass(frozen=True)
class CaseFacts:
    """What a case's referrals have to agree with: when support ran and consent was in force."""

    reference: str
    line: str
    first: int
    end: int
    consent_from: int | None
    consent_until: int | None
    worker: str | None


class ReferralMaker:
    """Collects case facts while batches stream past, then makes the referrals."""

    def __init__(self, seed: int, anchor: date, recorder: str) -> None:
        self.rng = random.Random(f"referrals-{seed}")
        self.anchor = anchor.toordinal()
        self.recorder = recorder
        self.facts: list[CaseFacts] = []
        self._by_type: dict[str, list[str]] = {}
        for organisation in directory():
            self._by_type.setdefault(organisation.destination_type, []).append(organisation.name)

    def watch(self, batches: Iterable[RecordBatch]) -> Iterator[RecordBatch]:
        """Pass the batches on unchanged, noting each reached case and its consent."""
        for batch in batches:
            given: dict[str, int] = {}
            withdrawn: dict[str, int] = {}
            for record in batch.consents:
                if record.purpose == REFERRAL_CONSENT_PURPOSE:
                    day = record.recorded_on.toordinal()
                    (given if record.state == GIVEN else withdrawn)[record.case_reference] = day
            for c in batch.cases:
                if c.first_contact_date is None:
                    continue
                first = c.first_contact_date.toordinal()
                end = min(
                    self.anchor, (c.closure_date or date.fromordinal(self.anchor)).toordinal()
                )
                consent_from = given.get(c.reference)
                self.facts.append(
                    CaseFacts(
                        c.reference,
                        c.service_line,
                        first,
                        max(first, end),
                        consent_from,
                        withdrawn.get(c.reference) if consent_from is not None else None,
                        c.allocated_worker,
                    )
                )
            yield batch

    def records(self) -> list[ReferralRecord]:
        found: list[ReferralRecord] = []
        for facts in self.facts:
            chance = REFERRED if facts.consent_from is not None else OFFERED_ONLY
            if self.rng.random() < chance:
                for _ in range(HOW_MANY.pick(self.rng)):
                    record = self._referral(facts)
                    if record is not None:
                        found.append(record)
        return found

    def load(self, conn: Connection, vocabularies: Vocabularies, today: date) -> list[str]:
        """Make, check a sample of, and insert the directory and referrals inside the
        caller's transaction; return the kinds of record loaded (for the audit entry)."""
        records = self.records()
        organisations = Repository(conn, tables.DIRECTORY_ORGANISATIONS)
        ids: dict[str, int] = {}
        for organisation in directory():
            ids[organisation.name] = organisations.insert(organisation)
        for record in records[:VALIDATE_SAMPLE]:
            problems = record.referral.validate(vocabularies, today) + history_problems(
                record.history
            )
            for change in record.history:
                problems += change.validate(vocabularies, today)
            if problems:
                raise ValidationFailed(problems)
        linked = [
            replace(r, referral=replace(r.referral, organisation_id=ids[name]))
            if (name := r.referral.organisation_name) in ids
            else r
            for r in records
        ]
        insert_generated(conn, linked)
        return ["directory_organisations", *(["referrals"] if records else [])]

    # --- one referral --------------------------------------------------------------------

    def _referral(self, f: CaseFacts) -> ReferralRecord | None:
        rng = self.rng
        span = f.end - f.first
        day = f.first + int(span * rng.random() ** 1.5)  # most early in support
        kind = (CHILD_DESTINATIONS if f.line in CHILD_LINES else ADULT_DESTINATIONS).pick(rng)
        by = f.worker or self.recorder
        steps: list[tuple[str, int, str | None]] = []
        if not _consented(f, day) or rng.random() < OFFERED_FIRST:
            steps.append((rs.OFFERED, day, None))
            day += rng.randint(0, 21)
            if not _consented(f, day) or rng.random() < 0.25:
                steps.append((rs.SURVIVOR_DECLINED, day, None))
                return self._record(f, kind, steps, by)
        steps.append((rs.MADE, day, None))
        self._response(steps, PACE[kind], day)
        return self._record(f, kind, steps, by)

    def _response(self, steps: list[tuple[str, int, str | None]], pace: Pace, made: int) -> None:
        rng = self.rng
        if rng.random() < pace.no_reply:  # never answered: followed up, then closed
            steps.append((rs.CLOSED, made + rng.randint(30, 90), None))
            return
        day = made
        if rng.random() < pace.acknowledge:
            day = made + _lognormal(rng, max(1.0, pace.accept / 3), 0.6, 60)
            steps.append((rs.ACKNOWLEDGED, day, None))
        decided = max(day, made + _lognormal(rng, pace.accept, 0.7, 180))
        if rng.random() < pace.reject:
            steps.append((rs.REJECTED, decided, REJECTIONS.pick(rng)))
            return
        seen = max(decided, made + _lognormal(rng, pace.first, 0.6, 540))
        if pace.waiting_list and seen - decided > 14:
            steps.append((rs.ACCEPTED, decided, None))
            steps.append((rs.WAITING, decided, None))
            if rng.random() < 0.12:  # stopped waiting before being seen
                end = rng.randint(decided, seen)
                steps.append((rs.DISENGAGED if rng.random() < 0.7 else rs.CLOSED, end, None))
                return
        elif seen > decided:
            steps.append((rs.ACCEPTED, decided, None))
        steps.append((rs.FIRST_APPOINTMENT, seen, None))
        if pace.first <= 7 and rng.random() < 0.6:  # a one-off appointment
            steps.append((rs.COMPLETED, seen, None))
            return
        ongoing = seen + rng.randint(7, 28)
        steps.append((rs.ONGOING, ongoing, None))
        end = ongoing + _lognormal(rng, 90, 0.6, 540)
        outcome = rng.random()
        status = rs.COMPLETED if outcome < 0.6 else rs.DISENGAGED if outcome < 0.85 else rs.CLOSED
        steps.append((status, end, None))

    def _record(
        self, f: CaseFacts, kind: str, steps: list[tuple[str, int, str | None]], by: str
    ) -> ReferralRecord | None:
        """The steps that happened by the anchor date (all of them, if the first did)."""
        kept = [s for s in steps if s[1] <= self.anchor]
        if not kept:
            return None
        names = self._by_type.get(kind)
        organisation = None
        if names and kept[-1][0] != rs.OFFERED and self.rng.random() < NAMES_ORGANISATION:
            organisation = self.rng.choice(names)
        referral = Referral(
            f.reference,
            kind,
            date.fromordinal(kept[0][1]),
            organisation_name=organisation,
            made_by=by,
        )
        history = tuple(
            ReferralStatusChange(None, status, date.fromordinal(day), reason, recorded_by=by)
            for status, day, reason in kept
        )
        return ReferralRecord(referral, history)


def _consented(f: CaseFacts, day: int) -> bool:
    """Consent to referrals was in force on ``day``: given on or before it, not withdrawn."""
    if f.consent_from is None or f.consent_from > day:
        return False
    return f.consent_until is None or day < f.consent_until


def _lognormal(rng: random.Random, median: float, sigma: float, cap: int) -> int:
    if median <= 0:
        return 0
    return min(cap, round(median * math.exp(rng.gauss(0.0, sigma))))
