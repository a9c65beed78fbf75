"""Realistic synthetic case records for the demo vault, benchmarks and tests.

Same seed, same vault users and same anchor date give the same records. All randomness comes
from one ``random.Random(seed)``. Dates fall in the three years up to a fixed anchor
(:data:`DEFAULT_ANCHOR`, 30 September 2026, the end of a reporting half-year), never counted
from the clock, so the data do not drift from day to day; the anchor is capped at today, so no
event date is ever in the future even on a machine whose clock is behind. Reminders (tasks)
may fall due up to four weeks after the anchor, as real reminders do.

The pieces: :mod:`.generator` (cases, their process dates, sessions, consent, tasks),
:mod:`.team` (who cases go to), :mod:`.people` (survivors), :mod:`.incidents` (what happened,
in categories) and the ``distributions`` modules (every distribution and where it comes
from). Session notes come from a small bank of neutral phrases about the support itself:
nothing about what happened to anyone.

Bulk data do not go through the per-record service calls (each writes an audit entry and
commits): :func:`populate` checks the permission, validates a sample of every kind of record
and loads everything through :mod:`survivorapp.vault.bulk` in one transaction with one audit
entry ("generate", "synthetic", naming the kinds of record created).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from survivorapp.domain.errors import EXIT_USAGE, UserFacingError
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.services.access import VaultSession
from survivorapp.services.context import ValidationFailed
from survivorapp.services.permissions import Action, Actor, PermissionDenied, allowed
from survivorapp.services.synthetic.demo_defaults import DEMO_PASSPHRASE
from survivorapp.services.synthetic.feedback import FeedbackMaker
from survivorapp.services.synthetic.generator import BATCH_CASES, Generator
from survivorapp.services.synthetic.referrals import ReferralMaker
from survivorapp.services.synthetic.team import LINES_BY_ROLE, StaffMember, Team, team_from
from survivorapp.services.synthetic.waiting import WaitingMaker
from survivorapp.vault import bulk, interchange
from survivorapp.vault.bulk import LoadCounts, RecordBatch
from survivorapp.vault.connection import Connection
from survivorapp.vault.interchange import InterchangeStore

__all__ = [
    "DEFAULT_ANCHOR",
    "DEMO_STAFF",
    "Generator",
    "StaffMember",
    "SyntheticSummary",
    "Team",
    "VaultNotEmpty",
    "add_demo_staff",
    "populate",
    "team_from",
]

DEFAULT_ANCHOR = date(2026, 9, 30)
VALIDATE_SAMPLE = 1000


class VaultNotEmpty(UserFacingError):
    """Synthetic records go only into a vault without cases (references would collide)."""

    exit_code = EXIT_USAGE

    user_message = (
        "This vault already holds cases. Synthetic records can only be added to an empty vault."
    )

    def __init__(self) -> None:
        super().__init__(self.user_message)


@dataclass(frozen=True)
class SyntheticSummary:
    seed: int
    anchor: date
    survivors: int
    cases: int
    incidents: int
    sessions: int
    consents: int
    tasks: int
    safe_contacts: int
    staff_added: tuple[str, ...]
    referrals: int = 0
    contact_attempts: int = 0
    feedback: int = 0


# --- staff ----------------------------------------------------------------------------------


DEMO_STAFF = (
    StaffMember("alex.caseworker", "Alex (caseworker)", ("caseworker",), ("counselling",)),
    StaffMember(
        "charlie.caseworker",
        "Charlie (caseworker)",
        ("caseworker",),
        ("advocacy", "helpline", "other"),
    ),
    StaffMember("jo.counsellor", "Jo (counsellor)", ("caseworker",), ("counselling",)),
    StaffMember("sam.isva", "Sam (ISVA)", ("isva",), ("isva",)),
    StaffMember("priya.isva", "Priya (ISVA)", ("isva",), ("isva",)),
    StaffMember(
        "morgan.isva", "Morgan (children and young people's ISVA)", ("isva",), ("cyp_isva",)
    ),
    StaffMember("rowan.admin", "Rowan (administrator)", ("admin",)),
)


def add_demo_staff(session: VaultSession, passphrase: str) -> tuple[str, ...]:
    """Create the demo team's accounts that do not exist yet (only an admin may add users)."""
    if not allowed(session.actor, Action.MANAGE_USERS):
        return ()
    existing = {row.username.casefold() for row in session.accounts.list()}
    added = []
    for member in DEMO_STAFF:
        if member.username.casefold() not in existing:
            session.accounts.add(member.username, member.display_name, member.roles, passphrase)
            added.append(member.username)
    return tuple(added)


def _vault_team(session: VaultSession) -> Team:
    demo = {m.username.casefold(): m for m in DEMO_STAFF}
    staff = []
    for row in session.accounts.list():
        if not row.active:
            continue
        member = demo.get(row.username.casefold())
        lines = member.service_lines if member else ()
        if not lines:
            lines = tuple(line for r in row.roles for line in LINES_BY_ROLE.get(r, ()))
        staff.append(StaffMember(row.username, row.display_name, row.roles, lines))
    return team_from(staff, session.actor.username)


# --- the service call -----------------------------------------------------------------------


def _require_may_generate(actor: Actor) -> None:
    """Administrators (who may import records) and managers (who see every case)."""
    if not (allowed(actor, Action.IMPORT_RECORDS) or allowed(actor, Action.VIEW_ALL_CASES)):
        raise PermissionDenied(Action.IMPORT_RECORDS)


def populate(
    session: VaultSession,
    *,
    cases: int,
    seed: int,
    anchor: date | None = None,
    staff_passphrase: str = DEMO_PASSPHRASE,
    batch_cases: int = BATCH_CASES,
) -> SyntheticSummary:
    """Fill an empty vault with ``cases`` synthetic cases and the demo team's accounts."""
    ctx = session.ctx
    _require_may_generate(ctx.actor)
    if cases < 0:
        raise ValueError("the number of cases can't be negative")
    if bulk.case_count(ctx.conn):
        raise VaultNotEmpty()
    added = add_demo_staff(session, staff_passphrase)
    day = min(anchor or DEFAULT_ANCHOR, ctx.today())
    generator = Generator(
        seed=seed, anchor=day, team=_vault_team(session), vocabularies=ctx.vocabularies
    )
    checked = _validated(generator.batches(cases, batch_cases), ctx.vocabularies, ctx.today())
    waiting = WaitingMaker(seed, day, ctx.actor.username)  # the waiting list's own story
    referrals = ReferralMaker(seed, day, ctx.actor.username)  # well-being referrals, ditto
    feedback = FeedbackMaker(seed, day, ctx.actor.username)  # outcome measures, feedback
    with ctx.write() as conn:
        counts = bulk.load(conn, feedback.watch(referrals.watch(waiting.watch(checked))))
        loaded = waiting.load(conn, ctx.vocabularies, ctx.today())
        loaded += referrals.load(conn, ctx.vocabularies, ctx.today())
        loaded += feedback.load(conn, ctx.vocabularies, ctx.today())
        ctx.record("generate", "synthetic", fields=[*counts.nonzero(), *loaded])
        made, attempts, answered = _support_counts(conn)
    bulk.checkpoint(ctx.conn)
    summary = _summary(seed, day, counts, added)
    return replace(summary, referrals=made, contact_attempts=attempts, feedback=answered)


def _support_counts(conn: Connection) -> tuple[int, int, int]:
    """Referrals, contact attempts and feedback questionnaires in the vault (for the summary)."""
    stored = InterchangeStore(conn)
    feedback = stored.count(interchange.FEEDBACK_ADMINISTRATIONS)
    feedback += stored.count(interchange.ANONYMOUS_FEEDBACK)
    return stored.count(interchange.REFERRALS), stored.count(interchange.CONTACT_ATTEMPTS), feedback


def _summary(seed: int, day: date, counts: LoadCounts, added: tuple[str, ...]) -> SyntheticSummary:
    return SyntheticSummary(
        seed=seed,
        anchor=day,
        survivors=counts.survivors,
        cases=counts.cases,
        incidents=counts.incidents,
        sessions=counts.sessions,
        consents=counts.consents,
        tasks=counts.tasks,
        safe_contacts=counts.safe_contacts,
        staff_added=added,
    )


def _validated(
    batches: Iterable[RecordBatch], vocabularies: Vocabularies, today: date
) -> Iterator[RecordBatch]:
    """Validate the first :data:`VALIDATE_SAMPLE` records of each kind, then pass all through.

    Validating every record would cost more than generating it; the sample guards the bulk
    path (which skips the services' per-record validation) against a generator mistake.
    """
    remaining: dict[str, int] = {}
    for batch in batches:
        for kind in ("survivors", "safe_contacts", "cases", "incidents", "sessions", "consents"):
            left = remaining.setdefault(kind, VALIDATE_SAMPLE)
            for entity in getattr(batch, kind)[:left]:
                problems = entity.validate(vocabularies, today)
                if problems:
                    raise ValidationFailed(problems)
            remaining[kind] = max(0, left - len(getattr(batch, kind)))
        for task in batch.tasks[: remaining.setdefault("tasks", VALIDATE_SAMPLE)]:
            if problems := task.validate(vocabularies, today):
                raise ValidationFailed(problems)
        remaining["tasks"] = max(0, remaining["tasks"] - len(batch.tasks))
        left = remaining.setdefault("justice", VALIDATE_SAMPLE)
        for record in batch.justice_matters[:left]:
            for entity in (
                record.matter,
                *record.events,
                *record.positions,
                *record.special_measures,
                *(x for x in (record.vps, record.court_support) if x is not None),
            ):
                if problems := entity.validate(vocabularies, today):
                    raise ValidationFailed(problems)
        remaining["justice"] = max(0, left - len(batch.justice_matters))
        yield batch
