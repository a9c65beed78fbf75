"""The justice service: permissions, append-only events, audit, journeys and the court diary."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from survivorapp.domain.justice.derive import derive
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyOrder,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.services.access import VaultSession
from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from survivorapp.vault import tables
from survivorapp.vault.justice import lean_reader
from tests.services.conftest import as_user, audit_count, case, survivor

TODAY = date.today()
REPORTED = TODAY - timedelta(days=200)


def open_case(session: VaultSession, name: str = "Robin", **fields: object) -> str:
    created = session.cases.open_new_case(survivor(name=name, known_as=name), case(**fields))
    return created.reference


def event(matter_id: int | None, kind: str, day: date, **fields: object) -> JusticeEvent:
    return JusticeEvent(matter_id, kind, day, fields.pop("informed_by", "police"), **fields)  # type: ignore[arg-type]


def audit_rows(session: VaultSession) -> list[tuple[str, str, str | None, str]]:
    return [
        (r[0], r[1], r[2], r[3])
        for r in session.vault.connection.execute(
            "SELECT action, entity, case_ref, fields FROM audit_log ORDER BY seq"
        )
    ]


@pytest.fixture
def isva(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "isva")


@pytest.fixture
def matter(isva: VaultSession) -> JusticeMatter:
    reference = open_case(isva)
    return isva.justice.add_matter(
        JusticeMatter(
            reference,
            police_force="Metropolitan Police",
            crime_reference="CR-SECRET-123",
            date_reported=REPORTED,
        )
    )


def test_journey_round_trip_keeps_every_record(isva: VaultSession, matter: JusticeMatter) -> None:
    service = isva.justice
    assert matter.id is not None
    reported = service.record_event(event(matter.id, "reported_to_police", REPORTED))
    listed = service.record_event(
        event(
            matter.id,
            "trial_listed",
            REPORTED + timedelta(days=10),
            hearing_date=TODAY + timedelta(days=20),
            court="Snaresbrook Crown Court",
            informed_by="witness_care",
        )
    )
    earlier = service.record_event(event(matter.id, "abe_interview", REPORTED + timedelta(days=3)))
    position = service.record_position(
        SurvivorPosition(matter.id, "wants_to_proceed", REPORTED + timedelta(days=1))
    )
    measure = service.set_special_measure(
        SpecialMeasure(matter.id, "screens", "requested", REPORTED + timedelta(days=11))
    )
    vps = service.save_vps(VictimPersonalStatement(matter.id, offered_on=REPORTED))
    support = service.save_court_support(CourtSupport(matter.id, pre_trial_visit_on=TODAY))
    family = service.add_family_proceeding(
        FamilyProceeding(
            matter.case_reference,
            "non_molestation_order",
            "Central Family Court",
            (TODAY + timedelta(days=5),),
            (FamilyOrder("Non-molestation order", TODAY + timedelta(days=300)),),
            "Screens",
        )
    )

    journey = service.journey(matter.case_reference)

    assert journey.known_as == "Robin"
    [record] = journey.matters
    assert record.matter == matter
    assert record.events == (reported, listed, earlier)  # stored order
    assert listed.recorded_on == isva.ctx.today()
    assert record.positions == (position,)
    assert record.special_measures == (measure,)
    assert record.vps == vps and record.court_support == support
    assert journey.family == (family,)
    assert service.matter_ids_for(matter.case_reference) == [matter.id]
    opens = [r for r in audit_rows(isva) if r[0] == "open" and r[1] == "justice"]
    assert len(opens) == 1


def test_one_vps_court_support_and_right_per_key_are_updated_not_added(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    service = isva.justice
    first = service.save_vps(VictimPersonalStatement(matter.id, offered_on=REPORTED))
    second = service.save_vps(dataclasses.replace(first, made_on=REPORTED + timedelta(days=2)))
    assert second.id == first.id
    right = VictimsCodeRight(matter.case_reference, "crime_recorded", "not_yet", REPORTED)
    a = service.set_victims_code_right(right)
    b = service.set_victims_code_right(dataclasses.replace(right, status="delivered"))
    assert a.id == b.id
    conn = isva.vault.connection
    assert conn.execute("SELECT count(*) FROM victim_personal_statements").fetchone()[0] == 1
    assert conn.execute("SELECT status FROM victims_code_rights").fetchall() == [("delivered",)]
    changes = [r for r in audit_rows(isva) if r[0] == "change"]
    assert changes[0][:2] == ("change", "victim_personal_statement")
    assert '"made_on"' in changes[0][3] and "offered_on" not in changes[0][3]


def test_events_are_append_only_and_a_correction_keeps_the_original(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    service = isva.justice
    service.record_event(event(matter.id, "reported_to_police", REPORTED))
    wrong = service.record_event(
        event(
            matter.id,
            "police_decision",
            REPORTED + timedelta(days=40),
            outcome_code="outcome_16",
        )
    )
    assert derive([wrong], today=TODAY).outcome_group == "survivor_withdrew"
    assert wrong.id is not None
    fixed = service.correct_event(
        wrong.id,
        event(None, "police_decision", REPORTED + timedelta(days=40), outcome_code="outcome_15"),
    )

    assert fixed.supersedes == wrong.id and fixed.matter_id == matter.id
    [record] = service.journey(matter.case_reference).matters
    assert wrong in record.events and fixed in record.events
    state = derive(record.events, today=TODAY)
    assert state.outcome_code == "outcome_15"
    assert state.outcome_group == "police_nfa_evidential"
    assert not hasattr(service, "update_event") and not hasattr(service, "delete_event")


def test_a_correction_must_name_an_event_of_the_same_matter(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    other = isva.justice.add_matter(JusticeMatter(matter.case_reference, label="Second suspect"))
    stray = isva.justice.record_event(event(other.id, "reported_to_police", REPORTED))
    with pytest.raises(NotFound):
        isva.justice.record_event(event(matter.id, "abe_interview", REPORTED, supersedes=stray.id))


def test_audit_entries_name_fields_never_values(isva: VaultSession, matter: JusticeMatter) -> None:
    service = isva.justice
    service.record_event(
        event(matter.id, "crime_recorded", REPORTED, note="She said a private thing")
    )
    service.update_matter(
        dataclasses.replace(
            matter, bail_status="bail_with_conditions", bail_conditions="Not to contact Robin"
        )
    )
    rows = audit_rows(isva)
    text = repr(rows)
    for secret in ("private thing", "Not to contact", "CR-SECRET", "Metropolitan"):
        assert secret not in text
    created = [r for r in rows if r[:2] == ("create", "justice_event")]
    assert '"note"' in created[0][3] and '"event_type"' in created[0][3]
    changed = [r for r in rows if r[:2] == ("change", "justice_matter")]
    assert changed[0][3] == '["bail_conditions","bail_status"]' or "bail_status" in changed[0][3]
    assert all(r[2] == matter.case_reference for r in rows if r[1].startswith("justice"))


def test_a_matter_cannot_be_moved_to_another_case(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    elsewhere = open_case(isva, "Kim")
    isva.justice.update_matter(dataclasses.replace(matter, case_reference=elsewhere, label="x"))
    assert isva.justice.matter_ids_for(elsewhere) == []
    assert isva.justice.matter_ids_for(matter.case_reference) == [matter.id]


def test_validation_failure_writes_nothing(isva: VaultSession, matter: JusticeMatter) -> None:
    service = isva.justice
    before = audit_count(isva)
    bad = [
        lambda: service.record_event(event(matter.id, "trial_listed", REPORTED)),  # no hearing
        lambda: service.record_event(event(matter.id, "no_such_event", REPORTED)),
        lambda: service.record_event(
            event(matter.id, "reported_to_police", REPORTED, court="x" * 121)
        ),
        lambda: service.add_matter(JusticeMatter(matter.case_reference, bail_status="nonsense")),
        lambda: service.record_position(SurvivorPosition(matter.id, "maybe", REPORTED)),
        lambda: service.set_special_measure(SpecialMeasure(matter.id, "screens", "x", REPORTED)),
        lambda: service.save_vps(
            VictimPersonalStatement(matter.id, made_on=TODAY + timedelta(days=3))
        ),
    ]
    for call in bad:
        with pytest.raises(ValidationFailed):
            call()
    conn = isva.vault.connection
    assert audit_count(isva) == before
    for table in ("justice_events", "survivor_positions", "special_measures"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM justice_matters").fetchone()[0] == 1


def test_a_caseworker_not_allocated_can_neither_read_nor_write(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    other = as_user(isva, "cw").justice
    before = audit_count(isva)
    with pytest.raises(PermissionDenied):
        other.journey(matter.case_reference)
    with pytest.raises(PermissionDenied):
        other.record_event(event(matter.id, "reported_to_police", REPORTED))
    with pytest.raises(PermissionDenied):
        other.add_matter(JusticeMatter(matter.case_reference))
    with pytest.raises(PermissionDenied):
        other.save_vps(VictimPersonalStatement(matter.id))
    assert other.diary(365, today=TODAY) == []
    assert audit_count(isva) == before
    isva.cases.share(matter.case_reference, "cw")
    assert other.journey(matter.case_reference).matters


def test_a_restricted_case_is_hidden_as_if_it_did_not_exist(
    admin_session: VaultSession, isva: VaultSession, matter: JusticeMatter
) -> None:
    isva.justice.record_event(
        event(matter.id, "trial_listed", REPORTED, hearing_date=TODAY + timedelta(days=3))
    )
    manager = as_user(admin_session, "mgr")
    assert [e.case_reference for e in manager.justice.diary(7, today=TODAY)] == [
        matter.case_reference
    ]
    admin_session.cases.restrict(matter.case_reference, ["admin"])
    with pytest.raises(NotFound):
        manager.justice.journey(matter.case_reference)
    with pytest.raises(NotFound):
        isva.justice.record_event(event(matter.id, "abe_interview", REPORTED))
    assert manager.justice.diary(7, today=TODAY) == []
    assert isva.justice.diary(7, today=TODAY) == []
    assert [e.case_reference for e in admin_session.justice.diary(7, today=TODAY)] == [
        matter.case_reference
    ]


def test_diary_covers_the_days_asked_for_and_the_cases_the_actor_sees(
    admin_session: VaultSession, isva: VaultSession, matter: JusticeMatter
) -> None:
    service = isva.justice
    service.record_event(
        event(
            matter.id,
            "trial_listed",
            REPORTED,
            hearing_date=TODAY + timedelta(days=10),
            court="Southwark Crown Court",
        )
    )
    service.record_event(
        event(matter.id, "sentencing_listed", REPORTED, hearing_date=TODAY + timedelta(days=40))
    )
    # Another worker's case, not visible to the ISVA.
    cw = as_user(admin_session, "cw")
    theirs = cw.justice.add_matter(JusticeMatter(open_case(cw, "Ash")))
    cw.justice.record_event(
        event(theirs.id, "trial_listed", REPORTED, hearing_date=TODAY + timedelta(days=2))
    )

    week = service.diary(7, today=TODAY)
    fortnight = service.diary(14, today=TODAY)
    hearings = [e for e in fortnight if e.kind == "hearing"]
    assert not [e for e in week if e.kind == "hearing"]
    assert [(e.day, e.court, e.known_as) for e in hearings] == [
        (TODAY + timedelta(days=10), "Southwark Crown Court", "Robin")
    ]
    assert all(e.case_reference == matter.case_reference for e in service.diary(60, today=TODAY))
    assert len([e for e in service.diary(60, today=TODAY) if e.kind == "hearing"]) == 2
    everyone = as_user(admin_session, "mgr").justice.diary(14, today=TODAY)
    assert {e.case_reference for e in everyone if e.kind == "hearing"} == {
        matter.case_reference,
        theirs.case_reference,
    }
    assert {e.case_reference for e in everyone if e.kind == "hearing"} >= {
        e.case_reference for e in as_user(admin_session, "mgr").justice.diary(14, True, TODAY)
    }


def test_lean_rows_read_the_same_entities_as_the_generic_mapper(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    isva.justice.record_event(
        event(matter.id, "trial_listed", REPORTED, hearing_date=TODAY, court="Harrow", count=None)
    )
    conn = isva.vault.connection
    for spec in (tables.JUSTICE_MATTERS, tables.JUSTICE_EVENTS):
        columns = ", ".join(f'"{c}"' for c in spec.columns)
        for row in conn.execute(f"SELECT {columns} FROM {spec.table}"):
            generic = spec.from_row(dict(zip(spec.columns, row, strict=True)))
            assert lean_reader(spec)(row) == generic


def test_seeing_the_crime_reference_is_audited(isva: VaultSession, matter: JusticeMatter) -> None:
    assert matter.id is not None
    before = audit_count(isva)
    isva.justice.note_crime_reference_viewed(matter.id)
    assert audit_count(isva) == before + 1
    action, entity, case_ref, fields = audit_rows(isva)[-1]
    assert (action, entity, case_ref) == ("open", "crime_reference", matter.case_reference)
    assert "CR-SECRET-123" not in fields  # the entry names the matter, never the reference
    with pytest.raises(PermissionDenied):
        as_user(isva, "cw").justice.note_crime_reference_viewed(matter.id)


def test_a_batch_of_measures_is_saved_whole_or_not_at_all(
    isva: VaultSession, matter: JusticeMatter
) -> None:
    good = SpecialMeasure(matter.id, "screens", "applied", TODAY)
    also_good = SpecialMeasure(matter.id, "live_link", "requested", TODAY)
    bad = SpecialMeasure(matter.id, "not_a_measure", "granted", TODAY)
    before = audit_count(isva)
    with pytest.raises(ValidationFailed):
        isva.justice.set_special_measures([good, also_good, bad])
    assert isva.justice.journey(matter.case_reference).matters[0].special_measures == ()
    assert audit_count(isva) == before + 1  # only the journey read above
    saved = isva.justice.set_special_measures([good, also_good])
    assert [m.measure for m in saved] == ["screens", "live_link"]
    assert len(isva.justice.journey(matter.case_reference).matters[0].special_measures) == 2
