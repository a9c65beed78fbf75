"""``survivorapp rekey`` run as a real subprocess, as an administrator would run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess
from survivorapp.services.permissions import Role
from tests.cli.test_cli import RECOVERY_RE, assert_one_plain_line, run_cli
from tests.conftest import TemplateVault
from tests.support.files import sha256
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_rekey_shows_a_new_recovery_key_and_the_old_key_file_opens_nothing(
    vault_dir: Path, home: Path, tmp_path: Path, template_vault: TemplateVault
) -> None:
    old_slots = (vault_dir / "keyslots.json").read_bytes()
    done = run_cli(
        "rekey", "--vault", vault_dir, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    keys = RECOVERY_RE.findall(done.stdout)
    assert len(keys) == 1 and keys[0] != template_vault.recovery_key
    assert "shown once" in done.stdout

    checked = run_cli(
        "check", "--vault", vault_dir, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    new_key = tmp_path / "new.txt"
    new_key.write_text(keys[0], encoding="utf-8")
    old_key = tmp_path / "old.txt"
    old_key.write_text(template_vault.recovery_key, encoding="utf-8")
    opened = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--recovery",
        "--recovery-key-file",
        new_key,
        home=home,
    )
    assert opened.returncode == 0, opened.stderr
    refused = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--recovery",
        "--recovery-key-file",
        old_key,
        home=home,
    )
    assert refused.returncode == 3
    assert_one_plain_line(refused.stderr)

    (vault_dir / "keyslots.json").write_bytes(old_slots)  # a copy someone kept
    stale = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert stale.returncode == 3
    assert_one_plain_line(stale.stderr)


def test_rekey_with_the_recovery_key(
    vault_dir: Path, home: Path, tmp_path: Path, template_vault: TemplateVault
) -> None:
    key_file = tmp_path / "key.txt"
    key_file.write_text(template_vault.recovery_key, encoding="utf-8")
    done = run_cli(
        "rekey", "--vault", vault_dir, "--recovery", "--recovery-key-file", key_file, home=home
    )
    assert done.returncode == 0, done.stderr
    assert len(RECOVERY_RE.findall(done.stdout)) == 1
    # nobody was present to re-wrap the administrator's slot directly
    assert "admin" in done.stdout.split("NEW RECOVERY KEY")[1]


def test_a_wrong_passphrase_or_a_non_administrator_changes_nothing(
    vault_dir: Path, home: Path, access: VaultAccess
) -> None:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("cara", "cara's own passphrase", (Role.CASEWORKER.value,))
    before = (sha256(vault_dir / "cases.db"), sha256(vault_dir / "keyslots.json"))
    wrong = run_cli(
        "rekey", "--vault", vault_dir, "--user", ADMIN, home=home, passphrase="not the passphrase"
    )
    assert wrong.returncode == 3
    assert_one_plain_line(wrong.stderr)
    assert (sha256(vault_dir / "cases.db"), sha256(vault_dir / "keyslots.json")) == before

    caseworker = run_cli(
        "rekey",
        "--vault",
        vault_dir,
        "--user",
        "cara",
        home=home,
        passphrase="cara's own passphrase",
    )
    assert caseworker.returncode == 3
    assert_one_plain_line(caseworker.stderr)
    assert sha256(vault_dir / "keyslots.json") == before[1]
    assert RECOVERY_RE.findall(caseworker.stdout) == []
