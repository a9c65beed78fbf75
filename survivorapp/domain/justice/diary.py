"""The court diary: hearings and deadlines across a caseload, with the preparation still to do.

Pure: the service gathers each case's matters and court support into ``CaseJourney`` records
and this module works out what is coming up. Titles are short and fixed (never free text a
worker typed), because the diary is exported to a worker's own calendar, where a title must
say only what kind of hearing or deadline it is (issue 5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from survivorapp.domain.justice.deadlines import (
    BAIL_EXPIRY,
    CICA,
    FAMILY_ORDER_EXPIRY,
    ULS,
    VRR_CPS,
    VRR_CPS_PROMPT,
    VRR_POLICE,
    deadlines,
    upcoming_hearings,
)
from survivorapp.domain.justice.derive import effective_events
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
    undecided_special_measures,
)

HEARING_TITLES: Final[dict[str, str]] = {
    "first_appearance": "First appearance (magistrates)",
    "ptph": "Plea and trial preparation hearing",
    "ground_rules_hearing": "Ground rules hearing",
    "s28_hearing": "Section 28 cross-examination",
    "trial_listed": "Trial",
    "sentencing_listed": "Sentencing hearing",
    "parole_hearing": "Parole hearing",
    "appeal_hearing": "Appeal hearing",
}
DEADLINE_TITLES: Final[dict[str, str]] = {
    VRR_POLICE: "Last day for police review (VRR)",
    VRR_CPS_PROMPT: "Ask CPS for review (VRR) by today",
    VRR_CPS: "Last day for CPS review (VRR)",
    BAIL_EXPIRY: "Bail expires",
    FAMILY_ORDER_EXPIRY: "Family court order expires",
    CICA: "Last day to apply to CICA",
    ULS: "Last day for unduly lenient sentence review",
}
FAMILY_HEARING_TITLE: Final = "Family court hearing"

TO_DO_SPECIAL_MEASURES: Final = "Special measures not decided"
TO_DO_VPS: Final = "VPS not offered"
TO_DO_VISIT: Final = "No pre-trial visit"
TO_DO_WITNESS_SERVICE: Final = "No Witness Service referral"


@dataclass(frozen=True)
class MatterRecord:
    """One justice matter with everything the diary and the case view read about it."""

    matter: JusticeMatter
    events: tuple[JusticeEvent, ...]
    positions: tuple[SurvivorPosition, ...]
    special_measures: tuple[SpecialMeasure, ...]
    vps: VictimPersonalStatement | None
    court_support: CourtSupport | None


@dataclass(frozen=True)
class CaseJourney:
    """A case's whole justice journey: its criminal matters and family proceedings."""

    case_reference: str
    known_as: str | None
    matters: tuple[MatterRecord, ...]
    family: tuple[FamilyProceeding, ...] = ()
    victims_code: tuple[VictimsCodeRight, ...] = ()
    """The case's Victims' Code checklist (one record per right); read for one case only."""


@dataclass(frozen=True)
class DiaryEntry:
    """One line of the court diary."""

    day: date
    case_reference: str
    known_as: str | None
    kind: Literal["hearing", "deadline"]
    title: str
    court: str | None
    to_do: tuple[str, ...]
    matter_id: int | None


def preparation_to_do(record: MatterRecord) -> tuple[str, ...]:
    """What is still to do before a hearing in this matter, as plain short phrases."""
    to_do: list[str] = []
    if undecided_special_measures(record.special_measures):
        to_do.append(TO_DO_SPECIAL_MEASURES)
    if record.vps is None or record.vps.status == "not_offered":
        to_do.append(TO_DO_VPS)
    support = record.court_support
    if support is None or support.pre_trial_visit_on is None:
        to_do.append(TO_DO_VISIT)
    if support is None or support.witness_service_referred_on is None:
        to_do.append(TO_DO_WITNESS_SERVICE)
    return tuple(to_do)


def _court_of(events: Iterable[JusticeEvent], event_id: int | None) -> str | None:
    """The court named on the listing event, or on the latest earlier event that named one."""
    court = None
    for event in effective_events(events):
        if event.court:
            court = event.court
        if event_id is not None and event.id == event_id:
            return event.court or court
    return court if event_id is None else None


def _matter_entries(
    journey: CaseJourney, record: MatterRecord, today: date, last: date
) -> list[DiaryEntry]:
    found: list[DiaryEntry] = []
    to_do = preparation_to_do(record)
    matter_id = record.matter.id
    for hearing in upcoming_hearings(record.events, today):
        if hearing.hearing_date > last:
            continue
        found.append(
            DiaryEntry(
                hearing.hearing_date,
                journey.case_reference,
                journey.known_as,
                "hearing",
                HEARING_TITLES.get(hearing.event_type, "Hearing"),
                _court_of(record.events, hearing.event_id),
                to_do,
                matter_id,
            )
        )
    for deadline in deadlines(record.events, record.matter, today):
        if deadline.due > last:
            continue
        found.append(
            DiaryEntry(
                deadline.due,
                journey.case_reference,
                journey.known_as,
                "deadline",
                DEADLINE_TITLES.get(deadline.kind, "Deadline"),
                None,
                (),
                matter_id,
            )
        )
    return found


def _family_entries(journey: CaseJourney, today: date, last: date) -> list[DiaryEntry]:
    found: list[DiaryEntry] = []
    for proceeding in journey.family:
        for day in proceeding.hearing_dates:
            if today <= day <= last:
                found.append(
                    DiaryEntry(
                        day,
                        journey.case_reference,
                        journey.known_as,
                        "hearing",
                        FAMILY_HEARING_TITLE,
                        proceeding.court,
                        (),
                        None,
                    )
                )
        for order in proceeding.orders:
            if order.expiry is not None and today <= order.expiry <= last:
                found.append(
                    DiaryEntry(
                        order.expiry,
                        journey.case_reference,
                        journey.known_as,
                        "deadline",
                        DEADLINE_TITLES[FAMILY_ORDER_EXPIRY],
                        None,
                        (),
                        None,
                    )
                )
    return found


def build_diary(journeys: Iterable[CaseJourney], today: date, days: int) -> list[DiaryEntry]:
    """Hearings and deadlines from ``today`` to ``today + days`` inclusive.

    Sorted by day, then case reference, then hearings before deadlines. Family hearings and
    order expiries are included once per case, not once per matter.
    """
    last = today + timedelta(days=max(days, 0))
    found: list[DiaryEntry] = []
    for journey in journeys:
        for record in journey.matters:
            found.extend(_matter_entries(journey, record, today, last))
        found.extend(_family_entries(journey, today, last))
    return sorted(found, key=lambda e: (e.day, e.case_reference, e.kind != "hearing", e.title))
