"""The directory of local organisations on a real vault: CSV import is all or nothing."""

from __future__ import annotations

import pytest

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.services.access import VaultSession
from survivorapp.services.context import NotFound, ValidationFailed
from tests.services.conftest import as_user

GOOD = (
    "name,type,borough,phone,email,address,notes\n"
    "Camden Talking Therapies,NHS Talking Therapies,Camden,020 3317 6670,,,Self-referral too\n"
    "The Havens,sexual_health,Southwark,,,,\n"
    "Solace Women's Aid,domestic_abuse,Islington,,help@example.org,,\n"
)


@pytest.fixture
def manager(admin_session: VaultSession) -> VaultSession:
    return as_user(admin_session, "mgr")


def rows(session: VaultSession) -> int:
    found = session.vault.connection.execute("SELECT count(*) FROM directory_organisations")
    return int(found.fetchone()[0])


def audit_entries(session: VaultSession) -> list[tuple[str, str, str | None]]:
    return [
        (r[0], r[1], r[2])
        for r in session.vault.connection.execute(
            "SELECT action, entity, entity_ref FROM audit_log "
            "WHERE entity = 'directory_organisation' ORDER BY seq"
        )
    ]


def test_a_good_file_is_imported_whole_with_one_audit_entry(manager: VaultSession) -> None:
    report = manager.directory.import_csv(GOOD)
    assert report.ok and report.imported == 3
    assert [o.name for o in manager.directory.list()] == [
        "Camden Talking Therapies",
        "Solace Women's Aid",
        "The Havens",
    ]
    assert audit_entries(manager) == [("import", "directory_organisation", "3")]


def test_one_bad_line_means_nothing_is_written_and_every_bad_line_is_named(
    manager: VaultSession,
) -> None:
    text = GOOD + "Nowhere House,not_a_type,,,,,\nSomewhere,gp,,phone me,,,\n"
    report = manager.directory.import_csv(text)
    assert not report.ok and report.imported == 0
    assert report.bad_lines == (5, 6)
    assert rows(manager) == 0
    assert audit_entries(manager) == []


def test_entries_already_in_the_directory_are_reported_not_doubled(
    manager: VaultSession,
) -> None:
    manager.directory.add(DirectoryOrganisation("THE HAVENS", "sexual_health", borough="E09000028"))
    report = manager.directory.import_csv(GOOD)
    assert report.bad_lines == (3,)
    assert "already in the directory" in report.problems[0].message
    assert rows(manager) == 1


def test_what_is_exported_imports_again(manager: VaultSession, admin_session: VaultSession) -> None:
    manager.directory.import_csv(GOOD)
    exported = as_user(admin_session, "cw").directory.export_csv()
    for entry in manager.directory.list():
        assert entry.id is not None
        manager.directory.remove(entry.id)
    assert manager.directory.import_csv(exported).imported == 3


def test_editing_and_removing_entries(manager: VaultSession) -> None:
    entry = manager.directory.add(DirectoryOrganisation("Mind", "community_mental_health"))
    assert entry.id is not None
    changed = manager.directory.update(
        DirectoryOrganisation("Mind in Camden", "community_mental_health", entry.id, "E09000007")
    )
    assert manager.directory.get(entry.id) == changed
    with pytest.raises(ValidationFailed, match="email"):
        manager.directory.update(
            DirectoryOrganisation("Mind", "community_mental_health", entry.id, email="nope")
        )
    assert manager.directory.remove(entry.id) == 0
    with pytest.raises(NotFound):
        manager.directory.get(entry.id)
    assert [a for a, _e, _r in audit_entries(manager)] == ["create", "change", "delete"]
