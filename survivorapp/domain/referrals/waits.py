"""How long survivors wait: the dates and waits worked out from a referral's history.

The needs assessment found access to statutory services "universally poor" (issue 6); these
figures are the evidence. They are derived, never typed in, so they cannot disagree with the
history. Everything here is pure and takes ``today`` as an argument.

- *referred on*: the date the referral was made (an offer is not a referral yet).
- *accepted on*: the first date the service took it on: accepted, or a later step reached
  directly (put on a waiting list, or given an appointment, without a separate acceptance).
- *first appointment on*: the date of the first appointment.
- *days waiting so far*: for a referral made and not yet ended or seen, today minus the date
  it was made.
- *needs follow-up*: made, nothing heard back (status still "made"), for at least the
  organisation's ``referral_follow_up_days``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange


@dataclass(frozen=True)
class ReferralDates:
    """The current status and the key dates of one referral (stored alongside it too)."""

    status: str
    status_on: date
    referred_on: date | None = None
    accepted_on: date | None = None
    first_appointment_on: date | None = None

    @property
    def is_open(self) -> bool:
        return rs.is_open(self.status)

    @property
    def days_to_acceptance(self) -> int | None:
        return _between(self.referred_on, self.accepted_on)

    @property
    def days_to_first_appointment(self) -> int | None:
        return _between(self.referred_on, self.first_appointment_on)

    def days_waiting(self, today: date) -> int | None:
        """Days since it was made, while it is still waiting for a first appointment."""
        if self.status not in rs.AWAITING_FIRST_APPOINTMENT or self.referred_on is None:
            return None
        return max(0, (today - self.referred_on).days)

    def needs_follow_up(self, today: date, follow_up_days: int) -> bool:
        """Made and nothing heard back for at least ``follow_up_days`` days."""
        if self.status not in rs.NO_RESPONSE or self.referred_on is None:
            return False
        return (today - self.referred_on).days >= follow_up_days


def _between(start: date | None, end: date | None) -> int | None:
    return None if start is None or end is None else (end - start).days


def dates_of(history: Sequence[ReferralStatusChange]) -> ReferralDates | None:
    """The dates of a history kept in recorded order; None for an empty history."""
    if not history:
        return None
    referred = accepted = seen = None
    for change in history:
        if referred is None and change.status == rs.MADE:
            referred = change.changed_on
        if accepted is None and change.status in rs.ACCEPTANCE:
            accepted = change.changed_on
        if seen is None and change.status in rs.SEEN:
            seen = change.changed_on
    last = history[-1]
    return ReferralDates(last.status, last.changed_on, referred, accepted, seen)


@dataclass(frozen=True)
class ReferralRecord:
    """A referral with its whole history, in the order it was recorded."""

    referral: Referral
    history: tuple[ReferralStatusChange, ...]

    @property
    def dates(self) -> ReferralDates:
        found = dates_of(self.history)
        if found is None:  # every stored referral has its first status
            return ReferralDates(rs.OFFERED, self.referral.started_on)
        return found

    @property
    def status(self) -> str:
        return self.dates.status


@dataclass(frozen=True)
class ReferralSummary:
    """One line of a list of referrals across cases (the Referrals page, Today, dashboards)."""

    referral_id: int
    case_reference: str
    known_as: str | None
    destination_type: str
    organisation_name: str | None
    status: str
    status_on: date
    started_on: date
    referred_on: date | None
    days_waiting: int | None
    days_to_acceptance: int | None
    days_to_first_appointment: int | None
    needs_follow_up: bool


def summarise(
    referral: Referral,
    dates: ReferralDates,
    today: date,
    follow_up_days: int,
    known_as: str | None = None,
) -> ReferralSummary:
    assert referral.id is not None
    return ReferralSummary(
        referral_id=referral.id,
        case_reference=referral.case_reference,
        known_as=known_as,
        destination_type=referral.destination_type,
        organisation_name=referral.organisation_name,
        status=dates.status,
        status_on=dates.status_on,
        started_on=referral.started_on,
        referred_on=dates.referred_on,
        days_waiting=dates.days_waiting(today),
        days_to_acceptance=dates.days_to_acceptance,
        days_to_first_appointment=dates.days_to_first_appointment,
        needs_follow_up=dates.needs_follow_up(today, follow_up_days),
    )
