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


TEXT_CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
"""Any character a name may hold (``domain.safe_input.text_problem``), outside ASCII too."""
NOTE_CHARACTERS = TEXT_CHARACTERS | st.sampled_from("\n\t")
"""Notes may also hold line breaks and tabs."""


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Non-blank text, including characters outside ASCII."""
    alphabet = TEXT_CHARACTERS
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
    note=st.text(NOTE_CHARACTERS, max_size=200),
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


# Justice journey (issue 5). Kept out of ENTITY_STRATEGIES, which the interchange test maps
# onto stored record kinds; tests/unit/test_justice_records.py round-trips these.
from survivorapp.domain.justice.events import (  # noqa: E402
    HEARING_DATE_ALLOWED,
    HEARING_DATE_REQUIRED,
    OUTCOME_REQUIRED,
    OUTCOME_VOCABULARY,
    PER_DEFENDANT,
    TRIAL_CHANGES,
)
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition  # noqa: E402
from survivorapp.domain.justice.support import (  # noqa: E402
    CourtSupport,
    FamilyOrder,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)

future_dates = st.dates(min_value=EARLIEST, max_value=TODAY + timedelta(days=800))


@st.composite
def justice_matters(draw: st.DrawFn) -> JusticeMatter:
    status = draw(st.none() | codes("bail_status"))
    reported = draw(st.none() | past_dates)
    expiry = None
    if status in ("bail_with_conditions", "bail_without_conditions", "court_bail"):
        expiry = draw(st.none() | st.dates(reported or EARLIEST, TODAY + timedelta(days=400)))
    return JusticeMatter(
        case_reference=draw(case_references),
        id=draw(ids),
        police_force=draw(optional_texts()),
        crime_reference=draw(optional_texts(20)),
        date_reported=reported,
        bail_status=status,
        bail_conditions=draw(optional_texts(200)) if status == "bail_with_conditions" else None,
        bail_expiry=expiry,
        label=draw(optional_texts()),
    )


@st.composite
def justice_events(
    draw: st.DrawFn, matter_id: int | None = 1, event_id: int | None = None
) -> JusticeEvent:
    """A valid event; ``event_id`` fixes the id (the journey property tests number them)."""
    kind = draw(codes("cjs_event_type").filter(lambda k: k != "entered_in_error"))
    vocabulary = OUTCOME_VOCABULARY.get(kind)
    outcome = None
    if vocabulary is not None:
        choice = codes(vocabulary)
        outcome = draw(choice if kind in OUTCOME_REQUIRED else st.none() | choice)
    per = kind in PER_DEFENDANT
    day = draw(past_dates)
    hearing = None
    if kind in HEARING_DATE_ALLOWED:
        required = kind in HEARING_DATE_REQUIRED
        hearing = draw(later(day) if required else st.none() | later(day))
    return JusticeEvent(
        matter_id=matter_id,
        event_type=kind,
        event_date=day,
        informed_by=draw(codes("informed_by")),
        note=draw(st.text(NOTE_CHARACTERS, max_size=100)),
        outcome_code=outcome,
        defendant=draw(st.none() | st.sampled_from(["A", "B"])) if per else None,
        count=draw(st.none() | st.integers(1, 3)) if per else None,
        reason=draw(st.none() | codes("trial_change_reason")) if kind in TRIAL_CHANGES else None,
        hearing_date=hearing,
        supersedes=None,
        id=event_id if event_id is not None else draw(ids),
        recorded_on=draw(st.none() | later(day)),
    )


survivor_positions = st.builds(
    SurvivorPosition,
    matter_id=ids,
    position=codes("survivor_position"),
    recorded_on=past_dates,
    note=st.text(NOTE_CHARACTERS, max_size=100),
    id=ids,
)
special_measures = st.builds(
    SpecialMeasure,
    matter_id=ids,
    measure=codes("special_measure"),
    status=codes("special_measure_status"),
    status_date=past_dates,
    id=ids,
)


@st.composite
def victim_personal_statements(draw: st.DrawFn) -> VictimPersonalStatement:
    offered = draw(st.none() | past_dates)
    made = draw(st.none() | later(offered or EARLIEST))
    updated = draw(st.none() | later(made)) if made is not None else None
    return VictimPersonalStatement(
        matter_id=draw(ids),
        offered_on=offered,
        made_on=made,
        updated_on=updated,
        reading_preference=draw(st.none() | codes("vps_reading_preference")),
        id=draw(ids),
    )


court_supports = st.builds(
    CourtSupport,
    matter_id=ids,
    pre_trial_visit_on=st.none() | future_dates,
    witness_service_referred_on=st.none() | past_dates,
    id=ids,
)
victims_code_rights = st.builds(
    VictimsCodeRight,
    case_reference=case_references,
    right=codes("victims_code_right"),
    status=codes("victims_code_status"),
    updated_on=past_dates,
    id=ids,
)
family_proceedings = st.builds(
    FamilyProceeding,
    case_reference=case_references,
    proceeding_type=codes("family_proceeding_type"),
    court=optional_texts(),
    hearing_dates=st.lists(future_dates, max_size=3, unique=True).map(tuple),
    orders=st.lists(
        st.builds(FamilyOrder, order=texts(), expiry=st.none() | future_dates), max_size=3
    ).map(tuple),
    protections=optional_texts(200),
    id=ids,
)

JUSTICE_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "justice_matter": justice_matters(),
    "justice_event": justice_events(),
    "survivor_position": survivor_positions,
    "special_measure": special_measures,
    "victim_personal_statement": victim_personal_statements(),
    "court_support": court_supports,
    "victims_code_right": victims_code_rights,
    "family_proceeding": family_proceedings,
}
