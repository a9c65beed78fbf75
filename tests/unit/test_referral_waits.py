"""Waits worked out from referral histories, checked against cases worked out by hand."""

from __future__ import annotations

from datetime import date

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals.records import (
    Referral,
    ReferralStatusChange,
    consent_scope,
    referral_consent_problem,
)
from survivorapp.domain.referrals.waits import ReferralRecord, dates_of, summarise

TODAY = date(2025, 6, 30)


def history(*steps: tuple[str, date]) -> tuple[ReferralStatusChange, ...]:
    return tuple(ReferralStatusChange(7, status, day) for status, day in steps)


def test_talking_therapies_accepted_then_a_long_wait() -> None:
    # Made 3 Feb; acknowledged 10 Feb; accepted 24 Feb (21 days); waiting list 24 Feb;
    # first appointment 12 May: 98 days after 3 Feb (25 + 31 + 30 + 12).
    steps = history(
        ("made", date(2025, 2, 3)),
        ("acknowledged", date(2025, 2, 10)),
        ("accepted", date(2025, 2, 24)),
        ("waiting", date(2025, 2, 24)),
        ("first_appointment", date(2025, 5, 12)),
        ("ongoing", date(2025, 5, 19)),
    )
    dates = dates_of(steps)
    assert dates is not None
    assert dates.status == "ongoing" and dates.status_on == date(2025, 5, 19)
    assert dates.days_to_acceptance == 21
    assert dates.days_to_first_appointment == 98
    assert dates.days_waiting(TODAY) is None  # seen: no longer waiting
    assert not dates.needs_follow_up(TODAY, 14)


def test_still_waiting_counts_days_so_far() -> None:
    # Made 1 April, accepted 15 April, on the list since: 30 + 31 + 30 - 1 = 90 days by 30 June.
    dates = dates_of(
        history(
            ("offered", date(2025, 3, 20)),
            ("made", date(2025, 4, 1)),
            ("accepted", date(2025, 4, 15)),
            ("waiting", date(2025, 4, 15)),
        )
    )
    assert dates is not None
    assert dates.referred_on == date(2025, 4, 1)  # the offer is not the referral
    assert dates.days_waiting(TODAY) == 90
    assert dates.days_to_acceptance == 14
    assert dates.days_to_first_appointment is None


def test_an_appointment_given_straight_away_counts_as_acceptance() -> None:
    # A sexual health clinic: made 2 June, seen 9 June; no separate acceptance was recorded.
    dates = dates_of(history(("made", date(2025, 6, 2)), ("first_appointment", date(2025, 6, 9))))
    assert dates is not None
    assert dates.days_to_acceptance == 7
    assert dates.days_to_first_appointment == 7


def test_no_reply_becomes_a_follow_up_on_the_setting_day() -> None:
    dates = dates_of(history(("made", date(2025, 6, 16))))
    assert dates is not None
    assert dates.days_waiting(TODAY) == 14
    assert dates.needs_follow_up(TODAY, 14)  # exactly 14 days with no reply
    assert not dates.needs_follow_up(TODAY, 15)
    acknowledged = dates_of(history(("made", date(2025, 5, 1)), ("acknowledged", date(2025, 5, 2))))
    assert acknowledged is not None and not acknowledged.needs_follow_up(TODAY, 14)


def test_offered_rejected_and_closed_referrals_are_not_waiting() -> None:
    offered = dates_of(history(("offered", date(2025, 6, 1))))
    rejected = dates_of(history(("made", date(2025, 5, 1)), ("rejected", date(2025, 5, 20))))
    closed = dates_of(history(("made", date(2025, 5, 1)), ("closed", date(2025, 5, 3))))
    for dates in (offered, rejected, closed):
        assert dates is not None
        assert dates.days_waiting(TODAY) is None
        assert not dates.needs_follow_up(TODAY, 1)
        assert dates.days_to_acceptance is None
    assert offered is not None and offered.referred_on is None and offered.is_open
    assert rejected is not None and not rejected.is_open


def test_a_summary_carries_the_derived_figures() -> None:
    referral = Referral("C-000001", "sexual_health", date(2025, 6, 2), id=3, organisation_name="X")
    record = ReferralRecord(referral, history(("made", date(2025, 6, 2))))
    summary = summarise(referral, record.dates, TODAY, 14, "Robin")
    assert summary.referral_id == 3 and summary.known_as == "Robin"
    assert summary.days_waiting == 28 and summary.needs_follow_up
    assert summary.referred_on == date(2025, 6, 2)
    assert record.status == "made"


# --- consent -------------------------------------------------------------------------------------


def consent(state: str, day: date, scope: str | None = "Camden Talking Therapies") -> ConsentRecord:
    return ConsentRecord("C-000001", "referral_named_agencies", state, day, "verbal", scope=scope)


def test_consent_must_be_given_before_the_referral_and_still_in_force() -> None:
    made = date(2025, 6, 10)
    none = referral_consent_problem([], made)
    assert none is not None and none.message.startswith(
        "Record the survivor's consent to this referral first:"
    )
    assert referral_consent_problem([consent("given", date(2025, 6, 1))], made) is None
    withdrawn = referral_consent_problem(
        [consent("given", date(2025, 6, 1)), consent("withdrawn", date(2025, 6, 5), None)], made
    )
    assert withdrawn is not None and "withdrawn" in withdrawn.message
    later = referral_consent_problem([consent("given", date(2025, 6, 12))], made)
    assert later is not None and "later date" in later.message
    refused = referral_consent_problem([consent("refused", date(2025, 6, 1), None)], made)
    assert refused is not None and "not given" in refused.message
    other_purpose = ConsentRecord("C-000001", "support", "given", date(2025, 6, 1), "verbal")
    assert referral_consent_problem([other_purpose], made) is not None


def test_the_scope_shown_is_that_of_consent_in_force() -> None:
    assert consent_scope([consent("given", date(2025, 6, 1))]) == "Camden Talking Therapies"
    assert consent_scope([consent("withdrawn", date(2025, 6, 1), None)]) is None
