"""Where a well-being referral can go next: the referral status state machine (issue 6).

A referral starts as *offered* (the survivor is thinking about it) or *made* (sent, with their
consent). From *made* it moves forward along the service's response (acknowledged, accepted,
waiting, first appointment, ongoing) to an end. Steps the destination service skips may be
skipped here too: a GP surgery that books an appointment straight away never "acknowledges" a
referral, and making a worker record steps that did not happen would make the waits wrong.
Nothing ever moves backwards; a new attempt is a new referral.

Decisions, documented here because the timings depend on them:

- *closed* is allowed from every open status (the survivor moved away, the service closed,
  the worker lost contact): a referral never has to be forced into a status that is not true.
- *rejected* (not accepted, with a reason) is allowed at any point before the first
  appointment: services such as NHS Talking Therapies often accept a referral, assess, and only
  then say the survivor's needs are above or below their threshold.
- *ongoing* and *completed* need a first appointment first, so "days to first appointment" is
  known for every referral that was seen.
- *disengaged* (support stopped before the end) is possible once the service has accepted.
- The ends are survivor_declined, rejected, completed, disengaged and closed; an ended
  referral's status does not change again.

The codes are those of ``referral_status.json`` (a unit test keeps the two in step). The
survivor's own "no" is ``survivor_declined``: ``declined`` is reserved for unanswered questions.
"""

from __future__ import annotations

from typing import Final

OFFERED: Final = "offered"
SURVIVOR_DECLINED: Final = "survivor_declined"
MADE: Final = "made"
ACKNOWLEDGED: Final = "acknowledged"
ACCEPTED: Final = "accepted"
REJECTED: Final = "rejected"
WAITING: Final = "waiting"
FIRST_APPOINTMENT: Final = "first_appointment"
ONGOING: Final = "ongoing"
COMPLETED: Final = "completed"
DISENGAGED: Final = "disengaged"
CLOSED: Final = "closed"

STATUSES: Final = (
    OFFERED,
    SURVIVOR_DECLINED,
    MADE,
    ACKNOWLEDGED,
    ACCEPTED,
    REJECTED,
    WAITING,
    FIRST_APPOINTMENT,
    ONGOING,
    COMPLETED,
    DISENGAGED,
    CLOSED,
)
STARTING: Final = (OFFERED, MADE)
TERMINAL: Final = frozenset({SURVIVOR_DECLINED, REJECTED, COMPLETED, DISENGAGED, CLOSED})
OPEN: Final = tuple(s for s in STATUSES if s not in TERMINAL)

NEXT: Final[dict[str, tuple[str, ...]]] = {
    OFFERED: (MADE, SURVIVOR_DECLINED, CLOSED),
    MADE: (ACKNOWLEDGED, ACCEPTED, WAITING, FIRST_APPOINTMENT, REJECTED, CLOSED),
    ACKNOWLEDGED: (ACCEPTED, WAITING, FIRST_APPOINTMENT, REJECTED, CLOSED),
    ACCEPTED: (WAITING, FIRST_APPOINTMENT, REJECTED, DISENGAGED, CLOSED),
    WAITING: (FIRST_APPOINTMENT, REJECTED, DISENGAGED, CLOSED),
    FIRST_APPOINTMENT: (ONGOING, COMPLETED, DISENGAGED, CLOSED),
    ONGOING: (COMPLETED, DISENGAGED, CLOSED),
    SURVIVOR_DECLINED: (),
    REJECTED: (),
    COMPLETED: (),
    DISENGAGED: (),
    CLOSED: (),
}
"""Every allowed move, in the order a form should offer them (the likeliest first)."""

NO_RESPONSE: Final = frozenset({MADE})
"""Made, and nothing heard back yet: after a while these become follow-up reminders."""

AWAITING_FIRST_APPOINTMENT: Final = frozenset({MADE, ACKNOWLEDGED, ACCEPTED, WAITING})
"""Referred and still waiting to be seen: the statuses whose wait is still running."""

ACCEPTANCE: Final = frozenset({ACCEPTED, WAITING, FIRST_APPOINTMENT, ONGOING, COMPLETED})
"""Statuses that mean the service took the referral on (reached directly or by skipping)."""

SEEN: Final = frozenset({FIRST_APPOINTMENT})
"""The status that marks the first appointment (ongoing and completed come after it)."""

NEEDS_CONSENT: Final = frozenset({MADE})
"""Moving to these needs the survivor's consent to referrals to be in place."""

NEEDS_REASON: Final = frozenset({REJECTED})

_WORDS: Final = {
    OFFERED: "offered",
    SURVIVOR_DECLINED: "declined by the survivor",
    MADE: "made",
    ACKNOWLEDGED: "acknowledged",
    ACCEPTED: "accepted",
    REJECTED: "not accepted",
    WAITING: "on a waiting list",
    FIRST_APPOINTMENT: "at first appointment",
    ONGOING: "ongoing",
    COMPLETED: "completed",
    DISENGAGED: "stopped before the end",
    CLOSED: "closed",
}
"""How a status reads in a sentence ("a referral that is ..."); labels are for lists."""


def words(status: str) -> str:
    return _WORDS.get(status, status)


def is_open(status: str) -> bool:
    return status in NEXT and status not in TERMINAL


def allowed_next(current: str | None) -> tuple[str, ...]:
    """The statuses a referral may move to now; a new referral (``None``) may only start."""
    if current is None:
        return STARTING
    return NEXT.get(current, ())


def can_move(current: str | None, new: str) -> bool:
    return new in allowed_next(current)


def _list(statuses: tuple[str, ...]) -> str:
    named = [words(s) for s in statuses]
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " or " + named[-1]


def transition_problem(current: str | None, new: str) -> str | None:
    """Why a referral that is ``current`` cannot move to ``new``, or None when it can.

    Worded for the worker, saying what is possible instead.
    """
    if new not in NEXT:
        return "That isn't one of the referral statuses. Please pick one from the list."
    if current is None:
        if new in STARTING:
            return None
        return "A new referral starts as offered or made. Please choose one of those."
    if current not in NEXT:
        return "This referral's status isn't one the app knows, so it can't be changed here."
    if current in TERMINAL:
        return (
            f"This referral has ended ({words(current)}), so its status can't change. If the "
            "survivor would like to try again, please make a new referral."
        )
    if new == current:
        return f"The referral is already {words(current)}."
    if new in NEXT[current]:
        return None
    return (
        f"A referral that is {words(current)} can't become {words(new)}. "
        f"From here it can become {_list(NEXT[current])}."
    )
