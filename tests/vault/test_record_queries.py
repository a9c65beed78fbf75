"""The vault's named reads that replaced SQL fragments once passed down from the services:
each returns exactly the rows, in the order, the services relied on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.incident import Incident
from survivorapp.domain.justice.records import JusticeMatter
from survivorapp.domain.justice.support import VictimsCodeRight
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.session import Session
from survivorapp.domain.task import Task
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.vault.case_records import CaseRecordQueries
from survivorapp.vault.cases import CaseQueries
from survivorapp.vault.directory import DirectoryRepository
from survivorapp.vault.justice import JusticeQueries
from survivorapp.vault.return_keys import ReturnKeyRepository
from tests.services.conftest import REFERRAL, case, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


@pytest.fixture
def session(vault_dir: Path, access: VaultAccess) -> Iterator[VaultSession]:
    opened = access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    yield opened
    opened.lock()


def new_case(session: VaultSession) -> str:
    return session.cases.open_new_case(survivor(), case()).reference


def test_a_cases_records_come_in_the_case_views_order(session: VaultSession) -> None:
    ref, other = new_case(session), new_case(session)
    cases = session.cases
    later = cases.record_consent(ConsentRecord(ref, "support", "given", date(2025, 2, 1), "verbal"))
    early = cases.record_consent(ConsentRecord(ref, "support", "refused", REFERRAL, "verbal"))
    same_day = cases.record_consent(ConsentRecord(ref, "support", "given", REFERRAL, "written"))
    cases.record_consent(ConsentRecord(other, "support", "given", REFERRAL, "verbal"))
    due_late = cases.add_task(Task(date(2025, 3, 1), "Call", case_reference=ref))
    due_soon = cases.add_task(Task(date(2025, 2, 1), "Write", case_reference=ref))
    incident = cases.add_incident(Incident(ref, is_presenting=True, types=("rape",)))
    log = cases.log_session
    a = log(Session(ref, date(2025, 2, 1), 30, "phone", "advocacy", start_time=time(9)))
    b = log(Session(ref, date(2025, 3, 1), 30, "phone", "advocacy"))
    c = log(Session(ref, date(2025, 2, 1), 30, "phone", "advocacy", start_time=time(14)))
    log(Session(other, date(2025, 4, 1), 30, "phone", "advocacy"))

    records = CaseRecordQueries(session.vault.connection)
    assert [r.id for r in records.consents(ref)] == [early.id, same_day.id, later.id]
    assert [t.id for t in records.tasks(ref)] == [due_soon.id, due_late.id]
    assert [i.id for i in records.incidents(ref)] == [incident.id]
    assert [s.id for s in records.sessions(ref)] == [b.id, c.id, a.id]
    assert [s.id for s in records.sessions(ref, limit=1)] == [b.id]
    assert records.session_count(ref) == 3
    assert records.session_count("C-999999") == 0
    assert records.sessions("C-999999") == []


def test_is_named_reads_the_restriction_list(session: VaultSession) -> None:
    ref = new_case(session)
    survivor_reference = session.cases.get(ref).survivor.reference
    queries = CaseQueries(session.vault.connection)
    assert not queries.is_named(survivor_reference, "someone")
    session.cases.restrict(ref, ["someone"])
    assert queries.is_named(survivor_reference, "someone")
    assert queries.is_named(survivor_reference, ADMIN)  # the person restricting is named
    assert not queries.is_named(survivor_reference, "someone else")


def test_one_victims_code_right_is_found_by_case_and_right(session: VaultSession) -> None:
    ref = new_case(session)
    matter = session.justice.add_matter(JusticeMatter(ref, date_reported=REFERRAL))
    saved = session.justice.set_victims_code_right(
        VictimsCodeRight(matter.case_reference, "crime_recorded", "not_yet", REFERRAL)
    )
    queries = JusticeQueries(session.vault.connection)
    assert queries.victims_code_right(ref, "crime_recorded") == saved
    assert queries.victims_code_right(ref, "referral_to_support") is None
    assert queries.victims_code_right("C-999999", "crime_recorded") is None


def test_the_directory_lists_by_name_ignoring_case(session: VaultSession) -> None:
    for name in ("mind", "Havens", "Beacon"):
        session.directory.add(DirectoryOrganisation(name, "community_mental_health"))
    names = [o.name for o in DirectoryRepository(session.vault.connection).by_name()]
    assert names == ["Beacon", "Havens", "mind"]


def test_the_organisation_name_is_kept_in_the_vault(session: VaultSession) -> None:
    repository = ReturnKeyRepository(session.vault.connection)
    assert repository.organisation_name() is None
    with session.vault.transaction() as conn:
        ReturnKeyRepository(conn).set_organisation_name("Rape Crisis Somewhere")
    assert repository.organisation_name() == "Rape Crisis Somewhere"
