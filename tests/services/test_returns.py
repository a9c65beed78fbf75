"""The return service: who may preview and export, the passphrase asked again, the audit entry,
the organisation's signing key and commissioners' keys."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from survivorapp.reporting.keys import (
    fingerprint,
    generate_commissioner_keys,
    load_signing_public_key,
)
from survivorapp.reporting.manifest import MANIFEST_FILE
from survivorapp.reporting.model import Level
from survivorapp.reporting.sealing import SEALED_FILE
from survivorapp.reporting.signing import verify_return
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.context import NotFound
from survivorapp.services.permissions import PermissionDenied
from survivorapp.services.returns import ReturnRefused
from survivorapp.vault.errors import CredentialsNotRecognised
from survivorapp.vault.return_keys import ReturnKeyRepository
from tests.services.conftest import as_user, passphrase_of
from tests.support.vaults import ADMIN_PASSPHRASE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vaults"
PERIOD = "2025-Q2"


def audit_rows(session: VaultSession, entity: str) -> list[tuple[str, str, str, str]]:
    return [
        (r[0], r[1], r[2] or "", r[3])
        for r in session.vault.connection.execute(
            "SELECT actor, action, entity_ref, fields FROM audit_log WHERE entity = ? ORDER BY seq",
            (entity,),
        )
    ]


def test_only_managers_preview_and_export(admin_session: VaultSession, tmp_path: Path) -> None:
    for user in ("cw", "isva", "adm"):
        other = as_user(admin_session, user)
        with pytest.raises(PermissionDenied):
            other.returns.preview(PERIOD, "publication")
        with pytest.raises(PermissionDenied):
            other.returns.available_periods()
        with pytest.raises(PermissionDenied):
            other.returns.export(PERIOD, "internal", tmp_path / user, passphrase_of(user))
    manager = as_user(admin_session, "mgr")
    preview = manager.returns.preview(PERIOD, "publication")
    assert preview.level is Level.PUBLICATION
    assert preview.table("demand_by_source").cells


def test_open_and_unknown_periods_are_refused(admin_session: VaultSession) -> None:
    manager = as_user(admin_session, "mgr")
    with pytest.raises(ReturnRefused, match="once the period has ended"):
        manager.returns.preview("2090-Q1", "internal")
    with pytest.raises(ReturnRefused, match="not a reporting period"):
        manager.returns.preview("last month", "internal")
    with pytest.raises(ReturnRefused, match="below 5"):
        manager.returns.preview(PERIOD, "publication", k=3)
    labels = [p.label for p in manager.returns.available_periods()]
    assert labels and all(label != "2090-Q1" for label in labels)


def test_export_asks_for_the_passphrase_again_and_audits_the_checksum(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    returns = admin_session.returns  # admin is also a manager
    out = tmp_path / "return"
    with pytest.raises(CredentialsNotRecognised):
        returns.export(PERIOD, "publication", out, "not my passphrase")
    assert not out.exists()
    assert audit_rows(admin_session, "return") == []

    exported = returns.export(PERIOD, "publication", out, ADMIN_PASSPHRASE, k=10)
    checksum = hashlib.sha256((out / MANIFEST_FILE).read_bytes()).hexdigest()
    assert exported.checksum == checksum
    rows = audit_rows(admin_session, "return")
    assert len(rows) == 1
    actor, action, period, fields = rows[0]
    assert (actor, action, period) == ("admin", "export", PERIOD)
    assert f"sha256={checksum}" in fields and "level=publication" in fields
    assert "count" not in fields.replace("k=10", "")  # never a count in the audit log

    key_file = tmp_path / "organisation.pub.pem"
    printed = returns.export_organisation_key(key_file)
    public = load_signing_public_key(key_file)
    assert fingerprint(public) == printed == exported.manifest.data["organisation_key"]
    assert verify_return(out, public).ok


def test_the_folder_must_be_new_or_empty(admin_session: VaultSession, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "something.txt").write_text("already here")
    with pytest.raises(ReturnRefused, match="empty folder"):
        admin_session.returns.export(PERIOD, "internal", out, ADMIN_PASSPHRASE)


def test_the_signing_key_is_made_with_the_vault(admin_session: VaultSession) -> None:
    stored = ReturnKeyRepository(admin_session.vault.connection).organisation_key()
    assert stored is not None and len(stored.private_key) == 32
    assert admin_session.returns.organisation_fingerprint() == stored.fingerprint


def test_an_older_vault_gets_its_key_on_first_need(tmp_path: Path, access: VaultAccess) -> None:
    folder = shutil.copytree(FIXTURES / "schema-v5", tmp_path / "old")
    with access.unlock(folder, "admin", "fixture vault passphrase") as session:
        repository = ReturnKeyRepository(session.vault.connection)
        assert repository.organisation_key() is None
        first = session.returns.organisation_fingerprint()
        assert repository.organisation_key() is not None
        assert session.returns.organisation_fingerprint() == first
        assert [r[1] for r in audit_rows(session, "organisation_key")] == ["create"]


def test_commissioner_keys_are_managed_by_administrators(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    files = generate_commissioner_keys(tmp_path / "commissioner")
    pem = files.public_key.read_bytes()
    manager = as_user(admin_session, "mgr")
    with pytest.raises(PermissionDenied):
        manager.returns.import_commissioner_key("MOPAC", pem)
    administrator = as_user(admin_session, "adm")
    added = administrator.returns.import_commissioner_key("  MOPAC  ", pem)
    assert (added.label, added.fingerprint, added.added_by) == ("MOPAC", files.fingerprint, "adm")
    with pytest.raises(ReturnRefused, match="already"):
        administrator.returns.import_commissioner_key("Again", pem)
    with pytest.raises(ReturnRefused, match="isn't a commissioner's public key"):
        administrator.returns.import_commissioner_key(
            "Wrong", files.signing_public_key.read_bytes()
        )
    assert [k.label for k in manager.returns.commissioner_keys()] == ["MOPAC"]
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw").returns.commissioner_keys()

    out = tmp_path / "sealed"
    with pytest.raises(ReturnRefused, match="choose whose"):
        manager.returns.export(PERIOD, "sealed", out, passphrase_of("mgr"))
    exported = manager.returns.export(
        PERIOD, "sealed", out, passphrase_of("mgr"), commissioner_key_id=added.id
    )
    assert (out / SEALED_FILE).is_file()
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "manifest.sig", SEALED_FILE]
    fields = audit_rows(admin_session, "return")[-1][3]
    assert f"sealed_for={files.fingerprint}" in fields
    assert exported.manifest.level is Level.SEALED

    with pytest.raises(PermissionDenied):
        manager.returns.remove_commissioner_key(added.id)
    administrator.returns.remove_commissioner_key(added.id)
    assert manager.returns.commissioner_keys() == []
    with pytest.raises(NotFound):
        administrator.returns.remove_commissioner_key(added.id)
    actions = [(r[1], r[2]) for r in audit_rows(admin_session, "commissioner_key")]
    assert actions == [("create", files.fingerprint), ("delete", files.fingerprint)]


def test_a_recovery_key_session_cannot_export(
    staffed_dir: Path, access: VaultAccess, template_vault: object, tmp_path: Path
) -> None:
    recovery = template_vault.recovery_key
    # The recovery actor is an administrator, not a manager.
    with (
        access.unlock_with_recovery(staffed_dir, recovery) as session,
        pytest.raises(PermissionDenied),
    ):
        session.returns.export(PERIOD, "internal", tmp_path / "r", recovery)


def test_internal_manifests_witness_the_audit_log_and_publications_do_not(
    admin_session: VaultSession, tmp_path: Path
) -> None:
    internal, public = tmp_path / "internal", tmp_path / "public"
    admin_session.returns.export(PERIOD, "internal", internal, ADMIN_PASSPHRASE)
    admin_session.returns.export(PERIOD, "publication", public, ADMIN_PASSPHRASE, k=10)
    manifest = json.loads((internal / MANIFEST_FILE).read_text())
    assert manifest["audit_checkpoint"]["format"] == "survivorapp-audit-checkpoint"
    assert "audit_checkpoint" not in json.loads((public / MANIFEST_FILE).read_text())
    witness = [internal / MANIFEST_FILE]
    assert all(item.ok for item in admin_session.check(witness).items)
    entries = manifest["audit_checkpoint"]["entries"]
    admin_session.vault.connection.execute("DELETE FROM audit_log WHERE seq >= ?", (entries,))
    failed = {i.name: i.detail for i in admin_session.check(witness).items if not i.ok}
    assert "removed from the end" in failed[f"checkpoint {MANIFEST_FILE}"]
