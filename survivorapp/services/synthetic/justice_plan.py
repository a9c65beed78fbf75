"""One synthetic justice matter as it is planned, and what of it had happened by the anchor.

``JusticeMaker`` (``synthetic.justice``) lays a matter out to its end, whatever the date; the
anchor then cuts it short. Events after the anchor have not happened yet, except a hearing
listed before it for a date after it (it stays in the diary). Steps planned after the matter
ended never happened, but for reviews and a Victim Contact Scheme referral. Bail stands as last
set before the anchor unless the matter has ended. Randomness comes from the maker's stream,
drawn in a fixed order so the same seed gives the same records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.domain.justice.events import VRR_EVENTS
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    SpecialMeasure,
    VictimPersonalStatement,
)
from survivorapp.services.synthetic.justice_distributions import BAIL_CONDITIONS, FORCES, READING

AFTER_THE_END: Final = VRR_EVENTS | {"vcs_referral"}
"""Planned steps after the matter ended are dropped (they never happened), but for these."""


@dataclass
class MatterPlan:
    """One matter's records as they are laid out, before the anchor cuts them short."""

    reported: int
    events: list[JusticeEvent] = field(default_factory=list)
    positions: list[SurvivorPosition] = field(default_factory=list)
    measures: list[SpecialMeasure] = field(default_factory=list)
    bail: list[tuple[int, str, int | None]] = field(default_factory=list)
    """(day, bail status, expiry day) as bail changes."""
    ended: int | None = None
    """The day the matter ended (bail ends with it)."""
    offered: int | None = None
    made: int | None = None
    updated: int | None = None
    referred: int | None = None
    visit: int | None = None

    def add(self, kind: str, day: int, by: str = "police", **details: object) -> None:
        when = date.fromordinal(day)
        self.events.append(JusticeEvent(None, kind, when, by, **details))  # type: ignore[arg-type]


def cut_at_anchor(
    rng: random.Random, anchor: int, reference: str, plan: MatterPlan, label: str | None
) -> MatterRecord:
    """Only what has happened by the anchor (a listed hearing may be after it)."""
    events = _recorded_events(rng, anchor, plan)
    return MatterRecord(
        matter=_matter(rng, anchor, reference, plan, label),
        events=tuple(events),
        positions=tuple(p for p in plan.positions if p.recorded_on.toordinal() <= anchor),
        special_measures=tuple(m for m in plan.measures if m.status_date.toordinal() <= anchor),
        vps=_vps(rng, anchor, plan),
        court_support=_court_support(anchor, plan),
    )


def _recorded_events(rng: random.Random, anchor: int, plan: MatterPlan) -> list[JusticeEvent]:
    """The events that happened, each recorded on its day or a few days later."""
    events = []
    end = plan.ended if plan.ended is not None else anchor
    kept = sorted(
        (e for e in plan.events if e.event_date.toordinal() <= anchor),
        key=lambda e: e.event_date,
    )
    last = (0, 0)  # (day, recorded): same-day events are recorded in the order planned
    for event in kept:
        day = event.event_date.toordinal()
        if day <= end or event.event_type in AFTER_THE_END:
            recorded = min(anchor, day + (0 if rng.random() < 0.7 else rng.randint(1, 5)))
            if last[0] == day:
                recorded = max(recorded, last[1])
            last = (day, recorded)
            events.append(_recorded(event, recorded))
    return events


def _matter(
    rng: random.Random, anchor: int, reference: str, plan: MatterPlan, label: str | None
) -> JusticeMatter:
    """The matter with its bail as it stood at the anchor (none once the matter ended)."""
    status, conditions, expiry = None, None, None
    ended = plan.ended is not None and plan.ended <= anchor
    for day, bail, until in plan.bail:
        if day <= anchor and not ended:
            status, expiry = bail, until
    if status == "bail_with_conditions":
        conditions = rng.choice(BAIL_CONDITIONS)
    return JusticeMatter(
        reference,
        police_force=FORCES.pick(rng),
        crime_reference=f"{rng.randint(1, 99):02d}/{rng.randint(100000, 999999)}/"
        f"{date.fromordinal(plan.reported).year % 100:02d}",
        date_reported=date.fromordinal(plan.reported),
        bail_status=status,
        bail_conditions=conditions,
        bail_expiry=None if expiry is None else date.fromordinal(expiry),
        label=label,
    )


def _vps(rng: random.Random, anchor: int, plan: MatterPlan) -> VictimPersonalStatement | None:
    if _past(plan.offered, anchor) is None:
        return None
    made = _past(plan.made, anchor)
    return VictimPersonalStatement(
        None,
        offered_on=_past(plan.offered, anchor),
        made_on=made,
        updated_on=_past(plan.updated, anchor) if made else None,
        reading_preference=READING.pick(rng) if made else None,
    )


def _court_support(anchor: int, plan: MatterPlan) -> CourtSupport | None:
    if _past(plan.referred, anchor) or _past(plan.visit, anchor):
        return CourtSupport(None, _past(plan.visit, anchor), _past(plan.referred, anchor))
    return None


def _past(day: int | None, anchor: int) -> date | None:
    return date.fromordinal(day) if day is not None and day <= anchor else None


def _recorded(event: JusticeEvent, day: int) -> JusticeEvent:
    return JusticeEvent(
        event.matter_id,
        event.event_type,
        event.event_date,
        event.informed_by,
        event.note,
        event.outcome_code,
        event.defendant,
        event.count,
        event.reason,
        event.hearing_date,
        event.court,
        event.supersedes,
        None,
        date.fromordinal(day),
    )
