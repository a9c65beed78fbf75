"""Building one organisation's exact return for a period from the vault's aggregate queries.

Pure assembly: the counts come from ``vault.returns`` (GROUP BY in SQL, one read transaction),
the rows and labels from the vocabularies and ``resources/return/categories.json``. Every
table has the same rows in every organisation's return, including rows of 0, so returns can
be merged cell by cell. Table ids are stable (docs/return-spec.md lists them all).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence

from survivorapp.domain.progress import Progress, silent
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.reporting.categories import load_collapses
from survivorapp.reporting.model import Period, Return, Table
from survivorapp.reporting.tables import (
    activity,
    completeness,
    demand,
    feedback,
    incidents,
    justice,
    people,
    referrals,
)
from survivorapp.reporting.tables.kit import Inputs
from survivorapp.vault.returns.queries import ReturnQueries

SCHEMA_VERSION = 1
COUNTING_STEP = "Counting the figures"
"""The step a return's build reports, once as it starts reading and once per group of tables."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("demand", "Demand"),
    ("survivors", "Who is supported"),
    ("incidents", "What happened"),
    ("activity", "Service activity"),
    ("justice", "Justice journey"),
    ("referrals", "Well-being referrals"),
    ("feedback", "Feedback and outcomes"),
    ("completeness", "Data completeness"),
)
"""Section ids in the order the return shows them, with their headings."""

Builder = Callable[[Inputs], list[Table]]

BUILDERS: tuple[Builder, ...] = (
    demand.build,
    people.build,
    incidents.build,
    activity.build,
    justice.build,
    referrals.build,
    feedback.build,
    completeness.build,  # last: it describes the fields the others counted
)


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a return is built.

    A year's return makes a few hundred thousand short-lived objects (rows, events,
    journeys) and no reference cycles; each batch of allocations set off a collection that
    walked everything still alive, which cost a tenth of the build (DESIGN.md section 7).
    Memory is still freed as usual by reference counting; the collector is back on
    afterwards, as it was, even if the build fails.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def section_title(section: str) -> str:
    return dict(SECTIONS).get(section, section)


def build_return(
    queries: ReturnQueries,
    period: Period,
    vocabularies: Vocabularies,
    builders: Sequence[Builder] = BUILDERS,
    *,
    progress: Progress | None = None,
) -> Return:
    """The exact return for ``period``: every table, and the cases left out for consent.

    A year over a large vault takes seconds, so ``progress`` hears of each group of tables and
    may stop the build between them. Stopping raises :class:`~survivorapp.domain.progress.Cancelled`
    and leaves nothing behind: the read transaction and the temporary tables are closed as on any
    other error.
    """
    watch = progress or silent()
    collapses = load_collapses(vocabularies)
    total = len(builders) + 1  # reading the period's cases, then each group of tables
    watch.report(COUNTING_STEP, 0, total)
    with _without_cycle_collection(), queries.scope(period.start, period.end) as scope:
        watch.report(COUNTING_STEP, 1, total)
        inputs = Inputs(scope, period, vocabularies, collapses)
        tables: list[Table] = []
        for done, build in enumerate(builders, start=2):
            tables.extend(build(inputs))
            watch.report(COUNTING_STEP, done, total)
        excluded = scope.excluded_for_consent()
    order = {section: index for index, (section, _) in enumerate(SECTIONS)}
    tables.sort(key=lambda t: order.get(t.section, len(order)))  # stable within a section
    return Return(
        period=period,
        tables=tuple(tables),
        excluded_for_consent=excluded,
        schema_version=SCHEMA_VERSION,
    )
