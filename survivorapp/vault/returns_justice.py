"""The return's reads of the justice journey, over the counted cases of a ``ReturnScope``.

Matters come with their events and the survivor's positions, read set-based (three queries,
whatever the number of matters) so that ``domain.justice_derive`` can work each journey out
as it stood on the period's last day. Free text (notes, the court's name) and crime references
are never read for a return: matters and events carry only what the derivation works from.
Special measures and the Victim Personal Statement are counted in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from survivorapp.domain.justice import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice_diary import MatterRecord
from survivorapp.vault.connection import translated_errors
from survivorapp.vault.returns import ReturnScope

MATTERS_IN_SCOPE: Final = "m.case_reference IN (SELECT reference FROM temp.return_cases)"
_EVENTS_SQL: Final = (
    'SELECT x.matter_id, x.event_type, x.event_date, x.outcome_code, x.defendant, x."count", '
    "x.hearing_date, x.supersedes, x.id, x.recorded_on "
    f"FROM justice_events x JOIN justice_matters m ON m.id = x.matter_id WHERE {MATTERS_IN_SCOPE} "
    "AND (x.event_date <= ? OR x.supersedes IS NOT NULL)"
)
"""Events after the period's end are not counted (the journey as it stood then), except a
correction, which still takes the event it corrects out of the journey."""


def matters(scope: ReturnScope) -> list[MatterRecord]:
    """Every justice matter of a counted case, with its events and the survivor's positions."""
    conn = scope.conn
    parse = date.fromisoformat
    with translated_errors():
        found = [
            JusticeMatter(case, matter_id, date_reported=parse(reported) if reported else None)
            for matter_id, case, reported in conn.execute(
                "SELECT m.id, m.case_reference, m.date_reported "
                f"FROM justice_matters m WHERE {MATTERS_IN_SCOPE} ORDER BY m.id"
            )
        ]
        events: dict[int, list[JusticeEvent]] = defaultdict(list)
        day_of = _Dates()
        for row in conn.execute(_EVENTS_SQL, (scope.span[1],)):
            events[row[0]].append(lean_event(row, day_of))
        positions: dict[int, list[SurvivorPosition]] = defaultdict(list)
        for matter_id, position, recorded_on in conn.execute(
            "SELECT x.matter_id, x.position, x.recorded_on FROM survivor_positions x "
            f"JOIN justice_matters m ON m.id = x.matter_id WHERE {MATTERS_IN_SCOPE} "
            "ORDER BY x.matter_id, x.id"
        ):
            positions[matter_id].append(SurvivorPosition(matter_id, position, parse(recorded_on)))
    return [
        MatterRecord(
            matter=matter,
            events=tuple(events.get(matter.id or 0, ())),
            positions=tuple(positions.get(matter.id or 0, ())),
            special_measures=(),
            vps=None,
            court_support=None,
        )
        for matter in found
    ]


class _Dates(dict[str, date]):
    """ISO date text to date, each distinct text parsed once (events share few dates)."""

    def __missing__(self, text: str) -> date:
        parsed = self[text] = date.fromisoformat(text)
        return parsed


def lean_event(row: Sequence[Any], day_of: Mapping[str, date]) -> JusticeEvent:
    """An event from a row of ``_EVENTS_SQL``: all the derivation reads, and no free text
    (who told us, the note and the court are left empty; a test checks the rest)."""
    hearing, recorded = row[6], row[9]
    return JusticeEvent(
        row[0],
        row[1],
        day_of[row[2]],
        "",
        "",
        row[3],
        row[4],
        row[5],
        None,
        day_of[hearing] if hearing else None,
        None,
        row[7],
        row[8],
        day_of[recorded] if recorded else None,
    )


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
