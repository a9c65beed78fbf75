"""Section 4, service activity: sessions and hours, survivors supported, cases closed.

Sessions are those dated within the period, with counted cases. Hours are whole hours: the
total minutes are rounded once, and shared out over the rows by largest remainders, so hours
by mode and hours by kind add up to the same total. Survivors supported counts people, not
cases: everyone with a case open in the period, split by whether they had a session in it.
"""

from __future__ import annotations

from survivorapp.reporting.categories import Dimension
from survivorapp.reporting.model import CountTable, Table
from survivorapp.reporting.tables.kit import SURVIVORS, Inputs, apportion, count_table
from survivorapp.vault.returns import cases as returns_cases
from survivorapp.vault.returns.cases import SessionTotals

SECTION = "activity"
MINUTES_PER_HOUR = 60
SESSION_COLUMNS = (
    ("mode", "session_mode", "how they happened"),
    ("kind", "session_kind", "kind of session"),
)
"""The two ways sessions and hours are split: (column, vocabulary, words for the title)."""


def build(inputs: Inputs) -> list[Table]:
    scope = inputs.scope
    by = _by_column(returns_cases.session_totals(scope))
    hours = round(sum(t.minutes for t in by["mode"].values()) / MINUTES_PER_HOUR)
    columns = [
        (column, label, _session_dimension(inputs, column, vocabulary))
        for column, vocabulary, label in SESSION_COLUMNS
    ]
    return [
        *(
            _sessions_table(column, label, dimension, by[column])
            for column, label, dimension in columns
        ),
        *(
            _hours_table(column, label, dimension, by[column], hours)
            for column, label, dimension in columns
        ),
        _survivors_supported(*returns_cases.survivors(scope)),
        count_table(
            "activity_closures_by_reason",
            "Cases closed in the period, by the reason support ended",
            SECTION,
            Dimension.from_vocabulary(
                inputs.vocabularies["closure_reason"], unanswered=False, fallback="other"
            ),
            returns_cases.closures(scope),
            total_group="cases_closed",
        ),
    ]


def _session_dimension(inputs: Inputs, column: str, vocabulary: str) -> Dimension:
    return Dimension.from_vocabulary(
        inputs.vocabularies[vocabulary],
        unanswered=False,
        fallback="other" if column == "kind" else None,
    )


def _sessions_table(
    column: str, label: str, dimension: Dimension, totals: dict[str, SessionTotals]
) -> CountTable:
    return count_table(
        f"activity_sessions_by_{column}",
        f"Sessions in the period, by {label}",
        SECTION,
        dimension,
        {code: t.sessions for code, t in totals.items()},
        total_group="sessions",
        unit="sessions",
    )


def _hours_table(
    column: str, label: str, dimension: Dimension, totals: dict[str, SessionTotals], hours: int
) -> CountTable:
    """The rounded total ``hours`` shared over the rows in proportion to their minutes."""
    row_minutes = dimension.tally({code: t.minutes for code, t in totals.items()})
    shares = apportion(hours, row_minutes)
    return count_table(
        f"activity_hours_by_{column}",
        f"Hours of support in the period, by {label}",
        SECTION,
        dimension,
        dict(zip(dimension.codes, shares, strict=True)),
        total_group="session_hours",
        unit="hours",
        notes="Whole hours: the total is rounded once and shared over the rows.",
    )


def _survivors_supported(everyone: int, seen: int) -> CountTable:
    return count_table(
        "activity_survivors_supported",
        "Survivors supported (people, not cases)",
        SECTION,
        Dimension.of(
            "contact_in_period",
            (
                ("had_session", "Had a session in the period"),
                ("no_session", "Case open, no session in the period"),
            ),
        ),
        {"had_session": seen, "no_session": everyone - seen},
        total_group=SURVIVORS,
        unit="survivors",
    )


def _by_column(
    totals: dict[tuple[str, str], SessionTotals],
) -> dict[str, dict[str, SessionTotals]]:
    """Totals by (mode, kind) summed to totals by mode and totals by kind."""
    by: dict[str, dict[str, SessionTotals]] = {"mode": {}, "kind": {}}
    for (mode, kind), found in totals.items():
        for column, code in (("mode", mode), ("kind", kind)):
            before = by[column].get(code, SessionTotals(0, 0))
            by[column][code] = SessionTotals(
                before.sessions + found.sessions, before.minutes + found.minutes
            )
    return by
