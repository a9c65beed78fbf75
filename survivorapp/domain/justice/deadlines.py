"""Reminders worked out from a matter's events: review windows, bail, orders, compensation.

An ISVA must never miss a Victims' Right to Review window or a bail expiry (issue 5). Each
deadline is derived, never typed in, so correcting an event corrects its reminder. Windows
already used (a review requested, a CICA application made) or already passed are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from survivorapp.domain.justice.derive import JourneyState, derive, effective_events
from survivorapp.domain.justice.events import HEARINGS, TRIAL_CHANGES
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.justice.support import FamilyProceeding

VRR_POLICE: Final = "vrr_police"
VRR_CPS_PROMPT: Final = "vrr_cps_prompt"
VRR_CPS: Final = "vrr_cps"
BAIL_EXPIRY: Final = "bail_expiry"
FAMILY_ORDER_EXPIRY: Final = "family_order_expiry"
CICA: Final = "cica"
ULS: Final = "unduly_lenient_sentence"

CPS_PROMPT_WORKING_DAYS: Final = 5
"""CPS VRR: ask within 5 working days ideally (REFERENCE.md 1.2, row 9)."""
VRR_MONTHS: Final = 3
"""CPS VRR: considered up to 3 months after the decision (REFERENCE.md 1.2, row 9). The police
scheme's limit is not in the reference; 3 months from being told of the decision is the figure
forces publish (NPCC Victims' Right to Review guidance), so the same figure is used."""
CICA_YEARS: Final = 2
"""CICA: apply within 2 years (REFERENCE.md 1.11)."""
ULS_DAYS: Final = 28
"""Unduly lenient sentence referral: 28 days from sentence (REFERENCE.md 1.2 row 15 marks it
unconfirmed; it is the published Attorney General's Office limit)."""
BAIL_STATUSES: Final = frozenset({"bail_with_conditions", "bail_without_conditions", "court_bail"})


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: date
    description: str


@dataclass(frozen=True)
class Hearing:
    """A hearing listed for a date, for the court diary."""

    event_type: str
    hearing_date: date
    event_id: int | None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def add_working_days(start: date, days: int) -> date:
    """``days`` weekdays after ``start``. Bank holidays are not known offline, so not skipped."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def deadlines(
    events: Iterable[JusticeEvent],
    matter: JusticeMatter,
    today: date | None = None,
    *,
    family: Iterable[FamilyProceeding] = (),
    incident_date: date | None = None,
) -> list[Deadline]:
    """Open deadlines due today or later, soonest first.

    The CICA window counts two years from the police report, as the issue asks; for an adult
    the scheme counts from the incident, so when ``incident_date`` is given and that earlier
    window is still open, it is the one shown.
    """
    today = today if today is not None else date.today()
    events = list(events)
    state = derive(events, today=today, reported_on=matter.date_reported)
    found = _review_windows(state)
    if matter.bail_expiry is not None and matter.bail_status in BAIL_STATUSES:
        found.append(Deadline(BAIL_EXPIRY, matter.bail_expiry, "Bail expires: check with police."))
    for proceeding in family:
        for order in proceeding.orders:
            if order.expiry is not None:
                found.append(Deadline(FAMILY_ORDER_EXPIRY, order.expiry, f"{order.order} expires."))
    found.extend(_cica(events, state.reported_on, incident_date, today))
    found.extend(_uls(events, state.sentenced_on))
    return sorted((d for d in found if d.due >= today), key=lambda d: (d.due, d.kind))


def _review_windows(state: JourneyState) -> list[Deadline]:
    """Victims' Right to Review: the police's or the CPS's, until a review is asked for."""
    if not state.ended or state.ended_on is None or state.review_requested:
        return []
    decided = state.ended_on
    if state.reviewable_by == "police":
        return [
            Deadline(
                VRR_POLICE,
                add_months(decided, VRR_MONTHS),
                "Last day to ask the police to review their decision (Victims' Right to Review).",
            )
        ]
    if state.reviewable_by == "cps":
        return [
            Deadline(
                VRR_CPS_PROMPT,
                add_working_days(decided, CPS_PROMPT_WORKING_DAYS),
                "Ask the CPS for a review (Victims' Right to Review) by this date if "
                "possible: 5 working days.",
            ),
            Deadline(
                VRR_CPS,
                add_months(decided, VRR_MONTHS),
                "The CPS considers review requests up to 3 months after the decision; "
                "later only exceptionally.",
            ),
        ]
    return []


def _uls(events: list[JusticeEvent], sentenced_on: date | None) -> list[Deadline]:
    """Unduly lenient sentence: 28 days from sentence, unless a referral was asked for."""
    if sentenced_on is None or any(
        e.event_type == "uls_referral_requested" and e.event_date >= sentenced_on
        for e in effective_events(events)
    ):
        return []
    return [
        Deadline(
            ULS,
            sentenced_on + timedelta(days=ULS_DAYS),
            "Last day to ask for an unduly lenient sentence review.",
        )
    ]


def _cica(
    events: list[JusticeEvent], reported: date | None, incident: date | None, today: date
) -> list[Deadline]:
    if reported is None or any(
        e.event_type == "cica_application" for e in effective_events(events)
    ):
        return []
    due = add_years(reported, CICA_YEARS)
    text = "Last day to apply to CICA: 2 years from the police report (child rules differ)."
    if incident is not None and today <= add_years(incident, CICA_YEARS) < due:
        due = add_years(incident, CICA_YEARS)
        text = "Last day to apply to CICA: 2 years from the incident (adult rule)."
    return [Deadline(CICA, due, text)]


def upcoming_hearings(events: Iterable[JusticeEvent], today: date) -> list[Hearing]:
    """Hearings listed for today or later that a later trial-date change has not replaced.

    Once a matter has ended other than by a conviction (the CPS discontinued, no further
    action, an acquittal), hearings listed before the ending are no longer coming: a trial
    listed for December is not a court date after the case was dropped in October. After a
    conviction, sentencing and appeal hearings still are.
    """
    events = list(events)
    found: list[tuple[Hearing, date]] = []
    trial: tuple[Hearing, date] | None = None
    for event in effective_events(events):
        if event.event_type in ("trial_listed", *TRIAL_CHANGES):
            trial = (
                (Hearing("trial_listed", event.hearing_date, event.id), event.event_date)
                if event.hearing_date is not None
                else None
            )
        elif event.event_type == "trial_started":
            trial = None
        elif event.event_type in HEARINGS and event.hearing_date is not None:
            found.append(
                (Hearing(event.event_type, event.hearing_date, event.id), event.event_date)
            )
    if trial is not None:
        found.append(trial)
    state = derive(events, today=today)
    if state.ended and state.outcome_group != "convicted" and state.ended_on is not None:
        ended_on = state.ended_on
        found = [(h, listed_on) for h, listed_on in found if listed_on > ended_on]
    return sorted(
        (h for h, _listed in found if h.hearing_date >= today), key=lambda h: h.hearing_date
    )
