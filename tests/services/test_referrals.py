"""The referral service on real vaults: consent, permissions, histories, waits and reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral
from survivorapp.services.access import VaultSession
from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from tests.services.conftest import as_user, case, survivor

TODAY = date.today()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def open_case(session: VaultSession, name: str = "Robin") -> str:
    return session.cases.open_new_case(survivor(known_as=name), case()).reference


def consent(session: VaultSession, reference: str, state: str = "given", on: int = 60) -> None:
    session.cases.record_consent(
        ConsentRecord(
            reference,
            "referral_named_agencies",
            state,
            days_ago(on),
            "verbal",
            scope="Talking therapies and sexual health" if state == "given" else None,
        )
    )


def referral(reference: str, destination: str = "talking_therapies", on: int = 30) -> Referral:
    return Referral(reference, destination, days_ago(on))


@pytest.fixture
def cw(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "cw")


@pytest.fixture
def reference(cw: VaultSession) -> str:
    found = open_case(cw)
    consent(cw, found)
    return found


def audit_rows(session: VaultSession) -> list[tuple[str, str, str | None, str]]:
    return [
        (r[0], r[1], r[2], r[3])
        for r in session.vault.connection.execute(
            "SELECT action, entity, case_ref, fields FROM audit_log ORDER BY seq"
        )
    ]


# --- consent -----------------------------------------------------------------------------------


def test_a_referral_cannot_be_made_without_consent_and_says_why(cw: VaultSession) -> None:
    reference = open_case(cw)
    with pytest.raises(ValidationFailed) as refused:
        cw.referrals.make(referral(reference))
    assert refused.value.user_message.startswith(
        "Record the survivor's consent to this referral first:"
    )
    assert cw.referrals.for_case(reference) == []
    offered = cw.referrals.offer(referral(reference))  # telling them about it needs none
    assert offered.status == "offered"
    with pytest.raises(ValidationFailed, match="consent to this referral first"):
        cw.referrals.change_status(offered.referral.id or 0, "made", days_ago(20))
    consent(cw, reference, on=25)
    made = cw.referrals.change_status(offered.referral.id or 0, "made", days_ago(20))
    assert made.status == "made"


def test_withdrawn_consent_stops_new_referrals_but_not_following_up_old_ones(
    cw: VaultSession, reference: str
) -> None:
    made = cw.referrals.make(referral(reference))
    consent(cw, reference, "withdrawn", on=10)
    with pytest.raises(ValidationFailed, match="withdrawn"):
        cw.referrals.make(referral(reference, "gp", on=5))
    assert made.referral.id is not None
    updated = cw.referrals.change_status(made.referral.id, "accepted", days_ago(5))
    assert updated.status == "accepted"


# --- histories -----------------------------------------------------------------------------------


def test_a_referral_moves_through_its_statuses_and_keeps_every_step(
    cw: VaultSession, reference: str
) -> None:
    made = cw.referrals.make(referral(reference, on=40))
    assert made.referral.made_by == "cw"
    rid = made.referral.id
    assert rid is not None
    service = cw.referrals
    service.change_status(rid, "acknowledged", days_ago(35))
    service.change_status(rid, "accepted", days_ago(30), note="Assessment booked")
    service.change_status(rid, "waiting", days_ago(30))
    record = service.change_status(rid, "first_appointment", days_ago(2))
    assert [c.status for c in record.history] == [
        "made",
        "acknowledged",
        "accepted",
        "waiting",
        "first_appointment",
    ]
    assert record.dates.days_to_acceptance == 10
    assert record.dates.days_to_first_appointment == 38
    again = service.for_case(reference)
    assert again == [record]
    stored = service.queries.stored_dates(rid)
    assert stored == record.dates  # the denormalised columns follow the history


def test_refused_moves_and_backward_dates_change_nothing(cw: VaultSession, reference: str) -> None:
    made = cw.referrals.make(referral(reference, on=20))
    rid = made.referral.id
    assert rid is not None
    with pytest.raises(ValidationFailed, match="can't become ongoing"):
        cw.referrals.change_status(rid, "ongoing", days_ago(10))
    with pytest.raises(ValidationFailed, match="only move forward"):
        cw.referrals.change_status(rid, "accepted", days_ago(21))
    with pytest.raises(ValidationFailed, match="reason"):
        cw.referrals.change_status(rid, "rejected", days_ago(10))
    rejected = cw.referrals.change_status(rid, "rejected", days_ago(10), reason="out_of_area")
    with pytest.raises(ValidationFailed, match="has ended"):
        cw.referrals.change_status(rid, "closed", days_ago(1))
    assert cw.referrals.get(rid) == rejected
    with pytest.raises(NotFound):
        cw.referrals.change_status(999_999, "closed", TODAY)


def test_the_directory_name_is_copied_and_survives_removal(
    admin_session: VaultSession, cw: VaultSession, reference: str
) -> None:
    havens = as_user(admin_session, "mgr").directory.add(
        DirectoryOrganisation("The Havens", "sexual_health", borough="E09000028")
    )
    made = cw.referrals.make(
        Referral(reference, "sexual_health", days_ago(3), organisation_id=havens.id)
    )
    assert made.referral.organisation_name == "The Havens"
    assert havens.id is not None
    assert as_user(admin_session, "mgr").directory.remove(havens.id) == 1
    kept = cw.referrals.for_case(reference)[0].referral
    assert (kept.organisation_id, kept.organisation_name) == (None, "The Havens")


def test_every_write_is_audited_by_field_never_value(cw: VaultSession, reference: str) -> None:
    made = cw.referrals.make(
        Referral(reference, "gp", days_ago(3), organisation_name="Dr Secretname's surgery")
    )
    assert made.referral.id is not None
    cw.referrals.change_status(made.referral.id, "accepted", days_ago(1), note="secret note")
    rows = audit_rows(cw)
    assert ("create", "referral", reference) == rows[-2][:3]
    assert "organisation_name" in rows[-2][3]
    assert rows[-1][:3] == ("create", "referral_status", reference)
    text = str(rows)
    assert "Secretname" not in text and "secret note" not in text


# --- permissions ------------------------------------------------------------------------------


def test_a_caseworker_cannot_touch_another_workers_referrals(
    admin_session: VaultSession, cw: VaultSession, reference: str
) -> None:
    made = cw.referrals.make(referral(reference))
    rid = made.referral.id
    assert rid is not None
    other = as_user(admin_session, "cw2")
    with pytest.raises(PermissionDenied):
        other.referrals.for_case(reference)
    with pytest.raises(PermissionDenied):
        other.referrals.change_status(rid, "accepted", TODAY)
    with pytest.raises(PermissionDenied):
        other.referrals.make(referral(reference))
    with pytest.raises(PermissionDenied):
        other.referrals.get(rid)
    assert other.referrals.open_referrals(mine_only=False) == []
    assert other.referrals.follow_up_due() == []
    manager = as_user(admin_session, "mgr")
    assert [s.referral_id for s in manager.referrals.open_referrals(mine_only=False)] == [rid]
    assert manager.referrals.open_referrals(mine_only=True) == []
    manager.referrals.change_status(rid, "accepted", TODAY)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "adm").referrals.for_case(reference)


def test_the_directory_is_read_by_case_workers_and_kept_by_managers(
    admin_session: VaultSession,
) -> None:
    manager = as_user(admin_session, "mgr")
    entry = manager.directory.add(
        DirectoryOrganisation("Mind in Camden", "community_mental_health")
    )
    cw = as_user(admin_session, "cw")
    assert [o.name for o in cw.directory.list()] == ["Mind in Camden"]
    assert cw.directory.list(search="camden mind") == [entry]
    assert cw.directory.list(destination_type="gp") == []
    for attempt in (
        lambda: cw.directory.add(DirectoryOrganisation("X", "gp")),
        lambda: cw.directory.update(entry),
        lambda: cw.directory.remove(entry.id or 0),
        lambda: cw.directory.import_csv("name,type\nX,gp\n"),
    ):
        with pytest.raises(PermissionDenied, match="Only managers"):
            attempt()
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "adm").directory.list()
    with pytest.raises(ValidationFailed, match="already in the directory"):
        manager.directory.add(DirectoryOrganisation("mind  in camden", "gp"))


# --- lists, reminders and counts -------------------------------------------------------------


@pytest.fixture
def caseload(admin_session: VaultSession, cw: VaultSession) -> dict[str, int]:
    """cw's case with four referrals at different points; cw2's case with one."""
    mine = open_case(cw, "Alex")
    consent(cw, mine, on=120)
    ids: dict[str, int] = {}

    def made(name: str, session: VaultSession, ref: str, destination: str, on: int) -> int:
        record = session.referrals.make(referral(ref, destination, on))
        assert record.referral.id is not None
        ids[name] = record.referral.id
        return record.referral.id

    made("no_reply_old", cw, mine, "talking_therapies", 20)  # follow-up due (>= 14)
    made("no_reply_new", cw, mine, "sexual_health", 5)  # not yet
    waiting = made("waiting_long", cw, mine, "talking_therapies", 100)
    cw.referrals.change_status(waiting, "accepted", days_ago(90))
    cw.referrals.change_status(waiting, "waiting", days_ago(90))
    seen = made("seen", cw, mine, "gp", 50)
    cw.referrals.change_status(seen, "first_appointment", days_ago(40))
    offered = cw.referrals.offer(referral(mine, "housing", 3))
    assert offered.referral.id is not None
    ids["offered"] = offered.referral.id
    cw2 = as_user(admin_session, "cw2")
    theirs = open_case(cw2, "Sam")
    consent(cw2, theirs, on=90)
    made("theirs", cw2, theirs, "talking_therapies", 30)
    return ids


def test_follow_up_reminders_use_the_setting(
    admin_session: VaultSession, cw: VaultSession, caseload: dict[str, int]
) -> None:
    due = cw.referrals.follow_up_due()
    assert [s.referral_id for s in due] == [caseload["no_reply_old"]]
    assert due[0].needs_follow_up and due[0].days_waiting == 20 and due[0].known_as == "Alex"
    admin_session.settings.set("referral_follow_up_days", 3)
    assert {s.referral_id for s in cw.referrals.follow_up_due()} == {
        caseload["no_reply_old"],
        caseload["no_reply_new"],
    }
    manager = as_user(admin_session, "mgr")
    assert manager.referrals.follow_up_due(mine_only=True) == []
    assert len(manager.referrals.follow_up_due(mine_only=False)) == 3


def test_open_referrals_filter_by_destination_status_and_wait(
    cw: VaultSession, caseload: dict[str, int]
) -> None:
    listed = cw.referrals.open_referrals()
    assert [s.referral_id for s in listed] == [  # still waiting first, longest wait first
        caseload["waiting_long"],
        caseload["no_reply_old"],
        caseload["no_reply_new"],
        caseload["seen"],
        caseload["offered"],
    ]
    assert {s.destination_type for s in cw.referrals.open_referrals(destination="gp")} == {"gp"}
    assert [s.referral_id for s in cw.referrals.open_referrals(status="waiting")] == [
        caseload["waiting_long"]
    ]
    longer = cw.referrals.open_referrals(waiting_longer_than=19)
    assert [(s.referral_id, s.days_waiting) for s in longer] == [
        (caseload["waiting_long"], 100),
        (caseload["no_reply_old"], 20),
    ]
    assert cw.referrals.open_referrals(waiting_longer_than=20)[-1].days_waiting == 100
    assert len(cw.referrals.open_referrals(limit=2)) == 2


def test_waits_by_destination_for_managers(
    admin_session: VaultSession, caseload: dict[str, int]
) -> None:
    manager = as_user(admin_session, "mgr")
    assert manager.referrals.waiting_longer_than_by_destination() == {"talking_therapies": 3}
    assert manager.referrals.waiting_longer_than_by_destination(days=25) == {"talking_therapies": 2}
    assert manager.referrals.waiting_longer_than_by_destination(days=0) == {
        "talking_therapies": 3,
        "sexual_health": 1,
    }
    assert manager.referrals.counts_by_status()["made"] == 3
