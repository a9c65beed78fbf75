"""What the feedback service hands to the UI: plain, frozen records with nothing hidden inside.

Each record is made here from the domain's (``view_of``, ``point_of``, ``series_of``,
``due_review_of``); the service decides what the actor may see and reads it in one
transaction. An :class:`AdministrationView` carries answers and a score only when the actor
may see them at case level (``answers_visible``); otherwise both are None and only the fact of
completion shows (date, timepoint, how many questions were answered).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from survivorapp.domain.questionnaires.administrations import (
    Administration,
    DueMeasure,
    Response,
    classify_change,
)
from survivorapp.domain.questionnaires.instruments import Band, CutPoint, Flag, Instrument, Number
from survivorapp.domain.questionnaires.scoring import NotScorable, Score
from survivorapp.domain.questionnaires.service_summary import FeedbackSummary

if TYPE_CHECKING:
    from survivorapp.vault.feedback import CaseSchedule


@dataclass(frozen=True)
class AdministrationView:
    id: int
    instrument: Instrument | None = field(repr=False)
    instrument_id: str
    instrument_version: int
    kind: str
    case_reference: str | None
    timepoint: str
    review_number: int | None
    mode: str
    administered_on: date
    stopped_early: bool
    answered: int
    declined: int
    item_count: int
    answers_visible: bool
    responses: Mapping[str, Response] | None
    """Item id to value or "declined"; None when hidden."""
    score: Score | NotScorable | None
    """None when hidden, or when the instrument has no score."""
    flags: tuple[Flag, ...]
    """Safeguarding flags these answers raised: always shown to those who may view the case."""
    recorded_by: str | None


@dataclass(frozen=True)
class RecordedAdministration:
    """What recording returns: the stored administration as the actor sees it, and the flags
    raised (for the worker's prompt after the survivor has finished, never on their screen)."""

    administration: AdministrationView
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class SeriesPoint:
    administered_on: date
    timepoint: str
    review_number: int | None
    total: Number | None
    """None when that administration was not scorable."""
    band: Band | None
    not_scorable_reason: str | None


@dataclass(frozen=True)
class MeasureSeries:
    """One measure over time for a case's chart, with what the chart needs to draw bands."""

    instrument: Instrument = field(repr=False)
    points: tuple[SeriesPoint, ...]
    hidden: bool
    lowest: Number | None
    highest: Number | None
    bands: tuple[Band, ...]
    meaningful_change: Number | None
    direction: str | None
    cut_point: CutPoint | None
    change: Number | None
    """Last scorable total minus the first (None with fewer than two)."""
    change_kind: str | None
    """"improved", "worsened" or "no_reliable_change" (by the meaningful change), or None."""


@dataclass(frozen=True)
class DueReview:
    case_reference: str
    known_as: str | None
    allocated_worker: str | None
    timepoint: str
    """"intake" or "review"."""
    review_number: int | None
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class Completion:
    """Outcome measurement across a caseload: now (open cases) and over a period."""

    start: date
    end: date
    open_cases: int
    """Active cases the actor sees."""
    with_intake: int
    """Open cases with an intake outcome measure (the rest have none yet)."""
    reviews_up_to_date: int
    """Open cases measured at intake whose next review is not yet overdue."""
    reviews_overdue: int
    closed_in_period: int
    """Cases closed in the period after support had begun."""
    closed_with_exit: int
    by_timepoint: Mapping[str, int] = field(default_factory=dict)
    """Questionnaires answered in the period on the actor's visible cases, by timepoint."""

    @property
    def up_to_date(self) -> int:
        """Shorthand for ``reviews_up_to_date``."""
        return self.reviews_up_to_date

    @property
    def overdue(self) -> int:
        """Shorthand for ``reviews_overdue``."""
        return self.reviews_overdue


@dataclass(frozen=True)
class CaseFeedback:
    """A case's Feedback tab, read in one transaction: its questionnaires, the series of each
    outcome measure whose scores the actor may see, and what is due next."""

    reference: str
    administrations: tuple[AdministrationView, ...]
    series: tuple[MeasureSeries, ...]
    due: DueMeasure | None


@dataclass(frozen=True)
class FeedbackOverview:
    """The Feedback page, read in one transaction: outcome measurement across the caseload,
    what is due soon, and (managers only) service feedback added up."""

    completion: Completion
    due: tuple[DueReview, ...]
    summary: FeedbackSummary | None


@dataclass(frozen=True)
class QuestionnaireChoices:
    """What a worker may start: the latest instruments and whether each one's answers are
    seen at case level (survivor mode says so before the first question)."""

    instruments: tuple[Instrument, ...]
    answers_visible: Mapping[str, bool]


def view_of(
    administration: Administration, instrument: Instrument | None, visible: bool
) -> AdministrationView:
    """What the actor sees of one administration: answers and score only when ``visible``;
    safeguarding flags always."""
    raised = administration.flags
    flags = tuple(f for f in (instrument.flags if instrument else ()) if f.id in raised)
    return AdministrationView(
        id=administration.id or 0,
        instrument=instrument,
        instrument_id=administration.instrument_id,
        instrument_version=administration.instrument_version,
        kind=instrument.kind if instrument is not None else "",
        case_reference=administration.case_reference,
        timepoint=administration.timepoint,
        review_number=administration.review_number,
        mode=administration.mode,
        administered_on=administration.administered_on,
        stopped_early=administration.stopped_early,
        answered=administration.answered,
        declined=administration.declined,
        item_count=len(instrument.items) if instrument else 0,
        answers_visible=visible,
        responses=dict(administration.responses) if visible else None,
        score=administration.result(instrument) if visible else None,
        flags=flags,
        recorded_by=administration.recorded_by,
    )


def point_of(administration: Administration, result: Score | NotScorable | None) -> SeriesPoint:
    return SeriesPoint(
        administered_on=administration.administered_on,
        timepoint=administration.timepoint,
        review_number=administration.review_number,
        total=result.total if isinstance(result, Score) else None,
        band=result.band if isinstance(result, Score) else None,
        not_scorable_reason=result.reason if isinstance(result, NotScorable) else None,
    )


def series_of(instrument: Instrument, points: Sequence[SeriesPoint], hidden: bool) -> MeasureSeries:
    """One measure's series with the scale its scoring rule gives the chart; the change is the
    last scorable total minus the first, classed by the rule's meaningful change."""
    rule = instrument.scoring
    scored = [p.total for p in points if p.total is not None]
    change = scored[-1] - scored[0] if len(scored) >= 2 else None
    return MeasureSeries(
        instrument=instrument,
        points=tuple(points),
        hidden=hidden,
        lowest=None if rule is None else rule.lowest,
        highest=None if rule is None else rule.highest,
        bands=() if rule is None else rule.bands,
        meaningful_change=None if rule is None else rule.meaningful_change,
        direction=None if rule is None else rule.direction,
        cut_point=None if rule is None else rule.cut_point,
        change=change,
        change_kind=None
        if change is None or rule is None
        else classify_change(scored[0], scored[-1], rule.meaningful_change, rule.direction),
    )


def due_review_of(schedule: CaseSchedule, due: DueMeasure) -> DueReview:
    """What is due next for one case, with what the list shows of the case."""
    return DueReview(
        case_reference=schedule.case_reference,
        known_as=schedule.known_as,
        allocated_worker=schedule.allocated_worker,
        timepoint=due.timepoint,
        review_number=due.review_number,
        due_on=due.due_on,
        overdue=due.overdue,
    )
