"""Feedback questionnaires and outcome measures: recording answers, showing them, counting them.

Rules (issue 7, REFERENCE.md 4 and 6):

- The score is always worked out here from the answers, never taken from the caller, and stored
  as computed with the instrument's id and version.
- Safeguarding flags (PHQ-9 question 9 above "Not at all") are returned to the worker who
  recorded the answers, to prompt them after the survivor has finished; they are never meant
  for the survivor's screen. Flags show on the case whatever the visibility setting: safety
  comes before the privacy of one answer.
- At case level, service-feedback answers and scores are hidden from everyone, managers
  included, unless an administrator shows them for that instrument; outcome measures are shown
  to whoever may view the case. Service feedback counts in aggregate (managers' summary), with
  counts under 5 shown as "fewer than 5".
- Feedback linked to a case needs ``edit_case`` on it; anonymous feedback (no case) needs
  ``record_anonymous_feedback``. Audit entries name fields, never answers or flags (an entry
  saying a self-harm flag was raised would tell an administrator what someone answered).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date

from survivorapp.domain.problems import Problem
from survivorapp.domain.questionnaires.administrations import (
    REVIEW,
    Administration,
    DueMeasure,
    answers_visible,
    listed_as_due,
    next_due,
    visibility_key,
)
from survivorapp.domain.questionnaires.instruments import (
    ImportedInstrument,
    Instrument,
    InstrumentError,
    InstrumentRegistry,
    Number,
    parse_instrument,
    shipped_instruments,
)
from survivorapp.domain.questionnaires.service_summary import (
    FeedbackSummary,
    summarise,
    tallies_from,
)
from survivorapp.services.case_access import case_visibility, require_case
from survivorapp.services.context import NotFound, ServiceContext, ValidationFailed
from survivorapp.services.feedback_views import (
    AdministrationView,
    CaseFeedback,
    Completion,
    DueReview,
    FeedbackOverview,
    MeasureSeries,
    QuestionnaireChoices,
    RecordedAdministration,
    SeriesPoint,
    due_review_of,
    point_of,
    series_of,
    view_of,
)
from survivorapp.services.permissions import Action, PermissionDenied, allowed
from survivorapp.vault.feedback import CaseSchedule, FeedbackQueries
from survivorapp.vault.settings import SettingsRepository

__all__ = [
    "AdministrationView",
    "Completion",
    "DueReview",
    "FeedbackService",
    "MeasureSeries",
    "RecordedAdministration",
    "SeriesPoint",
]

REVIEW_INTERVAL_SETTING = "feedback_review_interval_weeks"
DEFAULT_REVIEW_WEEKS = 6
_AUDITED_FIELDS = ("instrument_id", "instrument_version", "timepoint", "mode", "administered_on")


class FeedbackService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.queries = FeedbackQueries(ctx.conn)
        self._settings = SettingsRepository(ctx.conn)
        self._registry: InstrumentRegistry | None = None
        self._imported_count = -1

    # --- instruments -----------------------------------------------------------------------

    def registry(self) -> InstrumentRegistry:
        """Shipped instruments plus those this vault imported (re-read after an import).

        An imported file that a later version of the app no longer accepts, or whose id and
        version a later release ships, is left out rather than stopping every feedback page.
        """
        imported = self.queries.imported_instruments()
        if self._registry is None or len(imported) != self._imported_count:
            shipped = shipped_instruments()
            usable: list[Instrument] = []
            for record in imported:
                try:
                    instrument = record.load()
                except InstrumentError:
                    continue
                if instrument.key not in shipped and instrument.key not in {i.key for i in usable}:
                    usable.append(instrument)
            self._registry = shipped.with_instruments(usable)
            self._imported_count = len(imported)
        return self._registry

    def instruments(self, all_versions: bool = False) -> list[Instrument]:
        """The latest version of each instrument (every version with ``all_versions``)."""
        registry = self.registry()
        return registry.all() if all_versions else registry.latest()

    def instrument(self, instrument_id: str, version: int | None = None) -> Instrument:
        found = self.registry().find(instrument_id, version)
        if found is None:
            raise NotFound("questionnaire")
        return found

    def import_instrument(self, json_text: str) -> Instrument:
        """Add a licensed service's own instrument file (CORE-10, WEMWBS) to this vault.

        Checked against the schema and the format's rules first; every problem is reported, each
        naming where it is. An id that a shipped instrument uses is refused, and so is a version
        already imported: a changed file needs a higher version.
        """
        self.ctx.require(Action.MANAGE_SETTINGS)
        try:
            instrument = parse_instrument(json_text)
        except InstrumentError as exc:
            raise ValidationFailed(
                Problem(p.field, f"{p.field}: {p.message}.") for p in exc.problems
            ) from None
        if instrument.id in shipped_instruments().ids:
            raise ValidationFailed(
                [
                    Problem(
                        "id",
                        f"id: '{instrument.id}' is a questionnaire that comes with the app. "
                        "Please give yours a different id.",
                    )
                ]
            )
        if instrument.key in self.registry():
            raise ValidationFailed(
                [
                    Problem(
                        "version",
                        f"version: version {instrument.version} of '{instrument.id}' is already "
                        "imported. A changed file needs a higher version number.",
                    )
                ]
            )
        record = ImportedInstrument(
            instrument_id=instrument.id,
            version=instrument.version,
            definition=json_text,
            imported_on=self.ctx.today(),
            imported_by=self.ctx.actor.username,
        )
        with self.ctx.write():
            self.queries.add_imported(record)
            self.ctx.record(
                "import", "instrument", f"{instrument.id} v{instrument.version}", fields=["file"]
            )
        self._registry = None
        return instrument

    # --- who sees answers ----------------------------------------------------------------------

    def answers_visible(self, instrument_id: str) -> bool:
        """Whether people who may view a case see this instrument's answers and scores there
        (survivor mode says so before the first question)."""
        instrument = self.instrument(instrument_id)
        return answers_visible(instrument.id, instrument.kind, self._settings.all())

    def questionnaire_choices(self) -> QuestionnaireChoices:
        """What a worker may start, with each one's visibility, read together."""
        with self.ctx.write():
            return QuestionnaireChoices(tuple(self.instruments()), self.answer_visibility())

    def answer_visibility(self) -> dict[str, bool]:
        """Every instrument's current setting, for the administrator's settings page."""
        stored = self._settings.all()
        return {i.id: answers_visible(i.id, i.kind, stored) for i in self.instruments()}

    def set_answer_visibility(self, instrument_id: str, visible: bool) -> None:
        self.ctx.require(Action.MANAGE_SETTINGS)
        self.instrument(instrument_id)
        key = visibility_key(instrument_id)
        with self.ctx.write():
            self._settings.put(key, "yes" if visible else "no")
            self.ctx.record("change", "setting", key, fields=[key])

    # --- recording ------------------------------------------------------------------------------

    def record_administration(self, administration: Administration) -> RecordedAdministration:
        """Store one questionnaire's answers with the score worked out here.

        Returns the stored administration as the actor may see it, and the safeguarding flags
        the answers raised (for a prompt to the worker once the survivor has finished).
        """
        case_reference = administration.case_reference
        if case_reference is None:
            self.ctx.require(Action.RECORD_ANONYMOUS_FEEDBACK)
        else:
            require_case(self.ctx, Action.EDIT_CASE, case_reference)
        instrument = self.registry().find(
            administration.instrument_id, administration.instrument_version
        )
        administration = dataclasses.replace(
            administration, id=None, recorded_by=self.ctx.actor.username
        )
        self.ctx.validate(
            administration.validate(self.ctx.vocabularies, instrument, self.ctx.today())
        )
        assert instrument is not None
        administration, flags = administration.scored(instrument)
        with self.ctx.write():
            new_id = self.queries.insert(administration, instrument.kind)
            self.ctx.record(
                "create",
                "feedback_administration",
                str(new_id),
                case_reference,
                [
                    *_AUDITED_FIELDS,
                    "responses",
                    *(["stopped_early"] * administration.stopped_early),
                ],
            )
        stored = dataclasses.replace(administration, id=new_id)
        view = self._view(stored, self._settings.all())
        return RecordedAdministration(view, flags)

    # --- one case ------------------------------------------------------------------------------

    def for_case(self, case_reference: str) -> list[AdministrationView]:
        """The case's questionnaires, oldest first, with answers and scores where visible."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        stored = self._settings.all()
        views = [self._view(a, stored) for a in self.queries.for_case(case_reference)]
        with self.ctx.write():
            self.ctx.record("open", "feedback", case_reference, case_reference)
        return views

    def case_feedback(self, case_reference: str) -> CaseFeedback:
        """The case's Feedback tab in one transaction (audited as opened)."""
        with self.ctx.write():
            views = self.for_case(case_reference)
            shown = sorted({v.instrument_id for v in views if v.answers_visible and v.score})
            series = tuple(self.measure_series(case_reference, m) for m in shown)
            due = self.due_for_case(case_reference)
        return CaseFeedback(case_reference, tuple(views), series, due)

    def measure_series(self, case_reference: str, instrument_id: str) -> MeasureSeries:
        """One measure's scores over time for the chart, with its bands and meaningful change.

        Hidden (no points) when the instrument's answers are not shown at case level.
        """
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        instrument = self.instrument(instrument_id)
        visible = answers_visible(instrument.id, instrument.kind, self._settings.all())
        points: list[SeriesPoint] = []
        if visible and instrument.scoring is not None:
            for administration in self.queries.series(case_reference, instrument_id):
                used = self.registry().find(instrument_id, administration.instrument_version)
                result = administration.result(used)
                points.append(point_of(administration, result))
            with self.ctx.write():
                self.ctx.record("open", "feedback", case_reference, case_reference)
        return series_of(instrument, points, hidden=not visible)

    def due_for_case(self, case_reference: str, today: date | None = None) -> DueMeasure | None:
        """The next outcome measure due for this case; None unless support is under way."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        visibility = case_visibility(self.ctx)
        for schedule in self.queries.schedules(visibility, case_reference):
            return self._due(schedule, today or self.ctx.today(), self.review_interval_weeks())
        return None

    # --- across the caseload -------------------------------------------------------------------

    def review_interval_weeks(self) -> int:
        value = self._settings.all().get(REVIEW_INTERVAL_SETTING)
        try:
            weeks = int(value) if value is not None else DEFAULT_REVIEW_WEEKS
        except ValueError:
            weeks = DEFAULT_REVIEW_WEEKS
        return weeks if 1 <= weeks <= 52 else DEFAULT_REVIEW_WEEKS

    def due_reviews(
        self, mine_only: bool = False, today: date | None = None, within_days: int | None = None
    ) -> list[DueReview]:
        """What is due next for the active cases the actor sees, soonest first.

        Reviews of every case measured so far; intakes until they are one review interval
        overdue (see ``listed_as_due``). ``within_days`` keeps only what is overdue or due
        within that many days.
        """
        today = today or self.ctx.today()
        visibility = case_visibility(self.ctx, mine_only)
        weeks = self.review_interval_weeks()
        found = []
        for schedule in self.queries.schedules(visibility):
            due = self._due(schedule, today, weeks)
            if not listed_as_due(due, today, weeks):
                continue
            if within_days is not None and (due.due_on - today).days > within_days:
                continue
            found.append(due_review_of(schedule, due))
        found.sort(key=lambda d: (d.due_on, d.case_reference))
        return found

    def completion(
        self, start: date, end: date, mine_only: bool = False, today: date | None = None
    ) -> Completion:
        """How complete outcome measurement is across the actor's visible cases."""
        today = today or self.ctx.today()
        visibility = case_visibility(self.ctx, mine_only)
        schedules = self.queries.schedules(visibility)
        weeks = self.review_interval_weeks()
        dues = [self._due(s, today, weeks) for s in schedules]
        closed, with_exit = self.queries.exits(visibility, start, end)
        return Completion(
            start=start,
            end=end,
            open_cases=len(schedules),
            with_intake=sum(1 for s in schedules if s.intake is not None),
            reviews_up_to_date=sum(1 for d in dues if d.timepoint == REVIEW and not d.overdue),
            reviews_overdue=sum(1 for d in dues if d.timepoint == REVIEW and d.overdue),
            closed_in_period=closed,
            closed_with_exit=with_exit,
            by_timepoint=self.queries.by_timepoint(visibility, start, end),
        )

    def overview(
        self, start: date, end: date, mine_only: bool, due_within_days: int, with_summary: bool
    ) -> FeedbackOverview:
        """The Feedback page in one transaction; ``with_summary`` for managers only."""
        with self.ctx.write():
            return FeedbackOverview(
                self.completion(start, end, mine_only=mine_only),
                tuple(self.due_reviews(mine_only=mine_only, within_days=due_within_days)),
                self.service_feedback_summary(start, end) if with_summary else None,
            )

    def service_feedback_summary(self, start: date, end: date) -> FeedbackSummary:
        """Service feedback over the period, counted per question; managers only."""
        actor = self.ctx.actor
        if not (allowed(actor, Action.VIEW_ALL_CASES) or allowed(actor, Action.EXPORT_RETURN)):
            raise PermissionDenied(Action.VIEW_ALL_CASES)
        totals = self.queries.feedback_totals(start, end)
        rows: dict[tuple[str, int], list[tuple[str, str, Number | None, int]]] = {}
        for count in self.queries.feedback_answer_counts(start, end):
            key = (count.instrument_id, count.instrument_version)
            rows.setdefault(key, []).append((count.item_id, count.kind, count.value, count.count))
        registry = self.registry()
        summaries = []
        for key, total in sorted(totals.items()):
            instrument = registry.find(*key)
            if instrument is not None:
                summaries.append(summarise(instrument, total, tallies_from(rows.get(key, []))))
        with self.ctx.write():
            self.ctx.record("open", "feedback_summary", f"{start.isoformat()}..{end.isoformat()}")
        return FeedbackSummary(start, end, tuple(summaries))

    # --- shared ---------------------------------------------------------------------------------

    def _due(self, schedule: CaseSchedule, today: date, weeks: int) -> DueMeasure:
        return next_due(
            schedule.start,
            schedule.intake,
            schedule.reviews,
            weeks,
            today,
            schedule.last_review_number,
        )

    def _view(
        self, administration: Administration, stored: Mapping[str, str]
    ) -> AdministrationView:
        instrument = self.registry().find(
            administration.instrument_id, administration.instrument_version
        )
        kind = instrument.kind if instrument is not None else ""
        visible = answers_visible(administration.instrument_id, kind, stored)
        return view_of(administration, instrument, visible)
