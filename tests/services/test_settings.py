"""Organisation settings: kept in the vault, changed by administrators only, each change audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.context import ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from survivorapp.vault import migrations
from tests.services.conftest import as_user
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def test_defaults_until_someone_changes_them(admin_session: VaultSession) -> None:
    assert admin_session.settings.get_all() == {
        "auto_lock_minutes": 5,
        "terminology": "survivor",
        "clipboard_clear_seconds": 30,
        "referral_follow_up_days": 14,
        "feedback_review_interval_weeks": 6,
        "backup_keep_daily": 7,
        "backup_keep_weekly": 4,
        "backup_keep_monthly": 12,
    }


def test_a_change_travels_with_the_vault(
    admin_session: VaultSession, staffed_dir: Path, access: VaultAccess
) -> None:
    admin_session.settings.set("auto_lock_minutes", 12)
    admin_session.settings.set("terminology", "client")
    admin_session.lock()
    with access.unlock(staffed_dir, ADMIN, ADMIN_PASSPHRASE) as again:
        assert again.settings.get_all()["auto_lock_minutes"] == 12
        assert again.settings.get("terminology") == "client"
        assert migrations.schema_version(again.vault.connection) == migrations.latest_version()


def test_only_administrators_change_them_but_everyone_reads_them(
    admin_session: VaultSession,
) -> None:
    for user in ("cw", "isva", "mgr"):
        session = as_user(admin_session, user)
        assert session.settings.get("auto_lock_minutes") == 5
        with pytest.raises(PermissionDenied) as caught:
            session.settings.set("auto_lock_minutes", 10)
        assert "administrators" in caught.value.user_message
    as_user(admin_session, "adm").settings.set("auto_lock_minutes", 10)
    assert admin_session.settings.get("auto_lock_minutes") == 10


def test_each_change_is_audited_by_key(admin_session: VaultSession) -> None:
    admin_session.settings.set_many({"auto_lock_minutes": 15, "clipboard_clear_seconds": 60})
    admin_session.settings.set("auto_lock_minutes", 15)  # no change, no entry
    rows = admin_session.vault.connection.execute(
        "SELECT actor, action, entity, entity_ref, fields FROM audit_log "
        "WHERE entity = 'setting' ORDER BY seq"
    ).fetchall()
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (ADMIN, "change", "auto_lock_minutes"),
        (ADMIN, "change", "clipboard_clear_seconds"),
    ]
    assert all("15" not in r[4] and "60" not in r[4] for r in rows)  # names, never values


def test_bad_values_are_refused_with_reasons_and_nothing_is_half_saved(
    admin_session: VaultSession,
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        admin_session.settings.set_many({"auto_lock_minutes": 90, "terminology": "client"})
    assert "between 1 and 60" in caught.value.user_message
    assert admin_session.settings.get("terminology") == "survivor"
    with pytest.raises(ValidationFailed):
        admin_session.settings.set("theme", "dark")  # a device setting, not the vault's
    with pytest.raises(ValidationFailed):
        admin_session.settings.set("no_such_setting", "1")
    admin_session.settings.set("auto_lock_minutes", "7")  # typed text is parsed
    assert admin_session.settings.get("auto_lock_minutes") == 7


def test_a_damaged_stored_value_falls_back_to_the_default(admin_session: VaultSession) -> None:
    with admin_session.vault.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('auto_lock_minutes', 'lots')")
    assert admin_session.settings.get("auto_lock_minutes") == 5


def test_verify_passphrase(admin_session: VaultSession) -> None:
    assert admin_session.verify_passphrase(ADMIN_PASSPHRASE) is True
    assert admin_session.verify_passphrase("not my passphrase at all") is False
