"""Hypothesis strategies for the support records of a records file: the waiting list, the
directory and referrals with their histories, and feedback questionnaires.

Each draws records that pass the same checks an import applies, for cases already drawn, so
the interchange round trip can store them, export, import elsewhere and compare.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import strategies as st

from survivorapp.domain.case import Case
from survivorapp.domain.questionnaires.administrations import REVIEW, Administration
from survivorapp.domain.questionnaires.instruments import shipped_instruments
from survivorapp.domain.questionnaires.model import SERVICE_FEEDBACK, Instrument
from survivorapp.domain.questionnaires.scoring import DECLINED
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.directory import DirectoryOrganisation, name_key
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange
from survivorapp.domain.waiting_list import NOT_TRIAGED, ContactAttempt, WaitingEntry
from survivorapp.vault.release_register import NewRelease
from tests.strategies import NOTE_CHARACTERS, codes, later, optional_texts, past_dates, texts

INSTRUMENTS = shipped_instruments()
notes = st.text(NOTE_CHARACTERS, max_size=80)
times = st.none() | st.times().map(lambda t: t.replace(tzinfo=None))


@dataclass(frozen=True)
class DrawnReferral:
    """A referral, the directory entry it names (by position) and its history."""

    referral: Referral
    organisation: int | None
    history: tuple[ReferralStatusChange, ...]


directory_entries = st.lists(
    st.builds(
        DirectoryOrganisation,
        name=texts(40),
        destination_type=codes("referral_destination"),
        borough=st.none() | codes("borough"),
        phone=st.none() | st.from_regex(r"\A0[0-9]{10}\Z"),
        email=st.none() | st.just("hello@example.org"),
        address=optional_texts(),
        notes=notes,
    ),
    max_size=3,
    unique_by=lambda o: (name_key(o.name), o.borough),
)


@st.composite
def waiting_entries(draw: st.DrawFn, cases: list[Case]) -> list[WaitingEntry]:
    """At most one entry per case."""
    chosen = draw(st.lists(st.sampled_from(cases), unique_by=lambda c: c.reference, max_size=3))
    entries = []
    for case in chosen:
        priority = draw(codes("waiting_priority"))
        triaged = priority != NOT_TRIAGED
        entries.append(
            WaitingEntry(
                case.reference,
                priority,
                triaged_on=draw(past_dates) if triaged else draw(st.none() | past_dates),
                triaged_by=draw(optional_texts()),
                note=draw(notes),
            )
        )
    return entries


@st.composite
def contact_attempts(draw: st.DrawFn, cases: list[Case]) -> list[ContactAttempt]:
    """Attempts on or after each case's referral date (any outcome: voicemail safety is not
    checked again on import)."""
    found = []
    for case in draw(st.lists(st.sampled_from(cases), max_size=4)):
        found.append(
            ContactAttempt(
                case.reference,
                draw(later(case.referral_date)),
                draw(codes("contact_channel")),
                draw(codes("contact_attempt_outcome")),
                attempted_at=draw(times),
                note=draw(notes),
                recorded_by=draw(optional_texts()),
            )
        )
    return found


@st.composite
def histories(draw: st.DrawFn, started_on: date) -> tuple[ReferralStatusChange, ...]:
    """A random walk through the referral state machine, dates never going back."""
    status = draw(st.sampled_from(rs.STARTING))
    day = started_on
    steps = [status]
    for _ in range(draw(st.integers(0, 4))):
        if not rs.NEXT[status]:
            break
        status = draw(st.sampled_from(rs.NEXT[status]))
        steps.append(status)
    changes = []
    for index, status in enumerate(steps):
        if index:
            day = draw(later(day))
        reason = draw(codes("referral_rejection_reason")) if status in rs.NEEDS_REASON else None
        changes.append(
            ReferralStatusChange(
                None, status, day, reason, draw(notes), recorded_by=draw(optional_texts())
            )
        )
    return tuple(changes)


@st.composite
def referrals(
    draw: st.DrawFn, cases: list[Case], organisations: list[DirectoryOrganisation]
) -> list[DrawnReferral]:
    found = []
    for case in draw(st.lists(st.sampled_from(cases), max_size=3)):
        started = draw(past_dates)
        named = draw(st.none() | st.integers(0, len(organisations) - 1)) if organisations else None
        referral = Referral(
            case.reference,
            draw(codes("referral_destination")),
            started,
            organisation_name=draw(optional_texts()),
            made_by=draw(optional_texts()),
            note=draw(notes),
        )
        found.append(DrawnReferral(referral, named, draw(histories(started))))
    return found


def _answer(draw: st.DrawFn, instrument: Instrument, item_id: str) -> Any:
    item = instrument.item(item_id)
    assert item is not None
    if item.is_choice:
        return draw(st.sampled_from([o.value for o in item.options]))
    return draw(texts(item.max_length))


@st.composite
def administrations(draw: st.DrawFn, cases: list[Case]) -> list[Administration]:
    """Scored as the services store them; service feedback may be anonymous."""
    found = []
    for _ in range(draw(st.integers(0, 3))):
        instrument = draw(st.sampled_from(INSTRUMENTS.all()))
        responses = {}
        every = st.just(list(instrument.item_ids))  # most often complete, so it scores
        some = st.lists(st.sampled_from(instrument.item_ids), unique=True)
        for item_id in draw(every | some):
            declined = draw(st.integers(0, 20)) == 0
            responses[item_id] = DECLINED if declined else _answer(draw, instrument, item_id)
        anonymous_allowed = instrument.kind == SERVICE_FEEDBACK
        if not cases and not anonymous_allowed:
            continue
        choices = [c.reference for c in cases] + ([None] if anonymous_allowed else [])
        timepoint = draw(codes("feedback_timepoint"))
        administration = Administration(
            instrument.id,
            instrument.version,
            timepoint,
            draw(codes("feedback_mode")),
            draw(past_dates),
            responses,
            case_reference=draw(st.sampled_from(choices)),
            review_number=draw(st.integers(1, 9)) if timepoint == REVIEW else None,
            stopped_early=draw(st.booleans()),
            recorded_by=draw(optional_texts()),
        )
        found.append(administration.scored(instrument)[0])
    return found


def kind_of(administration: Administration) -> str:
    instrument = INSTRUMENTS.get(administration.instrument_id, administration.instrument_version)
    return instrument.kind


def linked(drawn: DrawnReferral, ids: list[int]) -> Referral:
    """The referral as stored: naming the directory entry's id in this vault."""
    named = drawn.organisation
    return replace(drawn.referral, organisation_id=None if named is None else ids[named])


@st.composite
def releases(draw: st.DrawFn) -> list[NewRelease]:
    """A release register's entries in the order released: publication ones with their cells
    as text (the register never reads inside it), sealed ones without."""
    found = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(past_dates)
        level = draw(st.sampled_from(["publication", "sealed"]))
        moment = draw(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)))
        found.append(
            NewRelease(
                period=draw(st.from_regex(r"\A20[0-9]{2}-(Q[1-4]|[0-9]{2})\Z")),
                period_start=start,
                period_end=draw(later(start)),
                level=level,
                k=draw(st.integers(1, 20)),
                rounding_base=draw(st.integers(1, 10)),
                schema_version=draw(st.integers(1, 5)),
                manifest_sha256=draw(st.from_regex(r"\A[0-9a-f]{64}\Z")),
                published=draw(notes) if level == "publication" else None,
                released_by=draw(texts(20).filter(lambda t: t.isprintable())),
                released_at=moment.replace(tzinfo=UTC),
            )
        )
    return found
