"""The synthetic-case generator: one deterministic random stream, batches of records.

Cases are made in referral-date order, so references rise with dates as in a real system and a
survivor can come back for a second case after an earlier one closed. Each case's process
dates (first contact attempt, first contact, allocation, closure) follow the delays of its
service line, and its sessions fall between allocation and the end of support.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from survivorapp.domain.ages import age_band
from survivorapp.domain.case import ACTIVE, CLOSED, WAITING, Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.services.synthetic import distributions as dist
from survivorapp.services.synthetic import people
from survivorapp.services.synthetic.incidents import IncidentMaker, age_on
from survivorapp.services.synthetic.justice import JusticeMaker
from survivorapp.services.synthetic.team import Team
from survivorapp.vault.bulk import RecordBatch

T = TypeVar("T")
YEARS_OF_REFERRALS = 3
BATCH_CASES = 5000


@dataclass
class _Person:
    """A survivor and the truth behind what was recorded (e.g. a birth date not disclosed)."""

    survivor: Survivor
    birth: int
    interpreter: bool
    named: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Timeline:
    """A case's process dates as ordinals; ``stop`` is the last day support ran."""

    status: str
    attempt: int | None = None
    first: int | None = None
    allocation: int | None = None
    closure: int | None = None
    reason: str | None = None
    stop: int | None = None


class Generator:
    """Builds batches of records for synthetic cases, deterministically for a seed."""

    def __init__(self, *, seed: int, anchor: date, team: Team, vocabularies: Vocabularies) -> None:
        self.rng = random.Random(seed)
        self.anchor = anchor.toordinal()
        self.start = self.anchor - round(YEARS_OF_REFERRALS * dist.YEAR)
        self.team = team
        bands = vocabularies["age_band"]
        self._incidents = IncidentMaker(self.rng, [age_band(a, bands) for a in range(131)])
        self._people = 0
        self._returning: list[tuple[int, _Person]] = []
        # Its own stream, so adding journeys left every other record as it was.
        self._justice = JusticeMaker(random.Random(f"justice-{seed}"), self.anchor)

    # --- orchestration ------------------------------------------------------------------

    def batches(self, cases: int, batch_cases: int = BATCH_CASES) -> Iterator[RecordBatch]:
        batch = RecordBatch()
        for index, referral in enumerate(self._referral_days(cases), start=1):
            self._case(batch, index, referral)
            if index % batch_cases == 0:
                yield batch
                batch = RecordBatch()
        if batch.cases:
            yield batch

    def _referral_days(self, count: int) -> list[int]:
        """Referral dates, rising by about a third over the period (demand grows, REFERENCE
        2.2), mostly on weekdays."""
        rng, span, a, b = self.rng, self.anchor - self.start, 0.85, 0.3
        days = []
        for _ in range(count):
            u = rng.random()
            x = (-a + math.sqrt(a * a + 2 * b * u * (a + b / 2))) / b
            day = self.start + min(span, int(x * (span + 1)))
            weekday = date.fromordinal(day).weekday()
            if weekday >= 5 and rng.random() < 0.8:
                day -= weekday - 4
            days.append(day)
        days.sort()
        return days

    def _case(self, batch: RecordBatch, index: int, referral: int) -> None:
        rng = self.rng
        reference = f"C-{index:06d}"
        person = self._returning_person(referral) or self._new_person(batch, referral)
        age = age_on(person.birth, referral)
        line = (dist.CHILD_LINES if age < 18 else dist.ADULT_LINES).pick(rng)
        profile = dist.PROFILES[line]
        timeline = self._timeline(referral, profile)
        worker = rng.choice(self.team.workers(line)) if timeline.allocation else None
        batch.cases.append(
            Case(
                reference=reference,
                survivor_reference=person.survivor.reference,
                referral_date=date.fromordinal(referral),
                service_line=line,
                status=timeline.status,
                referral_source=profile.sources.pick(rng),
                first_contact_attempt_date=_day(timeline.attempt),
                first_contact_date=_day(timeline.first),
                allocation_date=_day(timeline.allocation),
                closure_date=_day(timeline.closure),
                closure_reason=timeline.reason,
                allocated_worker=worker,
            )
        )
        sharer = None
        if worker and rng.random() < 0.04:
            others = [u for u in self.team.frontline if u != worker]
            if others:
                sharer = rng.choice(others)
                batch.shares.append((reference, sharer))
        if person.survivor.restricted:
            for name in (worker, sharer):
                if name and name not in person.named:
                    person.named.add(name)
                    batch.named_users.append((person.survivor.reference, name))
        residence = person.survivor.residence_borough
        batch.incidents.extend(
            self._incidents.for_case(reference, person.birth, residence, referral, line)
        )
        batch.justice_matters.extend(self._justice.for_case(reference, line, referral))
        assessor = worker or rng.choice(self.team.frontline or (self.team.manager,))
        self._sessions(batch, reference, timeline, profile, worker, assessor, sharer)
        self._consents(batch, reference, timeline, person, line, assessor)
        self._tasks(batch, reference, timeline, worker)
        if timeline.closure is not None and timeline.closure + 30 < self.anchor:
            self._returning.append((timeline.closure, person))

    # --- people -------------------------------------------------------------------------

    def _returning_person(self, referral: int) -> _Person | None:
        """About 4% of cases are a survivor coming back after an earlier case closed."""
        rng, pool = self.rng, self._returning
        if not pool or rng.random() >= 0.04:
            return None
        at = rng.randrange(len(pool))
        closed, person = pool[at]
        if closed + 30 >= referral:
            return None
        pool[at] = pool[-1]
        pool.pop()
        return person

    def _new_person(self, batch: RecordBatch, referral: int) -> _Person:
        self._people += 1
        reference = f"S-{self._people:06d}"
        survivor, birth, interpreter = people.make_survivor(self.rng, reference, referral)
        person = _Person(survivor, birth, interpreter)
        batch.survivors.append(survivor)
        if survivor.restricted:
            person.named.add(self.team.manager)
            batch.named_users.append((reference, self.team.manager))
        if self.rng.random() < 0.92:
            batch.safe_contacts.append(people.safe_contact(self.rng, reference))
        return person

    # --- the case's process -------------------------------------------------------------

    def _timeline(self, referral: int, profile: dist.LineProfile) -> _Timeline:
        rng, anchor = self.rng, self.anchor
        attempt = referral + rng.randint(0, profile.attempt_days)
        if attempt > anchor:
            return _Timeline(WAITING)
        if rng.random() < dist.NEVER_REACHED:
            closure = attempt + rng.randint(28, 60)
            if closure > anchor:
                return _Timeline(WAITING, attempt)
            return _Timeline(CLOSED, attempt, closure=closure, reason="no_longer_in_contact")
        r = rng.random()
        first = attempt + (0 if r < 0.6 else rng.randint(1, 7) if r < 0.93 else rng.randint(8, 30))
        if first > anchor:
            return _Timeline(WAITING, attempt)
        wait = _lognormal(rng, profile.wait_median, 0.6, 400)
        allocation = max(first, referral + wait)
        reason = dist.CLOSURE.pick(rng)
        if reason == "not_eligible" or (wait > 21 and rng.random() < dist.LEFT_WAITING_LIST):
            closure = first + rng.randint(0, max(1, min(wait, 60)))
            if reason != "not_eligible":
                reason = dist.LEFT_WAITING_REASON.pick(rng)
            if closure <= anchor:
                return _Timeline(CLOSED, attempt, first, closure=closure, reason=reason)
            return _Timeline(WAITING, attempt, first)
        if allocation > anchor:
            return _Timeline(WAITING, attempt, first)
        full = _lognormal(rng, profile.support_median, 0.5, 900)
        share = 1.0 if reason == "support_complete" else rng.uniform(0.2, 0.9)
        stop = allocation + max(1, int(full * share))
        closure = stop + rng.randint(0, 21)
        if closure > anchor:
            return _Timeline(ACTIVE, attempt, first, allocation, stop=anchor)
        return _Timeline(CLOSED, attempt, first, allocation, closure, reason, stop)

    def _sessions(
        self,
        batch: RecordBatch,
        reference: str,
        timeline: _Timeline,
        profile: dist.LineProfile,
        worker: str | None,
        assessor: str,
        sharer: str | None,
    ) -> None:
        rng = self.rng
        if timeline.first is None:
            return
        days = [timeline.first]
        kinds = ["needs_assessment"]
        start, stop = timeline.allocation, timeline.stop
        if start is not None and stop is not None:
            count = int((stop - start) / profile.interval * rng.uniform(0.7, 1.3))
            count = min(count, dist.MAX_SESSIONS - 1)
            span = stop - start + 1
            extra = sorted(
                _weekday(start + int(rng.random() * span), start, stop) for _ in range(count)
            )
            days.extend(extra)
            kinds.extend(profile.kinds.pick(rng) for _ in extra)
        for number, (day, kind) in enumerate(zip(days, kinds, strict=True)):
            by = assessor if number == 0 else worker
            if sharer and rng.random() < 0.2:
                by = sharer
            batch.sessions.append(_session(rng, reference, day, kind, profile, by))

    def _consents(
        self,
        batch: RecordBatch,
        reference: str,
        timeline: _Timeline,
        person: _Person,
        line: str,
        recorder: str,
    ) -> None:
        rng = self.rng
        if timeline.first is None:
            if rng.random() < 0.7:
                referral = batch.cases[-1].referral_date
                batch.consents.append(
                    ConsentRecord(reference, "support", "given", referral, "by_referrer")
                )
            return
        day = date.fromordinal(timeline.first)
        end = timeline.stop or timeline.closure or self.anchor
        isva = line in ("isva", "cyp_isva")
        for purpose, states in dist.CONSENT_STATES.items():
            if purpose == "share_police_cjs" and isva:
                states = dist.ISVA_POLICE_CONSENT
            state = states.pick(rng)
            if not state:
                continue
            method = (
                "through_interpreter"
                if person.interpreter and rng.random() < 0.8
                else dist.CONSENT_METHOD.pick(rng)
            )
            scope = None
            if purpose == "referral_named_agencies" and state == "given":
                scope = ", ".join(rng.sample(dist.AGENCIES, rng.randint(1, 2)))
            batch.consents.append(
                ConsentRecord(reference, purpose, state, day, method, None, scope, recorder)
            )
            chance = dist.WITHDRAWAL.get(purpose, 0.0)
            if state == "given" and end > timeline.first + 7 and rng.random() < chance:
                withdrawn = date.fromordinal(rng.randint(timeline.first + 7, end))
                batch.consents.append(
                    ConsentRecord(
                        reference, purpose, "withdrawn", withdrawn, "verbal", None, None, recorder
                    )
                )

    def _tasks(
        self, batch: RecordBatch, reference: str, timeline: _Timeline, worker: str | None
    ) -> None:
        rng, anchor = self.rng, self.anchor
        if timeline.status == ACTIVE:
            count = dist.ACTIVE_TASKS.pick(rng)
            dues = sorted(anchor + rng.randint(-45, 28) for _ in range(count))
            owner = worker
        elif timeline.status == WAITING:
            dues = [anchor + rng.randint(-14, 14)] if rng.random() < 0.3 else []
            owner = self.team.manager
        else:
            assert timeline.closure is not None
            dues = [timeline.closure] if rng.random() < 0.25 else []
            owner = worker
        for due in dues:
            done = timeline.status == CLOSED or (due < anchor - 7 and rng.random() < 0.75)
            text = rng.choice(dist.TASK_TEXTS)
            batch.tasks.append(Task(date.fromordinal(due), text, None, reference, done))
            batch.task_owners.append(owner or self.team.manager)


# --- small pure helpers ---------------------------------------------------------------------


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its overhead, for the per-session hot path."""
    return items[int(rng.random() * len(items))]


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


def _lognormal(rng: random.Random, median: float, sigma: float, cap: int) -> int:
    if median <= 0:
        return 0
    return min(cap, int(rng.lognormvariate(math.log(median), sigma)))


def _weekday(day: int, start: int, stop: int) -> int:
    """Move a weekend day to the Friday before (or the Monday after), staying in range."""
    weekday = date.fromordinal(day).weekday()
    if weekday < 5:
        return day
    friday, monday = day - (weekday - 4), day + (7 - weekday)
    return friday if friday >= start else monday if monday <= stop else day


def _session(
    rng: random.Random,
    reference: str,
    day: int,
    kind: str,
    profile: dist.LineProfile,
    worker: str | None,
) -> Session:
    mode = "in_person" if kind == "court_support" else profile.modes.pick(rng)
    low, high = (120, 420) if kind == "court_support" else dist.SESSION_MINUTES[mode]
    minutes = low + int(rng.random() * (high - low + 1))
    start = None if mode == "email" or rng.random() < 0.1 else _pick(rng, dist.START_TIMES)
    note = _pick(rng, dist.NOTES[kind]) if rng.random() < dist.NOTE_CHANCE else ""
    flags = (dist.RISK_FLAGS.pick(rng),) if rng.random() < 0.04 else ()
    return Session(
        case_reference=reference,
        session_date=date.fromordinal(day),
        duration_minutes=minutes,
        mode=mode,
        kind=kind,
        start_time=start,
        worker=worker,
        note=note,
        risk_flags=flags,
    )
