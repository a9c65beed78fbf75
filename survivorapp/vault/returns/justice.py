"""The return's reads of the justice journey, over the counted cases of a ``ReturnScope``.

Matters come with their events and the survivor's positions, read set-based (three queries,
whatever the number of matters) so that ``domain.justice.derive`` can work each journey out
as it stood on the period's last day; they are handed over one matter at a time. Free text
(notes, the court's name) and crime references are never read for a return: matters and
events carry only what the derivation works from. Special measures and the Victim Personal
Statement are counted in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, Final, NamedTuple

from survivorapp.domain.justice.records import JusticeEvent, SurvivorPosition
from survivorapp.vault.connection import translated_errors
from survivorapp.vault.returns.queries import ReturnScope

MATTERS_IN_SCOPE: Final = "m.case_reference IN (SELECT reference FROM temp.return_cases)"
_EVENTS_SQL: Final = (
    'SELECT x.matter_id, x.event_type, x.event_date, x.outcome_code, x.defendant, x."count", '
    "x.hearing_date, x.supersedes, x.id, x.recorded_on "
    f"FROM justice_events x JOIN justice_matters m ON m.id = x.matter_id WHERE {MATTERS_IN_SCOPE} "
    "AND (x.event_date <= ? OR x.supersedes IS NOT NULL)"
)
"""Events after the period's end are not counted (the journey as it stood then), except a
correction, which still takes the event it corrects out of the journey."""
_MATTER_ORDER: Final = "ORDER BY m.case_reference, m.id"


class MatterEvents(NamedTuple):
    """One matter of a counted case: only what the derivation works from.

    (A named tuple rather than a ``MatterRecord``: a year's return reads tens of thousands.)
    """

    case_reference: str
    date_reported: date | None
    events: list[JusticeEvent]
    positions: list[SurvivorPosition]


def matters(scope: ReturnScope) -> Iterator[MatterEvents]:
    """Every justice matter of a counted case, with its events and the survivor's positions.

    One matter at a time, in case then matter order: the events come in that same order
    (the query's plan gives it without sorting), so each matter's events are gathered as
    they stream past and a year's 135,000 events are never all held at once.
    """
    conn = scope.conn
    day_of = _Dates()
    with translated_errors():
        positions: dict[int, list[SurvivorPosition]] = defaultdict(list)
        for matter_id, position, recorded_on in conn.execute(
            "SELECT x.matter_id, x.position, x.recorded_on FROM survivor_positions x "
            f"JOIN justice_matters m ON m.id = x.matter_id WHERE {MATTERS_IN_SCOPE} "
            "ORDER BY x.matter_id, x.id"
        ):
            positions[matter_id].append(SurvivorPosition(matter_id, position, day_of[recorded_on]))
        found = conn.execute(
            "SELECT m.id, m.case_reference, m.date_reported "
            f"FROM justice_matters m WHERE {MATTERS_IN_SCOPE} {_MATTER_ORDER}"
        ).fetchall()
        events = groupby(
            conn.execute(f"{_EVENTS_SQL} {_MATTER_ORDER}", (scope.span[1],)), itemgetter(0)
        )
        pending = next(events, None)
        for matter_id, case, reported in found:
            mine: list[JusticeEvent] = []
            if pending is not None and pending[0] == matter_id:
                mine = [lean_event(row, day_of) for row in pending[1]]
                pending = next(events, None)
            yield MatterEvents(
                case, day_of[reported] if reported else None, mine, positions.get(matter_id, [])
            )
        if pending is not None:
            raise RuntimeError("justice events came in a different order from their matters")


class _Dates(dict[str, date]):
    """ISO date text to date, each distinct text parsed once (events share few dates)."""

    def __missing__(self, text: str) -> date:
        parsed = self[text] = date.fromisoformat(text)
        return parsed


_new_event = object.__new__


def lean_event(row: Sequence[Any], day_of: Mapping[str, date]) -> JusticeEvent:
    """An event from a row of ``_EVENTS_SQL``: all the derivation reads, and no free text
    (who told us, the note and the court are left empty; a test checks the rest).

    Made without ``JusticeEvent.__init__``, by filling the new instance's fields directly:
    a frozen dataclass's ``__init__`` sets each of its 14 fields through
    ``object.__setattr__``, which was a fifth of a year's return over 135,000 events. The
    result is an ordinary ``JusticeEvent``, equal to one built normally (a test checks).
    """
    hearing, recorded = row[6], row[9]
    event: JusticeEvent = _new_event(JusticeEvent)
    event.__dict__.update(
        {
            "matter_id": row[0],
            "event_type": row[1],
            "event_date": day_of[row[2]],
            "informed_by": "",
            "note": "",
            "outcome_code": row[3],
            "defendant": row[4],
            "count": row[5],
            "reason": None,
            "hearing_date": day_of[hearing] if hearing else None,
            "court": None,
            "supersedes": row[7],
            "id": row[8],
            "recorded_on": day_of[recorded] if recorded else None,
        }
    )
    return event


def special_measures_granted(scope: ReturnScope) -> dict[str, int]:
    """Matters of counted cases by each special measure granted by the period's end (the
    latest status of each measure on or before that day; a later record wins a tie)."""
    rows = scope.rows(
        "SELECT measure, count(*) FROM (SELECT x.matter_id, x.measure, x.status, "
        "row_number() OVER (PARTITION BY x.matter_id, x.measure "
        "ORDER BY x.status_date DESC, x.id DESC) AS latest "
        "FROM special_measures x JOIN justice_matters m ON m.id = x.matter_id "
        f"WHERE {MATTERS_IN_SCOPE} AND x.status_date <= ?) "
        "WHERE latest = 1 AND status = 'granted' GROUP BY 1",
        (scope.span[1],),
    )
    return {str(code): int(n) for code, n in rows}


def vps_status(scope: ReturnScope) -> dict[str, int]:
    """Matters of counted cases by their Victim Personal Statement on the period's end."""
    end = scope.span[1]
    rows = scope.rows(
        "SELECT CASE WHEN v.updated_on <= ? THEN 'updated' WHEN v.made_on <= ? THEN 'made' "
        "WHEN v.offered_on <= ? THEN 'offered' ELSE 'not_offered' END, count(*) "
        "FROM justice_matters m LEFT JOIN victim_personal_statements v "
        f"ON v.matter_id = m.id WHERE {MATTERS_IN_SCOPE} GROUP BY 1",
        (end, end, end),
    )
    return {str(code): int(n) for code, n in rows}
