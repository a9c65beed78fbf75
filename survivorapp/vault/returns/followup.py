"""The return's reads of well-being referrals and survivor feedback, over a ``ReturnScope``.

Referrals counted are those of counted cases started during the period, with their status as
it stood on its last day (the latest change on or before it). Waits use the dates stored with
each referral (worked out from its history when it was written, ``domain.referrals.waits``).

Feedback is read per item and answer inside SQL (``json_each``), so an open comment, which
is the survivor's own words, is never read for a return. Anonymous feedback (given with no
case) counts with the feedback of counted cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from survivorapp.vault.returns.queries import ReturnScope

IN_SCOPE: Final = "case_reference IN (SELECT reference FROM temp.return_cases)"
_REFERRAL_STEPS: Final = frozenset({"accepted_on", "first_appointment_on"})


def referrals_by_status(scope: ReturnScope) -> dict[tuple[str, str], int]:
    """(destination type, status on the last day) -> referrals started in the period."""
    start, end = scope.span
    rows = scope.rows(
        "SELECT r.destination_type, x.status, count(*) FROM referrals r JOIN "
        "(SELECT c.referral_id, c.status, row_number() OVER (PARTITION BY c.referral_id "
        "ORDER BY c.changed_on DESC, c.id DESC) AS latest FROM referral_status_changes c "
        "WHERE c.changed_on <= ? AND c.referral_id IN (SELECT id FROM referrals "
        f"WHERE {IN_SCOPE} AND started_on BETWEEN ? AND ?)) x "
        "ON x.referral_id = r.id AND x.latest = 1 GROUP BY 1, 2",
        (end, start, end),
    )
    return {(str(kind), str(status)): int(n) for kind, status, n in rows}


def referral_wait_days(scope: ReturnScope, step: str) -> dict[int, int]:
    """Days from a referral being made to ``step``, for steps reached in the period."""
    if step not in _REFERRAL_STEPS:
        raise ValueError(f"not a referral step: {step}")
    rows = scope.rows(
        f'SELECT CAST(julianday("{step}") - julianday(referred_on) AS INTEGER), count(*) '
        f"FROM referrals WHERE {IN_SCOPE} AND referred_on IS NOT NULL "
        f'AND "{step}" BETWEEN ? AND ? GROUP BY 1',
        scope.span,
    )
    return {int(days): int(n) for days, n in rows}


def feedback_answers(
    scope: ReturnScope, instrument_id: str, version: int, items: Sequence[str]
) -> tuple[int, dict[tuple[str, str], int]]:
    """(administrations in the period, (item, answer as text) -> count) for the given items.

    Anonymous feedback counts too; feedback on a case counts only for a counted case.
    """
    start, end = scope.span
    where = (
        "f.instrument_kind = 'service_feedback' AND f.administered_on BETWEEN ? AND ? "
        "AND f.instrument_id = ? AND f.instrument_version = ? "
        f"AND (f.case_reference IS NULL OR f.{IN_SCOPE})"
    )
    params = (start, end, instrument_id, version)
    total = scope.scalar(f"SELECT count(*) FROM feedback_administrations f WHERE {where}", params)
    if not items:
        return total, {}
    marks = ",".join("?" for _ in items)
    rows = scope.rows(
        "SELECT j.key, CAST(j.value AS TEXT), count(*) FROM feedback_administrations f, "
        f"json_each(f.responses) j WHERE {where} AND j.key IN ({marks}) GROUP BY 1, 2",
        (*params, *items),
    )
    return total, {(str(item), str(value)): int(n) for item, value, n in rows}


def outcome_scores(scope: ReturnScope) -> dict[str, list[tuple[str, str, date, float]]]:
    """Per outcome measure: (case, timepoint, date, total score) of every scored
    administration for a counted case up to the period's end, in case then date order."""
    rows = scope.rows(
        "SELECT instrument_id, case_reference, timepoint, administered_on, score_total "
        "FROM feedback_administrations WHERE instrument_kind = 'outcome_measure' "
        "AND administered_on <= ? AND score_status = 'scored' AND score_total IS NOT NULL "
        f"AND {IN_SCOPE} ORDER BY instrument_id, case_reference, administered_on, id",
        (scope.span[1],),
    )
    found: dict[str, list[tuple[str, str, date, float]]] = {}
    for measure, case, point, day, total in rows:
        found.setdefault(str(measure), []).append(
            (str(case), str(point), date.fromisoformat(day), float(total))
        )
    return found
