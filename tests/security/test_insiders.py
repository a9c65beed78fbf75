"""Insiders holding the raw data key (issue 17): what `check` now catches.

Every user unwraps the same data key, so before signed entries, checkpoints and slot
commitments, anyone who could unlock could forge an audit entry "by" someone else, cut the log's
tail and fix its head, rewrite the chain, or break the recovery slot, and `check` still said
healthy. Each test here does one of those with the raw key, as an attacker with a modified
program would, and fails on the code before issue 17.
"""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.context import AUDIT_KEY_PURPOSE
from survivorapp.vault import audit_checkpoint, keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.audit import GENESIS, AuditEntry, AuditLog, _mac, entry_body, register_key
from survivorapp.vault.audit_keys import signed_message
from survivorapp.vault.user_keys import UserKeys
from survivorapp.vault.vault import UnlockedVault
from tests.cli.test_cli import run_cli
from tests.conftest import TemplateVault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

REPO_ROOT = Path(__file__).resolve().parents[2]
CW, CW_PASS = "cw", "the caseworker's own passphrase"


@pytest.fixture(scope="module")
def team_template(template_vault: TemplateVault, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template vault plus a caseworker who has unlocked once and done something."""
    folder = copy_vault(template_vault.folder, tmp_path_factory.mktemp("team") / "vault")
    access = VaultAccess()
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as admin:
        admin.add_user(CW, CW_PASS, ("caseworker",))
    with access.unlock(folder, CW, CW_PASS) as cw:
        cw.audit.verify()
    return folder


@pytest.fixture
def team_dir(team_template: Path, tmp_path: Path) -> Path:
    return copy_vault(team_template, tmp_path / "vault")


def _failures(session: VaultSession, checkpoints: tuple[Path, ...] = ()) -> dict[str, str]:
    return {i.name: i.detail for i in session.check(list(checkpoints)).items if not i.ok}


def _attacker_log(raw: UnlockedVault) -> AuditLog:
    """The audit log as someone holding the raw data key (and only their own keys) has it."""
    key = raw.derive_subkey(AUDIT_KEY_PURPOSE)
    return AuditLog(raw.connection, key, raw.vault_id, lambda: raw.user_keys)


def _resign_from(raw: UnlockedVault, start: int) -> None:
    """Recompute MACs, signatures and the head from entry ``start`` on, with the attacker's
    own key: everything a data-key holder can do to make a changed chain verify."""
    conn, key, keys = raw.connection, raw.derive_subkey(AUDIT_KEY_PURPOSE), raw.user_keys
    prev = GENESIS
    if start > 1:
        prev = conn.execute("SELECT mac FROM audit_log WHERE seq = ?", (start - 1,)).fetchone()[0]
    rows = conn.execute(
        "SELECT seq, at, actor, action, entity, entity_ref, case_ref, fields FROM audit_log "
        "WHERE seq >= ? ORDER BY seq",
        (start,),
    ).fetchall()
    last = start - 1
    for row in rows:
        entry = AuditEntry(*row[:7], fields=tuple(json.loads(row[7])))
        body = entry_body(entry, keys.public.key_id)
        mac = _mac(key, prev, body)
        signature = keys.sign(signed_message(raw.vault_id, prev, body))
        conn.execute(
            "UPDATE audit_log SET prev_mac = ?, mac = ?, signer = ?, signature = ? WHERE seq = ?",
            (prev, mac, keys.public.key_id, base64.b64encode(signature).decode(), row[0]),
        )
        prev, last = mac, row[0]
    conn.execute("UPDATE vault_meta SET value = ? WHERE key = 'audit_head'", (f"{last}:{prev}",))


def test_an_entry_forged_by_another_user_with_the_raw_key_is_caught(team_dir: Path) -> None:
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        _attacker_log(raw).append(CW, "export", "return", "2025-Q1", fields=["level=exact"])
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        failures = _failures(session)
    assert "names 'cw' but is signed with the key of 'admin'" in failures["audit log"]


def test_a_new_key_that_registers_itself_for_another_user_is_caught(team_dir: Path) -> None:
    rogue = UserKeys.generate()
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        raw._user_keys = rogue  # the attacker signs with a key of their own making
        log = _attacker_log(raw)
        register_key(log, CW, CW, rogue.public)
        log.append(CW, "open", "case", case_ref="C-000001")
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        failures = _failures(session)
    assert "registered itself although 'cw' already had one" in failures["audit log"]


def test_a_key_registered_for_another_user_behind_their_back_is_caught(team_dir: Path) -> None:
    """The one way left to sign in someone's name: register a key for them openly, as a reset
    would. Their slot still holds their own key, so check names the mismatch."""
    rogue = UserKeys.generate()
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        register_key(_attacker_log(raw), ADMIN, CW, rogue.public)
        raw._user_keys = rogue
        _attacker_log(raw).append(CW, "open", "case", case_ref="C-000001")
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        failures = _failures(session)
    assert "audit log" not in failures  # every signature is valid ...
    assert "'cw''s slot holds a different key" in failures["key slots match the audit log"]


def test_cutting_the_tail_and_fixing_the_head_is_caught(team_dir: Path) -> None:
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        log = _attacker_log(raw)
        count, _ = log.head()
        keep = count - 3
        raw.connection.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
        head = f"{keep}:{log.mac_at(keep)}"
        raw.connection.execute("UPDATE vault_meta SET value = ? WHERE key = 'audit_head'", (head,))
        assert log.verify().ok  # the chain alone cannot tell
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        failures = _failures(session)
    assert "audit log" not in failures
    assert "entries were removed from the end" in failures["checkpoint"]


def test_rewriting_the_chain_is_caught_by_the_checkpoints(team_dir: Path, tmp_path: Path) -> None:
    access = VaultAccess()
    outside = tmp_path / "kept-by-the-manager.json"
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.audit.write_checkpoint(outside)
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        conn = raw.connection
        # After the caseworker's last entry, all are the administrator's own: rewrite one
        # and re-sign the rest.
        start = conn.execute("SELECT max(seq) + 1 FROM audit_log WHERE actor = ?", (CW,))
        first = int(start.fetchone()[0])
        conn.execute("UPDATE audit_log SET action = 'open' WHERE seq = ?", (first,))
        _resign_from(raw, first)
        assert _attacker_log(raw).verify().ok
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        failures = _failures(session)
        assert "the log was rewritten" in failures["checkpoint"]
    # The attacker replaces the checkpoint beside the vault too: only the witness kept
    # elsewhere still knows. (That is the limit; docs/threat-model.md.)
    (team_dir / audit_checkpoint.FILE_NAME).unlink()
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.lock()
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert _failures(session) == {}
        failures = _failures(session, (outside,))
    assert "the log was rewritten" in failures[f"checkpoint {outside.name}"]


def _edit_slot(folder: Path, user: str | None, **changes: object) -> None:
    path = folder / "keyslots.json"
    data = json.loads(path.read_text())
    slot = next(s for s in data["slots"] if s["user"] == user)
    slot.update(changes)
    slot["checksum"] = keyslots._checksum({k: v for k, v in slot.items() if k != "checksum"})
    path.write_text(json.dumps(data))


def test_a_replaced_recovery_slot_is_caught(team_dir: Path) -> None:
    random_key = base64.b64encode(secrets.token_bytes(48)).decode()
    _edit_slot(team_dir, None, wrapped_key=random_key)
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        failures = _failures(session)
    assert "key slots" not in failures  # it parses, and its checksum is right ...
    assert "the recovery slot differs" in failures["key slots match the database"]


def test_an_old_keyslots_file_put_back_is_caught(team_dir: Path) -> None:
    old = (team_dir / "keyslots.json").read_bytes()
    access = VaultAccess()
    with access.unlock(team_dir, CW, CW_PASS) as cw:
        cw.change_passphrase(CW, CW_PASS, "a new passphrase for cw")
    (team_dir / "keyslots.json").write_bytes(old)  # someone kept the old file
    with access.unlock(team_dir, CW, CW_PASS) as cw:  # it still opens the database ...
        failures = _failures(cw)
    assert (
        "the slot of 'cw' was not written by survivorapp"
        in failures["key slots match the database"]
    )
    assert "'cw''s slot holds a different key" in failures["key slots match the audit log"]


def test_the_lock_checkpoint_is_private_and_kept_when_it_disagrees(team_dir: Path) -> None:
    path = team_dir / audit_checkpoint.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    recorded = audit_checkpoint.read_checkpoint(path)
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw:
        raw.connection.execute("DELETE FROM audit_log WHERE seq > 3")
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE):
        pass  # locking again must not paper over the evidence
    assert audit_checkpoint.read_checkpoint(path) == recorded


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE)


def test_audit_checkpoint_and_check_checkpoint_on_the_command_line(
    team_dir: Path, tmp_path: Path
) -> None:
    witness = tmp_path / "witness.json"
    made = _cli("audit-checkpoint", "--vault", str(team_dir), "--out", str(witness), home=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    assert stat.S_IMODE(witness.stat().st_mode) == 0o600
    assert json.loads(witness.read_text())["format"] == "survivorapp-audit-checkpoint"
    ok = _cli("check", "--vault", str(team_dir), "--checkpoint", str(witness), home=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "ok    checkpoint witness.json" in ok.stdout
    # Cut the tail, fix the head, and replace the checkpoint beside the vault as well.
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw, raw.transaction():
        log = _attacker_log(raw)
        keep = log.head()[0] - 4
        raw.connection.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
        raw.connection.execute(
            "UPDATE vault_meta SET value = ? WHERE key = 'audit_head'",
            (f"{keep}:{log.mac_at(keep)}",),
        )
    (team_dir / audit_checkpoint.FILE_NAME).unlink()
    shutil.rmtree(tmp_path / "home", ignore_errors=True)
    bad = _cli("check", "--vault", str(team_dir), "--checkpoint", str(witness), home=tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "FAIL  checkpoint witness.json" in bad.stdout


def test_ordinary_use_by_several_people_checks_clean(
    team_dir: Path, template_vault: TemplateVault
) -> None:
    """No false alarms: resets, own changes and a recovery session all keep the log valid."""
    access = VaultAccess()
    with access.unlock_with_recovery(team_dir, template_vault.recovery_key) as rescue:
        rescue.accounts.reset_passphrase(CW, "reset by the recovery key")
    with access.unlock(team_dir, CW, "reset by the recovery key") as cw:
        cw.change_passphrase(CW, "reset by the recovery key", CW_PASS)
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as admin:
        admin.accounts.reset_passphrase(CW, "reset by the administrator")
    with access.unlock(team_dir, CW, "reset by the administrator") as cw:
        assert _failures(cw) == {}
        actors = {e.actor for e in cw.ctx.audit.recent(1000)}
    assert {ADMIN, CW, "recovery-key"} <= actors


def test_a_checkpoint_object_from_a_manifest_is_compared(team_dir: Path) -> None:
    with VaultAccess().unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        witness = session.audit.checkpoint()
        assert session.audit.compare_checkpoint(witness) is None
        assert "cannot be read" in (session.audit.compare_checkpoint({"format": 1}) or "")
        forged = {**witness, "entries": witness["entries"] + 5}
        assert "signature does not match" in (session.audit.compare_checkpoint(forged) or "")
        session.vault.connection.execute(
            "DELETE FROM audit_log WHERE seq > ?", (witness["entries"] - 2,)
        )
        assert "removed from the end" in (session.audit.compare_checkpoint(witness) or "")


def test_the_chain_keeps_its_mac_key_across_a_data_key_change(team_dir: Path) -> None:
    """A rotation stores the old derived key: the chain (and every signature over its MACs)
    stays valid. Any other stored key breaks the chain at entry 1."""
    access = VaultAccess()
    with vault_ops.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as raw:
        derived = raw.derive_subkey(AUDIT_KEY_PURPOSE).hex()
        raw.connection.execute(
            "INSERT INTO vault_meta(key, value) VALUES ('audit_chain_key', ?)", (derived,)
        )
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.audit.verify().ok
        session.vault.connection.execute(
            "UPDATE vault_meta SET value = ? WHERE key = 'audit_chain_key'", ("ab" * 32,)
        )
    with access.unlock(team_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        assert session.audit.verify().first_broken == 1
