"""The justice journey of a case: matters, append-only events, court support, the court diary.

Permissions are those of case content: VIEW_CASE to read, EDIT_CASE to write, decided by the
case the record belongs to (a matter's case, never one named by the caller). Every write is
validated first and then written with its audit entry in one transaction; audit entries name
the fields, never their values. Events are never changed or deleted: a correction is a new
event that supersedes the wrong one, so the original stays on record (issue 5).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any, TypeVar

from survivorapp.domain.justice.diary import CaseJourney, DiaryEntry, build_diary
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.services.case_access import case_visibility, require_case
from survivorapp.services.context import NotFound, ServiceContext, changed_fields
from survivorapp.services.permissions import Action
from survivorapp.vault import tables
from survivorapp.vault.cases import CaseQueries
from survivorapp.vault.justice import JusticeQueries
from survivorapp.vault.records import Repository

R = TypeVar("R")


def filled_fields(entity: Any) -> list[str]:
    """The names of the fields a new record fills in (for its audit entry; never values)."""
    return sorted(k for k, v in entity.to_record().items() if k != "id" and v not in (None, "", []))


class JusticeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        conn = ctx.conn
        self.queries = JusticeQueries(conn)
        self._cases = CaseQueries(conn)
        self.matters = Repository(conn, tables.JUSTICE_MATTERS)
        self.events = Repository(conn, tables.JUSTICE_EVENTS)
        self.positions = Repository(conn, tables.SURVIVOR_POSITIONS)
        self.measures = Repository(conn, tables.SPECIAL_MEASURES)
        self.statements = Repository(conn, tables.VICTIM_PERSONAL_STATEMENTS)
        self.support = Repository(conn, tables.COURT_SUPPORT)
        self.rights = Repository(conn, tables.VICTIMS_CODE_RIGHTS)
        self.family = Repository(conn, tables.FAMILY_PROCEEDINGS)

    # --- access ---------------------------------------------------------------------------

    def _require(self, action: Action, case_reference: str) -> None:
        require_case(self.ctx, action, case_reference)

    def _matter_case(self, matter_id: int | None, action: Action) -> str:
        """The case a matter belongs to, once the actor may ``action`` it."""
        case_reference = None if matter_id is None else self.queries.case_of_matter(matter_id)
        if case_reference is None:
            raise NotFound("justice matter")
        self._require(action, case_reference)
        return case_reference

    # --- reading --------------------------------------------------------------------------

    def journey(self, case_reference: str) -> CaseJourney:
        """Every matter of the case with its records (events in stored order); audited."""
        self._require(Action.VIEW_CASE, case_reference)
        found = self.queries.journey(case_reference)
        found = dataclasses.replace(
            found, victims_code=self.queries.victims_code_rights(case_reference)
        )
        with self.ctx.write():
            self.ctx.record("open", "justice", case_reference, case_reference)
        return found

    def matter_ids_for(self, case_reference: str) -> list[int]:
        self._require(Action.VIEW_CASE, case_reference)
        return self.queries.matter_ids_for(case_reference)

    def diary(
        self, days: int, mine_only: bool = False, today: date | None = None
    ) -> list[DiaryEntry]:
        """Hearings and deadlines in the next ``days`` days across the cases the actor sees.

        Crime references are left out of the journeys read here: the diary never shows them,
        and they are a restricted field.
        """
        visibility = case_visibility(self.ctx, mine_only)
        today = today or self.ctx.today()
        journeys = [
            dataclasses.replace(
                journey,
                matters=tuple(
                    dataclasses.replace(
                        record, matter=dataclasses.replace(record.matter, crime_reference=None)
                    )
                    for record in journey.matters
                ),
            )
            for journey in self.queries.diary_journeys(
                visibility, today, today + timedelta(days=days)
            )
        ]
        return build_diary(journeys, today, days)

    # --- matters --------------------------------------------------------------------------

    def add_matter(self, matter: JusticeMatter) -> JusticeMatter:
        self._require(Action.EDIT_CASE, matter.case_reference)
        self.ctx.validate(matter.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            new_id = self.matters.insert(matter)
            self.ctx.record(
                "create",
                "justice_matter",
                str(new_id),
                matter.case_reference,
                filled_fields(matter),
            )
        return dataclasses.replace(matter, id=new_id)

    def update_matter(self, matter: JusticeMatter) -> None:
        """Change a matter (bail status, conditions, expiry); it stays with its case."""
        old = None if matter.id is None else self.matters.get("id", matter.id)
        if old is None:
            raise NotFound("justice matter")
        self._require(Action.EDIT_CASE, old.case_reference)
        matter = dataclasses.replace(matter, case_reference=old.case_reference)
        self.ctx.validate(matter.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            self.matters.update(matter)
            self.ctx.record(
                "change",
                "justice_matter",
                str(matter.id),
                old.case_reference,
                changed_fields(old, matter),
            )

    # --- events (append-only) -------------------------------------------------------------

    def record_event(self, event: JusticeEvent) -> JusticeEvent:
        """Store a new event; ``recorded_on`` is today unless given. Never an update."""
        case_reference = self._matter_case(event.matter_id, Action.EDIT_CASE)
        if event.recorded_on is None:
            event = dataclasses.replace(event, recorded_on=self.ctx.today())
        event = dataclasses.replace(event, id=None)
        if event.supersedes is not None:
            earlier = self.events.get("id", event.supersedes)
            if earlier is None or earlier.matter_id != event.matter_id:
                raise NotFound("justice event")
        self.ctx.validate(event.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            new_id = self.events.insert(event)
            self.ctx.record(
                "create", "justice_event", str(new_id), case_reference, filled_fields(event)
            )
        return dataclasses.replace(event, id=new_id)

    def correct_event(self, event_id: int, replacement: JusticeEvent) -> JusticeEvent:
        """Store ``replacement`` as superseding event ``event_id``; the original stays."""
        original = self.events.get("id", event_id)
        if original is None:
            raise NotFound("justice event")
        self._matter_case(original.matter_id, Action.EDIT_CASE)
        return self.record_event(
            dataclasses.replace(replacement, matter_id=original.matter_id, supersedes=event_id)
        )

    # --- court support --------------------------------------------------------------------

    def record_position(self, position: SurvivorPosition) -> SurvivorPosition:
        return self._append(position, self.positions, "survivor_position")

    def set_special_measure(self, record: SpecialMeasure) -> SpecialMeasure:
        """A new status of one measure: a ledger entry, the history is kept."""
        return self._append(record, self.measures, "special_measure")

    def set_special_measures(self, records: list[SpecialMeasure]) -> list[SpecialMeasure]:
        """Several measures' new statuses, all in one transaction (all or none)."""
        with self.ctx.write():
            return [self.set_special_measure(record) for record in records]

    def save_vps(self, vps: VictimPersonalStatement) -> VictimPersonalStatement:
        return self._save_one(vps, self.statements, "victim_personal_statement")

    def save_court_support(self, support: CourtSupport) -> CourtSupport:
        return self._save_one(support, self.support, "court_support")

    def set_victims_code_right(self, right: VictimsCodeRight) -> VictimsCodeRight:
        """Insert or update the one record for this case and right."""
        self._require(Action.EDIT_CASE, right.case_reference)
        self.ctx.validate(right.validate(self.ctx.vocabularies, self.ctx.today()))
        old = self.queries.victims_code_right(right.case_reference, right.right)
        with self.ctx.write():
            if old is not None:
                right = dataclasses.replace(right, id=old.id)
                self.rights.update(right)
                self.ctx.record(
                    "change",
                    "victims_code_right",
                    str(old.id),
                    right.case_reference,
                    changed_fields(old, right),
                )
                return right
            new_id = self.rights.insert(right)
            self.ctx.record(
                "create",
                "victims_code_right",
                str(new_id),
                right.case_reference,
                filled_fields(right),
            )
        return dataclasses.replace(right, id=new_id)

    def set_victims_code_rights(self, rights: list[VictimsCodeRight]) -> list[VictimsCodeRight]:
        """Several rights' answers, all in one transaction (all or none)."""
        with self.ctx.write():
            return [self.set_victims_code_right(right) for right in rights]

    def add_family_proceeding(self, proceeding: FamilyProceeding) -> FamilyProceeding:
        self._require(Action.EDIT_CASE, proceeding.case_reference)
        self.ctx.validate(proceeding.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            new_id = self.family.insert(proceeding)
            self.ctx.record(
                "create",
                "family_proceeding",
                str(new_id),
                proceeding.case_reference,
                filled_fields(proceeding),
            )
        return dataclasses.replace(proceeding, id=new_id)

    # --- shared -----------------------------------------------------------------------------

    def _append(self, entity: R, repository: Repository[Any], kind: str) -> R:
        record: Any = entity
        case_reference = self._matter_case(record.matter_id, Action.EDIT_CASE)
        self.ctx.validate(record.validate(self.ctx.vocabularies, self.ctx.today()))
        with self.ctx.write():
            new_id = repository.insert(record)
            self.ctx.record("create", kind, str(new_id), case_reference, filled_fields(record))
        result: R = dataclasses.replace(record, id=new_id)
        return result

    def _save_one(self, entity: R, repository: Repository[Any], kind: str) -> R:
        """Insert or update the one record of this kind a matter has."""
        record: Any = entity
        case_reference = self._matter_case(record.matter_id, Action.EDIT_CASE)
        self.ctx.validate(record.validate(self.ctx.vocabularies, self.ctx.today()))
        old = repository.get("matter_id", record.matter_id)
        with self.ctx.write():
            if old is None:
                new_id = repository.insert(record)
                self.ctx.record("create", kind, str(new_id), case_reference, filled_fields(record))
            else:
                new_id = old.id
                record = dataclasses.replace(record, id=new_id)
                repository.update(record)
                self.ctx.record(
                    "change", kind, str(new_id), case_reference, changed_fields(old, record)
                )
        result: R = dataclasses.replace(record, id=new_id)
        return result

    def note_crime_reference_viewed(self, matter_id: int) -> None:
        """The crime reference is a restricted field: it stays masked on screen, and each time
        someone chooses to see it, that is written to the audit log."""
        case_reference = self._matter_case(matter_id, Action.VIEW_CASE)
        with self.ctx.write():
            self.ctx.record("open", "crime_reference", str(matter_id), case_reference)
