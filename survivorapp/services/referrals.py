"""Well-being referrals of a case, their status histories, and lists across the caseload.

Referrals are case content: VIEW_CASE to read, EDIT_CASE to write, decided by the case the
referral belongs to (looked up from the referral, never taken from the caller). A status
change is validated against the state machine (``domain/referrals/status.py``) and the dates
already recorded, then appended with its audit entry in one transaction; nothing is changed or
deleted afterwards. A referral is only *made* with the survivor's consent to referrals in
place (``domain/referrals/records.py`` says exactly when); without it the call raises
:class:`ValidationFailed` saying what to record first.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.records import (
    Referral,
    ReferralStatusChange,
    next_change_problems,
    referral_consent_problem,
)
from survivorapp.domain.referrals.waits import ReferralRecord, ReferralSummary
from survivorapp.domain.settings import SETTINGS
from survivorapp.services.case_access import case_visibility, require_case
from survivorapp.services.context import NotFound, ServiceContext
from survivorapp.services.directory import DirectoryService
from survivorapp.services.justice import filled_fields
from survivorapp.services.permissions import Action
from survivorapp.services.referral_views import CaseReferrals, OpenReferrals
from survivorapp.services.settings import SettingsService
from survivorapp.vault.case_records import CaseRecordQueries
from survivorapp.vault.directory import DirectoryRepository
from survivorapp.vault.referrals import ReferralFilter, ReferralQueries

FOLLOW_UP_SETTING = "referral_follow_up_days"
OPEN_LIMIT = 2000
"""The Referrals page shows at most this many at once (longest waiting first); the filters
narrow it. Even a large service has far fewer open referrals per worker."""

__all__ = ["OPEN_LIMIT", "CaseReferrals", "OpenReferrals", "ReferralFilter", "ReferralService"]


class ReferralService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.queries = ReferralQueries(ctx.conn)
        self._case_records = CaseRecordQueries(ctx.conn)
        self._directory = DirectoryRepository(ctx.conn)

    # --- access ---------------------------------------------------------------------------

    def _record(self, referral_id: int, action: Action) -> ReferralRecord:
        """The referral with its history, once the actor may ``action`` its case."""
        case_reference = self.queries.case_of(referral_id)
        if case_reference is None:
            raise NotFound("referral")
        require_case(self.ctx, action, case_reference)
        record = self.queries.record(referral_id)
        if record is None:
            raise NotFound("referral")
        return record

    def follow_up_days(self) -> int:
        value = SettingsService(self.ctx).get(FOLLOW_UP_SETTING)
        default = SETTINGS[FOLLOW_UP_SETTING].default
        return value if isinstance(value, int) else int(default)

    # --- one case -------------------------------------------------------------------------

    def for_case(self, case_reference: str) -> list[ReferralRecord]:
        """The case's referrals, oldest first, each with its full history; audited."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        found = self.queries.for_case(case_reference)
        with self.ctx.write():
            self.ctx.record("open", "referrals", case_reference, case_reference)
        return found

    def case_referrals(self, case_reference: str) -> CaseReferrals:
        """The case's Referrals tab in one transaction: its referrals (audited as opened), its
        consents and the directory to choose from."""
        with self.ctx.write():
            return CaseReferrals(
                case_reference,
                tuple(self.for_case(case_reference)),
                self.consents_for(case_reference),
                tuple(DirectoryService(self.ctx).list()),
            )

    def get(self, referral_id: int) -> ReferralRecord:
        return self._record(referral_id, Action.VIEW_CASE)

    def consents_for(self, case_reference: str) -> tuple[ConsentRecord, ...]:
        """The case's consent ledger, so a form can say before saving whether consent is in
        place (the same rule is applied again when the referral is saved)."""
        require_case(self.ctx, Action.VIEW_CASE, case_reference)
        return tuple(self._case_records.consents(case_reference))

    def offer(self, referral: Referral, note: str = "") -> ReferralRecord:
        """Record that a referral was offered; the survivor is considering it (no consent yet)."""
        return self.start(referral, rs.OFFERED, note)

    def make(self, referral: Referral, note: str = "") -> ReferralRecord:
        """Record a referral made on ``referral.started_on``, with the survivor's consent."""
        return self.start(referral, rs.MADE, note)

    def start(self, referral: Referral, status: str, note: str = "") -> ReferralRecord:
        """A new referral whose first status is ``status`` (offered or made) on its date.

        ``note`` goes on that first status; ``referral.note`` is about the referral itself.
        With an ``organisation_id`` the organisation's name is copied from the directory.
        """
        case_reference = referral.case_reference
        require_case(self.ctx, Action.EDIT_CASE, case_reference)
        actor = self.ctx.actor.username
        referral = dataclasses.replace(referral, id=None, made_by=actor)
        if referral.organisation_id is not None:
            organisation = self._directory.get("id", referral.organisation_id)
            if organisation is None:
                raise NotFound("organisation")
            referral = dataclasses.replace(referral, organisation_name=organisation.name)
        first = ReferralStatusChange(
            None, status, referral.started_on, note=note, recorded_by=actor
        )
        today = self.ctx.today()
        problems = referral.validate(self.ctx.vocabularies, today)
        problems += [
            p for p in first.validate(self.ctx.vocabularies, today) if p.field != "changed_on"
        ]
        problems += next_change_problems((), first)
        self.ctx.validate(problems)
        self._require_consent(case_reference, status, referral.started_on)
        with self.ctx.write():
            record = self.queries.add(referral, first)
            self.ctx.record(
                "create",
                "referral",
                str(record.referral.id),
                case_reference,
                [*filled_fields(referral), "status"],
            )
        return record

    def change_status(
        self,
        referral_id: int,
        status: str,
        on: date,
        reason: str | None = None,
        note: str = "",
    ) -> ReferralRecord:
        """Append a new status on date ``on``; the history before it stays as it was."""
        record = self._record(referral_id, Action.EDIT_CASE)
        case_reference = record.referral.case_reference
        change = ReferralStatusChange(
            referral_id, status, on, reason, note, recorded_by=self.ctx.actor.username
        )
        problems = change.validate(self.ctx.vocabularies, self.ctx.today())
        problems += next_change_problems(record.history, change)
        self.ctx.validate(problems)
        self._require_consent(case_reference, status, on)
        with self.ctx.write():
            updated = self.queries.add_change(record, change)
            self.ctx.record(
                "create",
                "referral_status",
                str(updated.history[-1].id),
                case_reference,
                filled_fields(change),
            )
        return updated

    def _require_consent(self, case_reference: str, status: str, on: date) -> None:
        if status not in rs.NEEDS_CONSENT:
            return
        consents = self._case_records.consents(case_reference)
        problem = referral_consent_problem(consents, on)
        if problem is not None:
            self.ctx.validate([problem])

    # --- across the caseload ----------------------------------------------------------------

    def open_referrals(
        self,
        mine_only: bool = True,
        destination: str | None = None,
        status: str | None = None,
        waiting_longer_than: int | None = None,
        today: date | None = None,
        limit: int | None = OPEN_LIMIT,
    ) -> list[ReferralSummary]:
        """Open referrals (or those at ``status``) on the cases the actor sees, longest
        waiting first. ``mine_only``: only cases allocated or shared to the actor."""
        visibility = case_visibility(self.ctx, mine_only)
        filters = ReferralFilter(destination, status, waiting_longer_than)
        return self.queries.open_referrals(
            visibility, filters, today or self.ctx.today(), self.follow_up_days(), limit
        )

    def open_list(
        self,
        mine_only: bool = True,
        destination: str | None = None,
        status: str | None = None,
        waiting_longer_than: int | None = None,
    ) -> OpenReferrals:
        """The Referrals page's list (see :meth:`open_referrals`) with the follow-up setting it
        was judged by, read in one transaction."""
        with self.ctx.write():
            found = self.open_referrals(mine_only, destination, status, waiting_longer_than)
            return OpenReferrals(tuple(found), self.follow_up_days(), OPEN_LIMIT)

    def follow_up_due(
        self, mine_only: bool = True, today: date | None = None
    ) -> list[ReferralSummary]:
        """Referrals in the actor's visible cases (``mine_only``: allocated or shared to
        them) still at "made", with no reply, for at least ``referral_follow_up_days``."""
        visibility = case_visibility(self.ctx, mine_only)
        return self.queries.follow_up_due(
            visibility, today or self.ctx.today(), self.follow_up_days()
        )

    def waiting_longer_than_by_destination(
        self, days: int | None = None, today: date | None = None
    ) -> dict[str, int]:
        """For managers (every visible case): open referrals not yet at a first appointment
        that have waited more than ``days`` (default: the follow-up setting), by destination
        code. Destinations with none are left out."""
        visibility = case_visibility(self.ctx, mine_only=False)
        longer_than = self.follow_up_days() if days is None else days
        return self.queries.waiting_by_destination(
            visibility, today or self.ctx.today(), longer_than
        )

    def counts_by_status(self, mine_only: bool = False) -> dict[str, int]:
        """How many referrals on the visible cases are at each status now."""
        visibility = case_visibility(self.ctx, mine_only)
        return self.queries.counts_by_status(visibility)
