"""Hypothesis strategies for valid domain entities, shared by unit and interchange tests.

Every entity drawn here passes ``validate(vocabularies, today=TODAY)`` with no problems, so a
test can use them both for round trips and as a base to break one field at a time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.vocabularies import load_vocabularies

T = TypeVar("T")

VOCABULARIES = load_vocabularies()
TODAY = date(2026, 1, 15)
EARLIEST = date(1990, 1, 1)

unanswered = st.sampled_from(list(Unanswered))
past_dates = st.dates(min_value=EARLIEST, max_value=TODAY)
ids = st.none() | st.integers(min_value=1, max_value=2**53)
survivor_references = st.integers(0, 999_999).map(lambda n: f"S-{n:06d}")
case_references = st.integers(0, 999_999).map(lambda n: f"C-{n:06d}")


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Non-blank text, including characters outside ASCII."""
    alphabet = st.characters(blacklist_categories=("Cs",))
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


def optional_texts(max_size: int = 60) -> st.SearchStrategy[str | None]:
    return st.none() | texts(max_size)


def answers(inner: st.SearchStrategy[T]) -> st.SearchStrategy[T | Unanswered]:
    return inner | unanswered


def codes(vocabulary: str) -> st.SearchStrategy[str]:
    return st.sampled_from([c.code for c in VOCABULARIES[vocabulary]])


def code_sets(vocabulary: str, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(codes(vocabulary), min_size=min_size, max_size=4, unique=True).map(tuple)


def later(start: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=start, max_value=TODAY)


@st.composite
def survivors(draw: st.DrawFn) -> Survivor:
    dob = draw(answers(st.dates(min_value=date(1930, 1, 1), max_value=TODAY)))
    year: int | Unanswered
    if isinstance(dob, date):
        year = draw(st.sampled_from([dob.year, Unanswered.NOT_ASKED]))
    else:
        year = draw(answers(st.integers(1930, TODAY.year)))
    disability = draw(answers(st.booleans()))
    types = (
        draw(unanswered | st.just(()))
        if disability is False
        else draw(answers(code_sets("disability_type")))
    )
    return Survivor(
        reference=draw(survivor_references),
        id=draw(ids),
        name=draw(optional_texts()),
        known_as=draw(optional_texts()),
        pronouns=draw(answers(codes("pronouns"))),
        pronouns_text=draw(optional_texts()),
        date_of_birth=dob,
        birth_year=year,
        sex=draw(answers(codes("sex"))),
        gender_identity=draw(answers(codes("gender_identity"))),
        gender_identity_text=draw(optional_texts()),
        trans_history=draw(answers(st.booleans())),
        sexual_orientation=draw(answers(codes("sexual_orientation"))),
        ethnicity=draw(answers(codes("ethnicity"))),
        religion=draw(answers(codes("religion"))),
        disability=disability,
        disability_types=types,
        vulnerabilities=draw(answers(code_sets("vulnerability"))),
        first_language=draw(answers(codes("language"))),
        interpreter_needed=draw(answers(st.booleans())),
        residence_borough=draw(answers(codes("borough"))),
        restricted=draw(st.booleans()),
    )


@st.composite
def channel_preferences(draw: st.DrawFn, channel: str, never: bool) -> ChannelPreference:
    choices: list[Any] = ["not_safe", *Unanswered] if never else ["safe", "not_safe", *Unanswered]
    safety = draw(st.sampled_from(choices))
    times = draw(optional_texts()) if safety == "safe" else None
    return ChannelPreference(channel=channel, safety=safety, safe_times=times)


@st.composite
def safe_contacts(draw: st.DrawFn) -> SafeContact:
    channels = draw(code_sets("contact_channel"))
    never = draw(code_sets("contact_channel"))
    return SafeContact(
        survivor_reference=draw(survivor_references),
        id=draw(ids),
        channels=tuple(draw(channel_preferences(c, c in never)) for c in channels),
        code_word=draw(optional_texts()),
        safe_third_party=draw(optional_texts()),
        never_contact_via=never,
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    referral = draw(past_dates)
    status = draw(codes("case_status"))
    attempt = draw(st.none() | later(referral))
    contact = draw(st.none() | later(attempt or referral))
    allocation = draw(later(referral)) if status == "active" else draw(st.none() | later(referral))
    closure_date = closure_reason = None
    if status == "closed":
        closure_date = draw(later(max(d for d in (referral, allocation, contact) if d is not None)))
        closure_reason = draw(codes("closure_reason"))
    return Case(
        reference=draw(case_references),
        survivor_reference=draw(survivor_references),
        referral_date=referral,
        service_line=draw(codes("service_line")),
        status=status,
        id=draw(ids),
        referral_source=draw(answers(codes("referral_source"))),
        first_contact_attempt_date=attempt,
        first_contact_date=contact,
        allocation_date=allocation,
        closure_date=closure_date,
        closure_reason=closure_reason,
        allocated_worker=draw(optional_texts()),
    )


perpetrators = st.builds(
    Perpetrator,
    relationship=answers(codes("perpetrator_relationship")),
    sex=answers(codes("sex")),
    age_band=answers(codes("age_band")),
    known_to_police=answers(st.booleans()),
)


@st.composite
def incidents(draw: st.DrawFn) -> Incident:
    start = draw(answers(past_dates))
    end = draw(st.none() | later(start)) if isinstance(start, date) else None
    count = draw(answers(st.integers(1, 100)))
    most = min(count, 3) if isinstance(count, int) else 3
    return Incident(
        case_reference=draw(case_references),
        id=draw(ids),
        is_presenting=draw(st.booleans()),
        types=draw(answers(code_sets("incident_type", min_size=1))),
        incident_date=start,
        incident_date_to=end,
        age_band_at_incident=draw(answers(codes("age_band"))),
        recent_band=draw(answers(codes("recent_band"))),
        location=draw(answers(codes("borough"))),
        domestic_abuse_related=draw(answers(st.booleans())),
        perpetrator_count=count,
        perpetrators=tuple(draw(st.lists(perpetrators, max_size=most))),
    )


sessions = st.builds(
    Session,
    case_reference=case_references,
    session_date=past_dates,
    duration_minutes=st.integers(1, 720),
    mode=codes("session_mode"),
    kind=codes("session_kind"),
    id=ids,
    start_time=st.none() | st.times().map(lambda t: t.replace(tzinfo=None)),
    worker=optional_texts(),
    note=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    risk_flags=code_sets("risk_flag"),
)


@st.composite
def consent_records(draw: st.DrawFn) -> ConsentRecord:
    purpose = draw(codes("consent_purpose"))
    state = draw(codes("consent_state"))
    needs_scope = purpose == "referral_named_agencies" and state == "given"
    return ConsentRecord(
        case_reference=draw(case_references),
        purpose=purpose,
        state=state,
        recorded_on=draw(past_dates),
        method=draw(codes("consent_method")),
        id=draw(ids),
        scope=draw(texts()) if needs_scope else draw(optional_texts()),
        recorded_by=draw(optional_texts()),
    )


tasks = st.builds(
    Task,
    due_date=st.dates(min_value=EARLIEST, max_value=TODAY + timedelta(days=400)),
    text=texts(200),
    id=ids,
    case_reference=st.none() | case_references,
    done=st.booleans(),
)

ENTITY_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "survivor": survivors(),
    "safe_contact": safe_contacts(),
    "case": cases(),
    "incident": incidents(),
    "session": sessions,
    "consent": consent_records(),
    "task": tasks,
}

__all__ = ["ENTITY_STRATEGIES", "TODAY", "VOCABULARIES"]
