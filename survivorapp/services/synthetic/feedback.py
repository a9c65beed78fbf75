"""Synthetic outcome measures and service feedback for the demo vault and benchmarks.

Cases whose support ran in the last 18 months get outcome measures by service line
(counselling most often, with PHQ-9 and GAD-7 or the PCL-5; some ISVA and advocacy cases; none
on the helpline): an intake soon after allocation, reviews about every six weeks while support
runs in most of them (some missed, so the due list has overdue reviews), and an exit measure at
most planned endings. Scores start spread around the moderate band and improve on average by a
point or two per review, with noise, so some people get worse; item answers are drawn around
each target so totals, bands, pro-rating and "not scorable" all occur (an item is sometimes
skipped or "prefer not to answer"). Service feedback is given at some endings in that time
(mostly positive, as services report), and some anonymous feedback after group sessions over
the last year. Scores are worked out by the real scoring engine.

Like the waiting list, it has its own random stream (seeded from the same seed), so adding it
left every other record as it was. It makes about 50,000 administrations for 100,000 cases, in
a few seconds.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from survivorapp.domain.case import CLOSED
from survivorapp.domain.questionnaires.administrations import (
    NO_SCORE,
    NOT_SCORABLE,
    SCORED,
    Administration,
)
from survivorapp.domain.questionnaires.instruments import (
    Instrument,
    InstrumentRegistry,
    shipped_instruments,
)
from survivorapp.domain.questionnaires.scoring import DECLINED, Score, raised_flags, score
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.services.context import ValidationFailed
from survivorapp.vault import feedback as feedback_vault
from survivorapp.vault.bulk import RecordBatch
from survivorapp.vault.connection import Connection

VALIDATE_SAMPLE = 1000
REVIEW_DAYS = 42
MAX_REVIEWS = 6
RECENT = timedelta(days=548)
"""Outcome measures for support that ran in the last 18 months (what demos and a year's return
look at); older closed cases have none, which keeps a 100,000-case vault quick to make."""
# Share of cases (whose support began) measured, and which measures, by service line.
MEASURED = {"counselling": 0.5, "isva": 0.15, "advocacy": 0.15}
MEASURES = {
    "counselling": ((0.3, ("phq9", "gad7")), (0.7, ("phq9",)), (1.0, ("pcl5",))),
    "isva": ((0.6, ("pcl5",)), (1.0, ("phq9",))),
    "advocacy": ((1.0, ("gad7",)),),
}
BASELINE = {"phq9": (14.0, 5.0), "gad7": (12.0, 4.5), "pcl5": (45.0, 14.0)}  # mean, sd
IMPROVEMENT = {"phq9": 1.6, "gad7": 1.3, "pcl5": 5.0}  # mean fall per review
AGREE = ((0.55, 5), (0.85, 4), (0.93, 3), (0.97, 2), (1.0, 1))
COMMENTS = (
    "Thank you for listening to me.",
    "I felt believed from the very first call.",
    "Waiting for support to start was hard.",
    "Evening appointments would help people who work.",
    "My worker explained everything clearly.",
    "It helped to know what would happen at court.",
    "I would have liked more sessions.",
    "I feel more like myself again.",
)
SESSION_COMMENTS = ("It helped to talk.", "The group felt safe.", "A quieter room would help.")


@dataclass(frozen=True)
class CaseFacts:
    reference: str
    line: str
    status: str
    allocation: date | None
    closure: date | None
    reason: str | None
    worker: str | None


class FeedbackMaker:
    """Notes cases as batches stream past, then makes their administrations."""

    def __init__(self, seed: int, anchor: date, recorder: str) -> None:
        self.rng = random.Random(f"feedback-{seed}")
        self.anchor = anchor
        self.recorder = recorder
        self.facts: list[CaseFacts] = []
        self.registry: InstrumentRegistry = shipped_instruments()

    def watch(self, batches: Iterable[RecordBatch]) -> Iterator[RecordBatch]:
        for batch in batches:
            for c in batch.cases:
                if c.allocation_date is not None:
                    self.facts.append(
                        CaseFacts(
                            c.reference,
                            c.service_line,
                            c.status,
                            c.allocation_date,
                            c.closure_date,
                            c.closure_reason,
                            c.allocated_worker,
                        )
                    )
            yield batch

    def records(self) -> list[tuple[Administration, str]]:
        made: list[tuple[Administration, str]] = []
        workers = sorted({f.worker for f in self.facts if f.worker}) or [self.recorder]
        for facts in self.facts:
            made.extend(self._measures(facts))
            made.extend(self._exit_feedback(facts))
        made.extend(self._session_feedback(len(self.facts) // 25, workers))
        return made

    def load(self, conn: Connection, vocabularies: Vocabularies, today: date) -> list[str]:
        """Make, check a sample of, and insert the administrations in the caller's
        transaction; return the kinds of record loaded (for the audit entry)."""
        made = self.records()
        for administration, _kind in made[:VALIDATE_SAMPLE]:
            instrument = self.registry.find(
                administration.instrument_id, administration.instrument_version
            )
            if problems := administration.validate(vocabularies, instrument, today):
                raise ValidationFailed(problems)
        feedback_vault.bulk_insert(conn, made)
        return ["feedback_administrations"] if made else []

    # --- outcome measures -------------------------------------------------------------------

    def _measures(self, f: CaseFacts) -> Iterator[tuple[Administration, str]]:
        rng = self.rng
        assert f.allocation is not None
        end = min(f.closure or self.anchor, self.anchor)
        if rng.random() >= MEASURED.get(f.line, 0.0) or end < self.anchor - RECENT:
            return
        r = rng.random()
        chosen = next(ids for limit, ids in MEASURES[f.line] if r < limit)
        intake = f.allocation + timedelta(days=rng.randint(0, 14))
        if intake > end:
            return
        points: list[tuple[str, int | None, date]] = [("intake", None, intake)]
        day, number = intake, 0
        reviewing = rng.random() < 0.7  # some services measure only at the start and the end
        while reviewing and number < MAX_REVIEWS:
            day += timedelta(days=REVIEW_DAYS + rng.randint(-7, 14))
            if day > end - timedelta(days=7):
                break
            if rng.random() < 0.85:  # some reviews are missed
                number += 1
                points.append(("review", number, day))
        planned = f.status == CLOSED and f.reason == "support_complete"
        if f.status == CLOSED and rng.random() < (0.7 if planned else 0.15):
            assert f.closure is not None
            points.append(("exit", None, min(f.closure, self.anchor)))
        mode = "read_out" if rng.random() < 0.2 else "self_completed"
        for instrument_id in chosen:
            instrument = self.registry.get(instrument_id)
            mean, spread = BASELINE[instrument_id]
            level = rng.gauss(mean, spread)
            for step, (timepoint, review, on) in enumerate(points):
                if step:
                    level -= rng.gauss(IMPROVEMENT[instrument_id], IMPROVEMENT[instrument_id] * 1.5)
                responses = self._answers(instrument, level)
                yield self._scored(
                    instrument, responses, timepoint, review, on, mode, f.reference, f.worker
                )

    def _answers(self, instrument: Instrument, level: float) -> dict[str, Any]:
        """Answers whose total is near ``level``: each item around the mean, rounded at
        random, some skipped or "prefer not to answer"."""
        rand = self.rng.random
        rule = instrument.scoring
        assert rule is not None
        target = min(max(level, rule.lowest), rule.highest) / len(rule.items)
        answers: dict[str, Any] = {}
        for item_id, item in instrument.scored_items(rule):
            r = rand()
            if r < 0.04:
                if r >= 0.02:
                    answers[item_id] = DECLINED
                continue
            value = int(target + rand())
            if item_id == "phq9_9" and rand() < 0.75:
                value = 0
            low, high = item.min_value, item.max_value
            answers[item_id] = low if value < low else high if value > high else value
        return answers

    def _scored(
        self,
        instrument: Instrument,
        responses: dict[str, Any],
        timepoint: str,
        review: int | None,
        on: date,
        mode: str,
        case_reference: str | None,
        worker: str | None,
    ) -> tuple[Administration, str]:
        result = score(instrument, responses)
        flags = tuple(f.id for f in raised_flags(instrument, responses, result))
        fields: dict[str, Any] = {"score_status": NO_SCORE}
        if isinstance(result, Score):
            fields = {
                "score_status": SCORED,
                "score_total": result.total,
                "score_band": None if result.band is None else result.band.code,
                "score_subscales": dict(result.subscales),
                "score_prorated": result.prorated,
            }
        elif result is not None:
            fields = {"score_status": NOT_SCORABLE, "score_note": result.reason}
        administration = Administration(
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            timepoint=timepoint,
            mode=mode,
            administered_on=on,
            responses=responses,
            case_reference=case_reference,
            review_number=review,
            flags=flags,
            recorded_by=worker or self.recorder,
            **fields,
        )
        return administration, instrument.kind

    # --- service feedback ---------------------------------------------------------------------

    def _exit_feedback(self, f: CaseFacts) -> Iterator[tuple[Administration, str]]:
        rng = self.rng
        if f.status != CLOSED or f.closure is None or f.closure < self.anchor - RECENT:
            return
        planned = f.reason == "support_complete"
        if rng.random() >= (0.35 if planned else 0.08):
            return
        instrument = self.registry.get("service_feedback_exit")
        responses = self._agreement(instrument, COMMENTS, 0.25)
        if f.line not in ("isva", "cyp_isva") and rng.random() < 0.6:
            responses.pop("informed_justice", None)
        on = min(f.closure, self.anchor)
        yield self._scored(instrument, responses, "exit", None, on, "self_completed",
                           f.reference, f.worker)  # fmt: skip

    def _session_feedback(
        self, count: int, workers: list[str]
    ) -> Iterator[tuple[Administration, str]]:
        """Anonymous feedback after group sessions over the last year."""
        rng = self.rng
        instrument = self.registry.get("service_feedback_session")
        for _ in range(count):
            on = self.anchor - timedelta(days=rng.randint(0, 364))
            responses = self._agreement(instrument, SESSION_COMMENTS, 0.15)
            yield self._scored(instrument, responses, "session", None, on, "self_completed",
                               None, rng.choice(workers))  # fmt: skip

    def _agreement(
        self, instrument: Instrument, comments: tuple[str, ...], comment_chance: float
    ) -> dict[str, Any]:
        rng = self.rng
        answers: dict[str, Any] = {}
        lean = rng.random() < 0.1  # a few people had a poor experience overall
        for item in instrument.items:
            r = rng.random()
            if not item.is_choice:
                if r < comment_chance:
                    answers[item.id] = rng.choice(comments)
                continue
            if r < 0.03:
                continue
            if r < 0.06:
                answers[item.id] = DECLINED
                continue
            pick = rng.random()
            value = next(v for limit, v in AGREE if pick < limit)
            answers[item.id] = max(1, value - 2) if lean else value
        return answers
