"""The waiting list's rules: derived waits worked out by hand, the voicemail rule, the order."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.case import ACTIVE, WAITING, Case
from survivorapp.domain.contact import NOT_SAFE, SAFE, ChannelPreference, SafeContact
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.domain.waiting_list import (
    LEFT_MESSAGE,
    NO_ANSWER,
    NOT_TRIAGED,
    PRIORITY_RANK,
    SPOKE,
    VOICEMAIL_NOT_KNOWN,
    VOICEMAIL_NOT_SAFE,
    ContactAttempt,
    DaySummary,
    WaitingEntry,
    WaitingListRow,
    channel_not_safe,
    days_to_allocation,
    days_to_first_contact,
    days_waiting,
    message_refusal,
    percentile,
    summarise,
    voicemail_safe,
)

VOCABULARIES = load_vocabularies()
REFERRED = date(2025, 1, 10)
TODAY = date(2025, 3, 1)


def a_case(**fields: object) -> Case:
    base: dict[str, object] = {
        "reference": "C-000001",
        "survivor_reference": "S-000001",
        "referral_date": REFERRED,
        "service_line": "isva",
        "status": WAITING,
    }
    return Case(**{**base, **fields})  # type: ignore[arg-type]


def attempt(day: date, outcome: str = NO_ANSWER, channel: str = "phone") -> ContactAttempt:
    return ContactAttempt("C-000001", day, channel, outcome, recorded_by="cw")


def contact(*channels: ChannelPreference, never: tuple[str, ...] = ()) -> SafeContact:
    return SafeContact("S-000001", channels=channels, never_contact_via=never)


# --- derived times, worked out by hand ---------------------------------------------------------


def test_days_waiting_counts_from_referral_while_the_case_waits() -> None:
    # 10 Jan to 1 Mar 2025: 21 days left in January, 28 in February, 1 in March = 50.
    assert days_waiting(a_case(), TODAY) == 50
    assert days_waiting(a_case(), REFERRED) == 0
    allocated = a_case(status=ACTIVE, allocation_date=date(2025, 2, 3))
    assert days_waiting(allocated, TODAY) is None  # no longer on the list


def test_time_to_first_contact_is_the_first_spoke_or_the_recorded_date() -> None:
    tries = [
        attempt(date(2025, 1, 13)),
        attempt(date(2025, 1, 15), LEFT_MESSAGE),
        attempt(date(2025, 1, 20), SPOKE),
        attempt(date(2025, 1, 27), SPOKE),
    ]
    assert days_to_first_contact(a_case(), tries) == 10  # 10 Jan -> 20 Jan
    # A first contact recorded on the case before any logged "spoke" wins: it was earlier.
    assert days_to_first_contact(a_case(first_contact_date=date(2025, 1, 17)), tries) == 7
    assert days_to_first_contact(a_case(first_contact_date=date(2025, 2, 1)), tries) == 10
    assert days_to_first_contact(a_case(), tries[:2]) is None  # never reached yet
    assert days_to_first_contact(a_case(first_contact_date=REFERRED)) == 0


def test_time_to_allocation() -> None:
    # 10 Jan to 3 Feb: 21 + 3 = 24 days.
    assert days_to_allocation(a_case(status=ACTIVE, allocation_date=date(2025, 2, 3))) == 24
    assert days_to_allocation(a_case()) is None


def test_service_summary_median_and_90th_percentile_by_hand() -> None:
    days = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]  # sorted: 1 1 2 3 3 4 5 5 6 9
    # Median of ten: the mean of the 5th and 6th, (3 + 4) / 2. 90th percentile, nearest rank:
    # ceil(0.9 * 10) = the 9th smallest, 6.
    assert summarise(days) == DaySummary(10, 3.5, 6)
    assert summarise([7]) == DaySummary(1, 7.0, 7)
    assert summarise([]) == DaySummary(0, None, None)
    assert percentile([10, 20, 30], 90) == 30  # ceil(2.7) = 3rd
    assert percentile([10, 20, 30], 50) == 20


# --- safety: voicemail ---------------------------------------------------------------------------


def test_a_message_is_left_only_where_voicemail_is_safe() -> None:
    left = attempt(date(2025, 1, 13), LEFT_MESSAGE)
    safe = contact(ChannelPreference("voicemail", SAFE))
    assert voicemail_safe(safe)
    assert left.validate(VOCABULARIES, TODAY, safe_contact=safe, check_voicemail=True) == []

    not_safe = contact(ChannelPreference("voicemail", NOT_SAFE))
    problems = left.validate(VOCABULARIES, TODAY, safe_contact=not_safe, check_voicemail=True)
    assert [(p.field, p.message) for p in problems] == [("outcome", VOICEMAIL_NOT_SAFE)]
    assert "please don't leave a message" in VOICEMAIL_NOT_SAFE

    never = contact(ChannelPreference("phone", SAFE), never=("voicemail",))
    assert message_refusal(never) == VOICEMAIL_NOT_SAFE

    # Silence is never permission: nothing recorded, or voicemail never asked about.
    assert message_refusal(None) == VOICEMAIL_NOT_KNOWN
    assert message_refusal(contact(ChannelPreference("phone", SAFE))) == VOICEMAIL_NOT_KNOWN
    problems = left.validate(VOCABULARIES, TODAY, safe_contact=None, check_voicemail=True)
    assert [p.message for p in problems] == [VOICEMAIL_NOT_KNOWN]


def test_other_outcomes_do_not_depend_on_voicemail() -> None:
    not_safe = contact(ChannelPreference("voicemail", NOT_SAFE))
    for outcome in (NO_ANSWER, SPOKE, "wrong_number", "unsafe_to_continue"):
        tried = attempt(date(2025, 1, 13), outcome)
        assert (
            tried.validate(VOCABULARIES, TODAY, safe_contact=not_safe, check_voicemail=True) == []
        )


def test_a_channel_marked_not_safe_is_flagged() -> None:
    prefs = contact(ChannelPreference("phone", NOT_SAFE), never=("post",))
    assert channel_not_safe("phone", prefs)
    assert channel_not_safe("post", prefs)
    assert not channel_not_safe("text", prefs)
    assert not channel_not_safe("phone", None)


# --- dates and codes -----------------------------------------------------------------------------


def test_attempt_dates_sit_between_referral_and_today() -> None:
    before = attempt(REFERRED - timedelta(days=1))
    problems = before.validate(VOCABULARIES, TODAY, referral_date=REFERRED)
    assert [p.field for p in problems] == ["attempted_on"]
    assert "before the referral date" in problems[0].message
    future = attempt(TODAY + timedelta(days=1))
    assert "future" in future.validate(VOCABULARIES, TODAY)[0].message
    on_the_day = attempt(REFERRED)
    assert on_the_day.validate(VOCABULARIES, TODAY, referral_date=REFERRED) == []


def test_unknown_codes_and_long_notes_are_refused_kindly() -> None:
    odd = ContactAttempt("C-000001", REFERRED, "pigeon", "maybe", note="x" * 501)
    fields = {p.field for p in odd.validate(VOCABULARIES, TODAY)}
    assert fields == {"channel", "outcome", "note"}


def test_records_round_trip() -> None:
    tried = ContactAttempt(
        "C-000001", REFERRED, "text", SPOKE, 4, time(9, 30), "Agreed a call on Friday.", "cw"
    )
    assert ContactAttempt.from_record(tried.to_record()) == tried
    entry = WaitingEntry("C-000001", "b", 2, REFERRED, "mgr", "Court date in May.")
    assert WaitingEntry.from_record(entry.to_record()) == entry


def test_a_priority_needs_the_date_it_was_decided() -> None:
    assert WaitingEntry("C-000001").validate(VOCABULARIES, TODAY) == []
    undated = WaitingEntry("C-000001", "a")
    assert [p.field for p in undated.validate(VOCABULARIES, TODAY)] == ["triaged_on"]
    unknown = WaitingEntry("C-000001", "z", triaged_on=REFERRED)
    assert [p.field for p in unknown.validate(VOCABULARIES, TODAY)] == ["priority"]


def test_every_priority_code_has_a_place_and_a_description() -> None:
    vocabulary = VOCABULARIES["waiting_priority"]
    assert {c.code for c in vocabulary} == set(PRIORITY_RANK)
    assert all(c.help for c in vocabulary)
    outcomes = {c.code for c in VOCABULARIES["contact_attempt_outcome"]}
    assert {NO_ANSWER, LEFT_MESSAGE, SPOKE, "wrong_number", "unsafe_to_continue"} == outcomes


# --- the order of the list -----------------------------------------------------------------------

rows = st.lists(
    st.builds(
        lambda n, priority, offset: WaitingListRow(
            case_reference=f"C-{n:06d}",
            known_as=None,
            referral_date=TODAY - timedelta(days=offset),
            service_line="isva",
            priority=priority,
            days_waiting=offset,
        ),
        st.integers(1, 999_999),
        st.sampled_from(sorted(PRIORITY_RANK)),
        st.integers(0, 800),
    ),
    max_size=40,
    unique_by=lambda r: r.case_reference,
)


@given(rows)
def test_the_list_puts_a_first_then_the_longest_wait(items: list[WaitingListRow]) -> None:
    ordered = sorted(items, key=lambda r: r.order_key)
    ranks = [PRIORITY_RANK[r.priority] for r in ordered]
    assert ranks == sorted(ranks)
    if any(r.priority == "a" for r in items):
        assert ordered[0].priority == "a"
    # Untriaged referrals come straight after A: they could be urgent until someone looks.
    seen_b_or_c = False
    for row in ordered:
        seen_b_or_c = seen_b_or_c or row.priority in ("b", "c")
        assert not (seen_b_or_c and row.priority in ("a", NOT_TRIAGED))
    for before, after in itertools.pairwise(ordered):
        if before.priority == after.priority:
            assert before.days_waiting >= after.days_waiting  # oldest first
