"""Synthetic waiting-list histories: a triage priority for every case, and the contact attempts
behind each case's first attempt and first contact dates.

The case generator already decides when each case was first tried, first reached, allocated or
closed (:mod:`.generator`); this module tells the story in between. The first attempt
falls on the case's first contact attempt date and the first "spoke" on its first contact date,
so the waits derived from attempts agree with the case (and with the return). Channels follow
the survivor's safe-contact wishes: a message is left only where voicemail is safe. Priority
leans with the wait: people allocated quickly were more often triaged A, and few of those still
waiting after weeks are A.

It has its own random stream (seeded from the same seed), so adding it left every other record
exactly as it was, and it adds a few seconds to a 100,000-case vault.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from survivorapp.domain.case import WAITING
from survivorapp.domain.contact import NOT_SAFE, SAFE, SafeContact
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.domain.waiting_list import (
    LEFT_MESSAGE,
    NO_ANSWER,
    SPOKE,
    UNSAFE_TO_CONTINUE,
    VOICEMAIL,
    WRONG_NUMBER,
    ContactAttempt,
    WaitingEntry,
)
from survivorapp.services.access import VaultSession
from survivorapp.services.context import ValidationFailed
from survivorapp.services.permissions import Action, PermissionDenied, allowed
from survivorapp.vault.bulk import RecordBatch
from survivorapp.vault.connection import Connection
from survivorapp.vault.waiting_list import WaitingListQueries

VALIDATE_SAMPLE = 1000
CALL_TIMES = tuple(time(h, m) for h in range(9, 18) for m in (0, 30))
_NOBODY: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


@dataclass(frozen=True)
class CaseFacts:
    """What the waiting-list story of one case has to agree with."""

    reference: str
    referral: date
    status: str
    attempt: date | None
    first: date | None
    allocation: date | None
    closure: date | None
    worker: str | None
    safe: frozenset[str] = frozenset()
    unsafe: frozenset[str] = frozenset()


def channels_of(contact: SafeContact) -> tuple[frozenset[str], frozenset[str]]:
    """(channels marked safe, channels marked not safe or never to be used)."""
    safe = frozenset(p.channel for p in contact.channels if p.safety == SAFE)
    unsafe = frozenset(p.channel for p in contact.channels if p.safety == NOT_SAFE)
    return safe - set(contact.never_contact_via), unsafe | set(contact.never_contact_via)


class WaitingMaker:
    """Collects case facts while batches stream past, then makes the waiting-list records."""

    def __init__(self, seed: int, anchor: date, recorder: str) -> None:
        self.rng = random.Random(f"waiting-{seed}")
        self.anchor = anchor
        self.recorder = recorder
        self.facts: list[CaseFacts] = []
        self._contacts: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def watch(self, batches: Iterable[RecordBatch]) -> Iterator[RecordBatch]:
        """Pass the batches on unchanged, noting each case and its survivor's wishes."""
        for batch in batches:
            for contact in batch.safe_contacts:
                self._contacts[contact.survivor_reference] = channels_of(contact)
            for c in batch.cases:
                safe, unsafe = self._contacts.get(c.survivor_reference, _NOBODY)
                self.facts.append(
                    CaseFacts(
                        c.reference,
                        c.referral_date,
                        c.status,
                        c.first_contact_attempt_date,
                        c.first_contact_date,
                        c.allocation_date,
                        c.closure_date,
                        c.allocated_worker,
                        safe,
                        unsafe,
                    )
                )
            yield batch

    def records(self) -> tuple[list[WaitingEntry], list[ContactAttempt]]:
        entries: list[WaitingEntry] = []
        attempts: list[ContactAttempt] = []
        for facts in self.facts:
            entries.append(self._entry(facts))
            attempts.extend(self._attempts(facts))
        return entries, attempts

    def load(self, conn: Connection, vocabularies: Vocabularies, today: date) -> list[str]:
        """Make, check a sample of, and insert the records inside the caller's transaction;
        return the kinds of record loaded (for the audit entry)."""
        entries, attempts = self.records()
        referral = {f.reference: f.referral for f in self.facts}
        for entry in entries[:VALIDATE_SAMPLE]:
            if problems := entry.validate(vocabularies, today):
                raise ValidationFailed(problems)
        for attempt in attempts[:VALIDATE_SAMPLE]:
            if problems := attempt.validate(
                vocabularies, today, referral_date=referral[attempt.case_reference]
            ):
                raise ValidationFailed(problems)
        WaitingListQueries(conn).insert_many(entries, attempts)
        return [
            kind
            for kind, items in (("waiting_list", entries), ("contact_attempts", attempts))
            if items
        ]

    # --- one case -----------------------------------------------------------------------

    def _entry(self, f: CaseFacts) -> WaitingEntry:
        rng = self.rng
        end = f.allocation or f.closure or self.anchor
        span = max(0, (min(end, self.anchor) - f.referral).days)
        if f.status == WAITING and (span < 2 or rng.random() < 0.06):
            return WaitingEntry(f.reference)
        wait = span if f.allocation is None else (f.allocation - f.referral).days
        urgent = 0.35 if wait <= 10 else 0.15 if wait <= 30 else 0.04
        r = rng.random()
        priority = "a" if r < urgent else "b" if r < urgent + 0.45 else "c"
        triaged = f.referral + timedelta(days=rng.randint(0, min(span, 5)))
        return WaitingEntry(f.reference, priority, None, triaged, self.recorder)

    def _attempts(self, f: CaseFacts) -> list[ContactAttempt]:
        if f.attempt is None:
            return []
        rng = self.rng
        end = f.first or min(f.closure or self.anchor, self.anchor)
        gap = (end - f.attempt).days
        days = [f.attempt]
        if f.first is None or gap > 1:
            extra = rng.randint(0, 3) if f.first is None else rng.randint(0, min(3, gap - 1))
            low, high = (1, gap) if f.first is None else (1, gap - 1)
            if high >= low:
                days += sorted(
                    f.attempt + timedelta(days=rng.randint(low, high)) for _ in range(extra)
                )
        if f.first is not None and f.first != f.attempt:
            days.append(f.first)
        preferred = [c for c in ("phone", "text", "email") if c in f.safe] or [
            "phone" if "phone" not in f.unsafe else "text"
        ]
        voicemail = VOICEMAIL in f.safe
        who = f.worker or self.recorder
        found = []
        for index, day in enumerate(days):
            last = index == len(days) - 1
            if last and f.first is not None:
                outcome = SPOKE
            else:
                r = rng.random()
                outcome = (
                    WRONG_NUMBER
                    if r < 0.03
                    else UNSAFE_TO_CONTINUE
                    if r < 0.05
                    else LEFT_MESSAGE
                    if voicemail and r < 0.5
                    else NO_ANSWER
                )
            channel = "phone" if outcome == LEFT_MESSAGE else rng.choice(preferred)
            at = rng.choice(CALL_TIMES) if rng.random() < 0.7 else None
            found.append(ContactAttempt(f.reference, day, channel, outcome, None, at, "", who))
        return found


def backfill(session: VaultSession, *, seed: int, anchor: date | None = None) -> int:
    """Give a vault generated before waiting lists existed (a cached benchmark vault) its
    waiting-list histories; return the number of contact attempts made. Only into a vault
    whose waiting list is still empty, by someone who may generate synthetic records."""
    ctx = session.ctx
    if not (allowed(ctx.actor, Action.IMPORT_RECORDS) or allowed(ctx.actor, Action.VIEW_ALL_CASES)):
        raise PermissionDenied(Action.IMPORT_RECORDS)
    queries = WaitingListQueries(ctx.conn)
    if queries.has_entries():
        return 0
    facts = facts_from_rows(queries.synthetic_facts())
    if not facts:
        return 0
    day = min(anchor or max(f.referral for f in facts), ctx.today())
    maker = WaitingMaker(seed, day, ctx.actor.username)
    maker.facts = facts
    with ctx.write() as conn:
        kinds = maker.load(conn, ctx.vocabularies, ctx.today())
        ctx.record("generate", "synthetic", fields=kinds)
    return int(queries.attempt_count())


def facts_from_rows(rows: Sequence[Sequence[object]]) -> list[CaseFacts]:
    """Case facts from :meth:`WaitingListQueries.synthetic_facts` rows (stored JSON parsed)."""
    found = []
    for (
        reference,
        referral,
        status,
        attempt,
        first,
        allocation,
        closure,
        worker,
        chans,
        never,
    ) in rows:
        safe: set[str] = set()
        unsafe: set[str] = set(json.loads(str(never))) if never else set()
        for preference in json.loads(str(chans)) if chans else []:
            if preference.get("safety") == SAFE:
                safe.add(preference["channel"])
            elif preference.get("safety") == NOT_SAFE:
                unsafe.add(preference["channel"])
        found.append(
            CaseFacts(
                str(reference),
                _date(referral) or date.min,
                str(status),
                _date(attempt),
                _date(first),
                _date(allocation),
                _date(closure),
                None if worker is None else str(worker),
                frozenset(safe - unsafe),
                frozenset(unsafe),
            )
        )
    return found


def _date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))
