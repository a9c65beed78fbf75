"""The return's counts of the counted cases themselves, over a ``ReturnScope``.

Section 1 (demand) and section 4 (activity) count the cases by their own columns: referrals
received by source and service line, new and known survivors, the waiting list on the last
day, completed waits, closures; and their sessions and the people who had them. Each is one
GROUP BY over the in-memory table of counted cases that ``ReturnScope`` builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from survivorapp.vault.returns.queries import ReturnScope, tally

_CASE_COLUMNS: Final = frozenset({"referral_source", "service_line", "closure_reason"})
_WAIT_STEPS: Final = frozenset({"first_contact_date", "allocation_date"})


@dataclass(frozen=True)
class SessionTotals:
    """Sessions of one kind (or mode, or both) and their minutes."""

    sessions: int
    minutes: int


def case_counts(scope: ReturnScope, column: str, *, received_only: bool) -> dict[str, int]:
    """Counted cases by a case column; ``received_only`` keeps those referred in the period."""
    if column not in _CASE_COLUMNS:
        raise ValueError(f"not a countable case column: {column}")
    rows = scope.rows(
        f'SELECT "{column}", count(*) FROM temp.return_cases '
        "WHERE (? = 0 OR received = 1) GROUP BY 1",
        (int(received_only),),
    )
    return tally(rows)


def new_and_known_survivors(scope: ReturnScope) -> dict[str, int]:
    """Counted survivors by whether their first case with the service (counted or not)
    was referred during the period ("new") or earlier ("known_before")."""
    # A counted case referred before the period already makes its survivor known before;
    # only the others need a look at the survivor's cases that are not counted.
    rows = scope.rows(
        "SELECT new, count(*) FROM (SELECT CASE WHEN min(r.referral_date) < ?1 THEN 0 "
        "ELSE NOT EXISTS (SELECT 1 FROM cases c WHERE c.survivor_reference = "
        "r.survivor_reference AND c.referral_date < ?1) END AS new "
        "FROM temp.return_cases r GROUP BY r.survivor_reference) GROUP BY 1",
        (scope.span[0],),
    )
    found = {"new": 0, "known_before": 0}
    for new, count in rows:
        found["new" if new else "known_before"] += int(count)
    return found


def waiting_at_end(scope: ReturnScope) -> dict[str, int]:
    """Counted cases still waiting on the period's last day (not allocated, not closed),
    by service line."""
    rows = scope.rows(
        "SELECT service_line, count(*) FROM temp.return_cases "
        "WHERE (allocation_date IS NULL OR allocation_date > ?) "
        "AND (closure_date IS NULL OR closure_date > ?) GROUP BY 1",
        (scope.span[1], scope.span[1]),
    )
    return tally(rows)


def wait_days(scope: ReturnScope, step: str) -> dict[int, int]:
    """Days from referral to ``step`` for counted cases that reached it in the period."""
    if step not in _WAIT_STEPS:
        raise ValueError(f"not a process step: {step}")
    rows = scope.rows(
        f'SELECT CAST(julianday("{step}") - julianday(referral_date) AS INTEGER), '
        f'count(*) FROM temp.return_cases WHERE "{step}" BETWEEN ? AND ? GROUP BY 1',
        scope.span,
    )
    return {int(days): int(count) for days, count in rows}


def closures(scope: ReturnScope) -> dict[str, int]:
    """Counted cases closed in the period, by the reason support ended."""
    rows = scope.rows(
        "SELECT closure_reason, count(*) FROM temp.return_cases "
        "WHERE closure_date BETWEEN ? AND ? GROUP BY 1",
        scope.span,
    )
    return tally(rows)


def survivors(scope: ReturnScope) -> tuple[int, int]:
    """(distinct survivors counted, of whom had a session in the period)."""
    everyone = scope.scalar("SELECT count(DISTINCT survivor_reference) FROM temp.return_cases")
    seen = scope.scalar(
        "SELECT count(DISTINCT r.survivor_reference) FROM temp.return_cases r "
        "WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.case_reference = r.reference "
        "AND s.session_date BETWEEN ? AND ?)",
        scope.span,
    )
    return everyone, seen


def session_totals(scope: ReturnScope) -> dict[tuple[str, str], SessionTotals]:
    """Sessions in the period with counted cases, and their minutes, by (mode, kind).

    Walks the counted cases and each one's sessions by the (case, date) index: faster
    than every session of the period probed against the cases (CROSS JOIN fixes that
    order).
    """
    rows = scope.rows(
        "SELECT s.mode, s.kind, count(*), sum(s.duration_minutes) "
        "FROM temp.return_cases r CROSS JOIN sessions s ON s.case_reference = r.reference "
        "WHERE s.session_date BETWEEN ? AND ? GROUP BY 1, 2",
        scope.span,
    )
    return {
        (str(mode), str(kind)): SessionTotals(int(n), int(minutes or 0))
        for mode, kind, n, minutes in rows
    }
