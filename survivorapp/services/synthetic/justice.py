"""Synthetic justice journeys whose attrition follows the London Rape Review (REFERENCE 1.12).

Each reported case gets a matter whose end is drawn first, from the 2016 London cohort, and
whose events are then laid out on realistic delays up to that end (here). Events after the
anchor date have not happened yet and are left out (``justice_plan``), so recent matters are
still open (a trial listed for a date after the anchor stays in the diary). Same seed, same
journeys: all randomness comes from the generator's own ``random.Random``.

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
from datetime import date

from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.domain.justice.records import SurvivorPosition
from survivorapp.domain.justice.support import SpecialMeasure
from survivorapp.services.synthetic.justice_distributions import (
    CROWN_COURTS,
    ENDINGS,
    MAGISTRATES,
    MEASURES,
    POLICE_NFA_CODES,
    RELIST_REASONS,
    RELISTINGS,
    REPORTED,
    SECOND_MATTER,
    SENTENCES,
)
from survivorapp.services.synthetic.justice_plan import MatterPlan, cut_at_anchor


def _lognormal(rng: random.Random, median: float, sigma: float, cap: int) -> int:
    return max(1, min(cap, int(rng.lognormvariate(math.log(median), sigma))))


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
        plan = MatterPlan(reported)
        plan.add("reported_to_police", reported, "survivor")
        if ending == "not_recorded":
            plan.ended = reported + rng.randint(1, 30)
            plan.add("not_recorded_as_crime", plan.ended)
        else:
            self._investigation(plan, ending)
        return cut_at_anchor(self.rng, self.anchor, reference, plan, label)

    # --- stages -------------------------------------------------------------------------

    def _investigation(self, plan: MatterPlan, ending: str) -> None:
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

    def _withdrawal(self, plan: MatterPlan) -> None:
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

    def _suspect(self, plan: MatterPlan, after: int) -> None:
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

    def _police_nfa(self, plan: MatterPlan, day: int) -> None:
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

    def _court(self, plan: MatterPlan, charged: int, ending: str) -> None:
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

    def _relist(
        self, plan: MatterPlan, trial: int, court: str, stop: int | None, listed: int
    ) -> int:
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

    def _special_measures(self, plan: MatterPlan, ptph: int) -> None:
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

    def _sentence(self, plan: MatterPlan, convicted: int, court: str) -> None:
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
