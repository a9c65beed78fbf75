"""Today and the Waiting list on the large vault: ``session.dashboard.today()`` must answer in
under 300 ms (issue 6), for a manager (the whole service) and for a caseworker (their own day).

Run from ``bench_ui`` on its vault (so ``make bench`` pays for one 100,000-case vault, not
two). A vault cached before waiting lists existed gets its synthetic waiting-list histories
first (``synthetic_waiting.backfill``), so the figures include real contact attempts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from benchmarks.common import Context, Row, median, ms, p95, time_once
from survivorapp.services.access import VaultSession
from survivorapp.services.permissions import Actor, Role

BUDGET = "<=300 ms p95"
SEED = 2016


def _as(session: VaultSession, username: str) -> VaultSession:
    row = next(u for u in session.accounts.list() if u.username == username)
    return VaultSession(session.vault, Actor(row.username, frozenset(Role(r) for r in row.roles)))


def _frontline(session: VaultSession) -> VaultSession | None:
    """The caseworker or ISVA with the most open cases: the heaviest frontline Today."""
    loads = session.waiting_list.workers()
    if not loads:
        return None
    return _as(session, max(loads, key=lambda w: w.open_cases).username)


def _timed(
    label: str, call: Callable[[], object], repeats: int, note: str, budget: str = BUDGET
) -> list[Row]:
    cold = time_once(call)
    samples = [time_once(call) for _ in range(repeats)]
    return [
        Row(f"{label} (p50)", ms(median(samples)), "ms", "-", f"first call {ms(cold):.0f} ms"),
        Row(f"{label} (p95)", ms(p95(samples)), "ms", budget, f"{repeats} runs; {note}"),
    ]


def today_rows(ctx: Context, session: VaultSession) -> list[Row]:
    from survivorapp.services.synthetic import waiting as synthetic_waiting

    made = synthetic_waiting.backfill(session, seed=SEED)
    repeats = 5 if ctx.quick else 10
    rows: list[Row] = []
    if made:
        rows.append(Row("waiting-list histories added", made, "attempts", "", "older cache"))
    for who, actor in (("manager", session), ("caseworker", _frontline(session))):
        if actor is None:
            continue
        mine = actor.dashboard.today()
        note = (
            f"{mine.manager.waiting_count:,} waiting, {len(mine.manager.caseload)} workers"
            if mine.manager
            else f"{actor.actor.username}: {mine.tasks_due_count:,} tasks due"
        )
        rows += _timed(f"Today, {who}: dashboard.today()", actor.dashboard.today, repeats, note)
        rows += _timed(
            "  first paint: today(hearings=False)",
            partial(actor.dashboard.today, hearings=False),
            repeats,
            "what the page shows before the diary",
        )
        rows += _timed(
            "  then: dashboard.hearings()",
            actor.dashboard.hearings,
            repeats,
            f"{len(mine.hearings)} hearings and deadlines (justice.diary, mine only)",
            "-",
        )
    overview = session.waiting_list.overview()
    rows += [
        Row(
            "Waiting list page: waiting_list.overview()",
            ms(median([time_once(session.waiting_list.overview) for _ in range(repeats)])),
            "ms",
            "-",
            f"median of {repeats}; {len(overview.rows):,} rows and the service's waiting times",
        )
    ]
    return rows
