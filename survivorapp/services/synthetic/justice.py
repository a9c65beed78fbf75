"""Synthetic justice journeys whose attrition follows the London Rape Review (REFERENCE 1.12).

Each reported case gets a matter whose end is drawn first, from the 2016 London cohort, and
whose events are then laid out on realistic delays up to that end. Events after the anchor
date have not happened yet and are left out, so recent matters are still open (a trial listed
for a date after the anchor stays in the diary). Same seed, same journeys: all randomness
comes from the generator's own ``random.Random``.

The figures and where they come from (REFERENCE.md section 1.12, 1.13):

- London Rape Review (MOPAC and University of West London, 2019; 501 rapes reported to the Met
  in April 2016) [S01] [S02]: 84% recorded as crime, 58% ended with the victim withdrawing, 6%
  reached trial, 3% convicted, 18 months on average from report to trial outcome.
- Of the rest, the split between police and CPS decisions not to proceed is not in the review;
  Stanko (2014) [S83] has about two thirds dropping out at the police stage and the CPS
  referral and charge counts of the Rape Monitoring Group 2017/18 [S10] put CPS decisions
  not to charge near half of referrals, which the 4% CPS / 14% police split below follows.
- About 1 in 10 rape "charges" are for another offence [S97] (REFERENCE 1.2 row 8).
- CPS receipt to charging decision: 78 days (2017-18) [S39].
- Some withdrawals are logged without consulting the victim (London Victim Attrition Review)
  [S05]: here 30% of withdrawals have no survivor position recorded before them.
- 18% of withdrawals within 30 days of the report in the 2019 review (the 2021 update
  compares 64% with that 18%) [S04].
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from survivorapp.domain.justice import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice_diary import MatterRecord
from survivorapp.domain.justice_events import VRR_EVENTS
from survivorapp.domain.justice_support import (
    CourtSupport,
    SpecialMeasure,
    VictimPersonalStatement,
)
from survivorapp.services.synthetic.justice_distributions import (
    BAIL_CONDITIONS,
    CROWN_COURTS,
    ENDINGS,
    FORCES,
    MAGISTRATES,
    MEASURES,
    POLICE_NFA_CODES,
    READING,
    RELIST_REASONS,
    RELISTINGS,
    REPORTED,
    SECOND_MATTER,
    SENTENCES,
)


def _lognormal(rng: random.Random, median: float, sigma: float, cap: int) -> int:
    return max(1, min(cap, int(rng.lognormvariate(math.log(median), sigma))))


@dataclass
class _Plan:
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


class JusticeMaker:
    """Matters for one case at a time, on the generator's own random stream."""

    def __init__(self, rng: random.Random, anchor: int) -> None:
        self.rng = rng
        self.anchor = anchor

    def for_case(self, reference: str, line: str, referral: int) -> list[MatterRecord]:
        rng = self.rng
        if rng.random() >= REPORTED.get(line, 0.0):
            return []
        found = []
        for number in range(2 if rng.random() < SECOND_MATTER else 1):
            if rng.random() < 0.75:  # reported first, then referred (police refer to ISVAs)
                reported = referral - _lognormal(rng, 14, 1.0, 700)
            else:  # reported with the service's support
                reported = referral + _lognormal(rng, 30, 0.8, 400)
            if reported > self.anchor:
                continue
            label = "Second suspect" if number else None
            found.append(self.matter(reference, reported, ENDINGS.pick(rng), label))
        return found

    def matter(
        self, reference: str, reported: int, ending: str, label: str | None = None
    ) -> MatterRecord:
        """One matter reported on ``reported`` (an ordinal) that ends as ``ending``."""
        rng = self.rng
        plan = _Plan(reported)
        plan.add("reported_to_police", reported, "survivor")
        if ending == "not_recorded":
            plan.ended = reported + rng.randint(1, 30)
            plan.add("not_recorded_as_crime", plan.ended)
        else:
            self._investigation(plan, ending)
        return self._cut(reference, plan, label)

    # --- stages -------------------------------------------------------------------------

    def _investigation(self, plan: _Plan, ending: str) -> None:
        rng, r = self.rng, plan.reported
        plan.add("crime_recorded", r + rng.randint(0, 3))
        if rng.random() < 0.35:
            plan.add("forensic_examination", r + rng.randint(0, 5), "survivor")
        abe = r + _lognormal(rng, 10, 0.6, 120)
        if rng.random() < 0.8:
            plan.add("abe_interview", abe)
        else:
            plan.add("written_statement", abe)
        if rng.random() < 0.7:
            plan.offered = abe
            if rng.random() < 0.6:
                plan.made = abe + rng.randint(0, 30)
        if rng.random() < 0.6:
            plan.positions.append(SurvivorPosition(None, "wants_to_proceed", date.fromordinal(abe)))
        if ending == "withdrew":
            self._withdrawal(plan)
            return
        self._suspect(plan, abe)
        filed = r + _lognormal(rng, 180, 0.5, 900)
        if ending == "police_nfa":
            self._police_nfa(plan, filed)
            return
        if rng.random() < 0.4:
            plan.add("early_advice_requested", filed - rng.randint(30, 90))
            plan.add("early_advice_given", filed - rng.randint(1, 29), "cps")
        plan.add("file_to_cps", filed)
        decided = filed + _lognormal(rng, 78, 0.5, 400)
        if rng.random() < 0.4:
            plan.add("cps_action_plan", filed + (decided - filed) // 2, "cps")
        if ending == "cps_nfa":
            code = "nfa_evidential" if rng.random() < 0.85 else "nfa_public_interest"
            plan.add("charging_decision", decided, "cps", outcome_code=code)
            plan.ended = decided
            if rng.random() < 0.25:
                asked = decided + rng.randint(2, 20)
                plan.add("vrr_cps_requested", asked, "survivor")
                plan.add("vrr_cps_local_upheld", asked + rng.randint(20, 90), "cps")
            return
        code = "charged_rape" if rng.random() < 0.9 else "charged_other_offence"
        plan.add("charging_decision", decided, "cps", outcome_code=code)
        self._court(plan, decided, ending)

    def _withdrawal(self, plan: _Plan) -> None:
        rng = self.rng
        day = plan.reported + _lognormal(rng, 90, 1.1, 900)
        if rng.random() < 0.55:
            self._suspect(plan, min(day - 1, plan.reported + _lognormal(rng, 20, 0.8, 200)))
        if rng.random() < 0.7:
            told = max(plan.reported, day - rng.randint(0, 14))
            plan.positions.append(
                SurvivorPosition(None, "does_not_want_to_proceed", date.fromordinal(told))
            )
        code = "outcome_16" if rng.random() < 0.85 else "outcome_14"
        plan.add("police_decision", day, outcome_code=code)
        plan.ended = day

    def _suspect(self, plan: _Plan, after: int) -> None:
        rng = self.rng
        if rng.random() >= 0.65:
            return
        arrested = max(plan.reported, after) + rng.randint(0, 20)
        plan.add("suspect_arrested", arrested)
        plan.add("suspect_interviewed", arrested + rng.randint(0, 2))
        if rng.random() < 0.4:
            plan.add("pre_charge_bail", arrested + 1)
            plan.add("survivor_views_on_bail_sought", arrested)
            plan.bail.append((arrested + 1, "bail_with_conditions", arrested + 90))
        else:
            plan.add("released_under_investigation", arrested + 1)
            plan.bail.append((arrested + 1, "released_under_investigation", None))
        if rng.random() < 0.5:
            plan.add("digital_download_requested", arrested + rng.randint(1, 60))
        if rng.random() < 0.3:
            plan.add("third_party_material_requested", arrested + rng.randint(10, 120))

    def _police_nfa(self, plan: _Plan, day: int) -> None:
        rng = self.rng
        code = POLICE_NFA_CODES.pick(rng)
        plan.add("police_decision", day, outcome_code=code)
        plan.ended = day
        if code in ("outcome_10", "outcome_15", "outcome_21") and rng.random() < 0.2:
            asked = day + rng.randint(3, 40)
            plan.add("vrr_police_requested", asked, "survivor")
            if rng.random() < 0.9:
                plan.add("vrr_police_upheld", asked + rng.randint(30, 90))
            else:  # reinstated, investigated again, and the same decision reached
                back = asked + rng.randint(30, 90)
                plan.add("vrr_police_reinstated", back)
                plan.ended = back + rng.randint(60, 200)
                plan.add("police_decision", plan.ended, outcome_code="outcome_15")

    def _court(self, plan: _Plan, charged: int, ending: str) -> None:
        rng = self.rng
        court = rng.choice(CROWN_COURTS)
        first = charged + rng.randint(1, 3)
        plan.add("first_appearance", first, "witness_care", court=rng.choice(MAGISTRATES))
        remanded = rng.random() < 0.3
        plan.add("remanded_in_custody" if remanded else "court_bail", first, "witness_care")
        plan.bail.append((first, "remanded_in_custody" if remanded else "court_bail", None))
        ptph = first + rng.randint(28, 35)
        plan.add("ptph", ptph, "witness_care", hearing_date=date.fromordinal(ptph), court=court)
        plan.referred = ptph + rng.randint(7, 60) if rng.random() < 0.85 else None
        if plan.offered is None and rng.random() < 0.8:
            plan.offered = charged + rng.randint(1, 20)
        if ending == "guilty_plea":
            plan.add("verdict", ptph, "court", outcome_code="guilty_plea", defendant="D1", count=1)
            self._sentence(plan, ptph, court)
            return
        self._special_measures(plan, ptph)
        trial = max(ptph + 56, charged + _lognormal(rng, 170, 0.3, 700))
        plan.add(
            "trial_listed", ptph, "witness_care", hearing_date=date.fromordinal(trial), court=court
        )
        stop = None
        if ending == "discontinued":
            stop = rng.randint(ptph + 1, trial - 1) if trial - 1 > ptph + 1 else ptph + 1
        trial = self._relist(plan, trial, court, stop, ptph)
        if stop is not None:
            plan.add("cps_discontinued", stop, "cps")
            plan.ended = stop
            return
        if plan.made is not None and rng.random() < 0.3:
            plan.updated = trial - rng.randint(7, 30)
        if rng.random() < 0.7:
            plan.visit = trial - rng.randint(7, 30)
        plan.add("trial_started", trial, "court")
        if rng.random() < 0.05:  # hung jury, retrial
            plan.add(
                "verdict", trial + 5, "court", outcome_code="hung_jury", defendant="D1", count=1
            )
            plan.add("retrial_ordered", trial + 6, "court")
            trial = trial + 6 + rng.randint(90, 180)
            plan.add(
                "trial_relisted",
                trial - 80,
                "witness_care",
                reason="other",
                hearing_date=date.fromordinal(trial),
                court=court,
            )
            plan.add("trial_started", trial, "court")
        verdict = trial + rng.randint(3, 10)
        code = "convicted_after_trial" if ending == "convicted_at_trial" else "jury_acquittal"
        plan.add("verdict", verdict, "court", outcome_code=code, defendant="D1", count=1)
        plan.ended = verdict
        if ending == "convicted_at_trial":
            self._sentence(plan, verdict, court)

    def _relist(self, plan: _Plan, trial: int, court: str, stop: int | None, listed: int) -> int:
        """Move the trial date as often as listing does; the final date is returned."""
        rng = self.rng
        for _ in range(RELISTINGS.pick(rng)):
            told = max(listed + 1, trial - rng.randint(1, 30))
            if stop is not None and told >= stop:
                break
            trial += rng.randint(30, 120)
            plan.add(
                "trial_relisted",
                told,
                "witness_care",
                reason=RELIST_REASONS.pick(rng),
                hearing_date=date.fromordinal(trial),
                court=court,
            )
        return trial

    def _special_measures(self, plan: _Plan, ptph: int) -> None:
        rng = self.rng
        applied = ptph + rng.randint(7, 30)
        chosen = [m for m, chance in MEASURES if rng.random() < chance]
        if not chosen:
            return
        plan.add("special_measures_application", applied, "cps")
        for measure in chosen:
            plan.measures.append(
                SpecialMeasure(
                    None, measure, "requested", date.fromordinal(ptph - rng.randint(1, 20))
                )
            )
            plan.measures.append(
                SpecialMeasure(None, measure, "applied", date.fromordinal(applied))
            )
            decided = "granted" if rng.random() < 0.9 else "refused"
            when = applied + rng.randint(14, 60)
            plan.measures.append(SpecialMeasure(None, measure, decided, date.fromordinal(when)))

    def _sentence(self, plan: _Plan, convicted: int, court: str) -> None:
        rng = self.rng
        hearing = convicted + rng.randint(28, 42)
        plan.add(
            "sentencing_listed",
            convicted,
            "witness_care",
            hearing_date=date.fromordinal(hearing),
            court=court,
        )
        kind = SENTENCES.pick(rng)
        plan.add("sentence", hearing, "court", outcome_code=kind, defendant="D1")
        plan.ended = hearing
        if kind == "immediate_custody":
            plan.add("vcs_referral", hearing + rng.randint(10, 40), "other")

    # --- the anchor ---------------------------------------------------------------------

    def _cut(self, reference: str, plan: _Plan, label: str | None) -> MatterRecord:
        """Only what has happened by the anchor (a listed hearing may be after it)."""
        rng, anchor = self.rng, self.anchor
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

        def past(day: int | None) -> date | None:
            return date.fromordinal(day) if day is not None and day <= anchor else None

        status, conditions, expiry = None, None, None
        ended = plan.ended is not None and plan.ended <= anchor
        for day, bail, until in plan.bail:
            if day <= anchor and not ended:
                status, expiry = bail, until
        if status == "bail_with_conditions":
            conditions = rng.choice(BAIL_CONDITIONS)
        matter = JusticeMatter(
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
        vps = None
        if past(plan.offered) is not None:
            made = past(plan.made)
            vps = VictimPersonalStatement(
                None,
                offered_on=past(plan.offered),
                made_on=made,
                updated_on=past(plan.updated) if made else None,
                reading_preference=READING.pick(rng) if made else None,
            )
        support = None
        if past(plan.referred) or past(plan.visit):
            support = CourtSupport(None, past(plan.visit), past(plan.referred))
        return MatterRecord(
            matter=matter,
            events=tuple(events),
            positions=tuple(p for p in plan.positions if p.recorded_on.toordinal() <= anchor),
            special_measures=tuple(m for m in plan.measures if m.status_date.toordinal() <= anchor),
            vps=vps,
            court_support=support,
        )


AFTER_THE_END: Final = VRR_EVENTS | {"vcs_referral"}
"""Planned steps after the matter ended are dropped (they never happened), but for these."""


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
