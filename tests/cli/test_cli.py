"""The command line, run as a real subprocess the way a script or an administrator would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from survivorapp.vault import vault as vault_ops
from survivorapp.vault.recovery import parse_recovery_key
from tests.conftest import TemplateVault
from tests.support.files import snapshot
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

REPO_ROOT = Path(__file__).resolve().parents[2]
NEW_PASSPHRASE = "a completely new passphrase"
RECOVERY_RE = re.compile(r"\b([0-9A-Z]{5}(?:-[0-9A-Z]{5}){7})\b")
JARGON = ("Traceback", "file is not a database", "sqlcipher", "SQLITE", "ERROR CORE")


def run_cli(
    *args: str | Path, home: Path, passphrase: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("SURVIVORAPP_PASSPHRASE", None)
    env.update(
        SURVIVORAPP_HOME=str(home),
        PYTHONPATH=str(REPO_ROOT),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",  # never the real keyring
    )
    if passphrase is not None:
        env["SURVIVORAPP_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "survivorapp", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        cwd=REPO_ROOT,
    )


def assert_one_plain_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert not any(j.lower() in stderr.lower() for j in JARGON), stderr
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_init_prints_a_recovery_key_that_opens_the_vault(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "new-vault"
    made = run_cli(
        "init", "--vault", folder, "--kdf-seconds", "0", home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert made.returncode == 0, made.stderr
    keys = RECOVERY_RE.findall(made.stdout)
    assert len(keys) == 1, made.stdout
    assert len(keys[0].split("-")) == 8
    parse_recovery_key(keys[0])
    assert ADMIN_PASSPHRASE not in made.stdout + made.stderr
    assert (folder / "cases.db").is_file() and (folder / "keyslots.json").is_file()

    again = run_cli(
        "init", "--vault", folder, "--kdf-seconds", "0", home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert again.returncode == 2
    assert_one_plain_line(again.stderr)

    key_file = _write(tmp_path / "recovery.txt", keys[0] + "\n")
    opened = run_cli(
        "unlock-check", "--vault", folder, "--recovery", "--recovery-key-file", key_file, home=home
    )
    assert opened.returncode == 0, opened.stderr
    assert "recovery key" in opened.stdout


def test_unlock_check_with_environment_and_with_passphrase_file(
    vault_dir: Path, home: Path, tmp_path: Path
) -> None:
    by_env = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert by_env.returncode == 0, by_env.stderr
    assert f"opened for {ADMIN}" in by_env.stdout
    pass_file = _write(tmp_path / "pass.txt", ADMIN_PASSPHRASE + "\n")
    by_file = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        "--passphrase-file",
        pass_file,
        home=home,
    )
    assert by_file.returncode == 0, by_file.stderr
    assert by_file.stderr == ""


def test_wrong_passphrase_and_unknown_user_look_the_same(vault_dir: Path, home: Path) -> None:
    wrong = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        home=home,
        passphrase="not the passphrase",
    )
    unknown = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        "mallory",
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert wrong.returncode == unknown.returncode == 3
    line = assert_one_plain_line(wrong.stderr)
    assert "not recognised" in line
    assert unknown.stderr == wrong.stderr
    assert wrong.stdout == unknown.stdout == ""


def test_no_passphrase_and_no_terminal_is_a_usage_error(vault_dir: Path, home: Path) -> None:
    result = run_cli("unlock-check", "--vault", vault_dir, "--user", ADMIN, home=home)
    assert result.returncode == 2
    line = assert_one_plain_line(result.stderr)
    assert "--passphrase-file" in line and "SURVIVORAPP_PASSPHRASE" in line
    no_user = run_cli("unlock-check", "--vault", vault_dir, home=home, passphrase=ADMIN_PASSPHRASE)
    assert no_user.returncode == 2
    assert "--user" in assert_one_plain_line(no_user.stderr)


def test_check_on_a_healthy_vault(vault_dir: Path, home: Path) -> None:
    result = run_cli(
        "check", "--vault", vault_dir, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("encrypted pages", "database structure", "schema version", "key slots"):
        assert re.search(rf"^ok\s+{name}:", result.stdout, re.MULTILINE), result.stdout
    assert "healthy" in result.stdout


def test_check_on_a_vault_with_a_damaged_page(vault_dir: Path, home: Path) -> None:
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as vault, vault.transaction() as conn:
        conn.execute("CREATE TABLE notes(body TEXT)")
        conn.executemany(
            "INSERT INTO notes VALUES (?)", [(f"note {i} " + "n" * 2000,) for i in range(300)]
        )
    db = vault_dir / "cases.db"
    data = bytearray(db.read_bytes())
    middle = (len(data) // 2 // 4096) * 4096 + 1000
    for i in range(middle, middle + 16):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))

    result = run_cli(
        "check", "--vault", vault_dir, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    if result.returncode == 1:
        assert re.search(r"^FAIL\s+encrypted pages:.*damaged page", result.stdout, re.MULTILINE), (
            result.stdout
        )
        assert "problems" in result.stdout
    else:
        assert result.returncode == 3
        assert "damaged" in assert_one_plain_line(result.stderr)


def test_database_of_random_bytes_is_one_plain_sentence(vault_dir: Path, home: Path) -> None:
    db = vault_dir / "cases.db"
    db.write_bytes(os.urandom(db.stat().st_size))
    before = snapshot(vault_dir)
    result = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert result.returncode == 3
    assert "damaged" in assert_one_plain_line(result.stderr)
    assert snapshot(vault_dir) == before


def test_reset_passphrase_with_the_recovery_key(
    vault_dir: Path, template_vault: TemplateVault, home: Path, tmp_path: Path
) -> None:
    key_file = _write(tmp_path / "recovery.txt", template_vault.recovery_key.lower() + "\n")
    new_file = _write(tmp_path / "new.txt", NEW_PASSPHRASE + "\n")
    reset = run_cli(
        "reset-passphrase", "--vault", vault_dir, "--user", ADMIN,
        "--recovery-key-file", key_file, "--passphrase-file", new_file, home=home,
    )  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    old = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert old.returncode == 3
    new = run_cli(
        "unlock-check", "--vault", vault_dir, "--user", ADMIN, home=home, passphrase=NEW_PASSPHRASE
    )
    assert new.returncode == 0, new.stderr


def test_recovery_key_typo_names_the_group(
    vault_dir: Path, template_vault: TemplateVault, home: Path, tmp_path: Path
) -> None:
    groups = template_vault.recovery_key.split("-")
    groups[6] = groups[6][:3] + ("X" if groups[6][3] != "X" else "Y") + groups[6][4]
    key_file = _write(tmp_path / "recovery.txt", "-".join(groups))
    result = run_cli(
        "unlock-check",
        "--vault",
        vault_dir,
        "--recovery",
        "--recovery-key-file",
        key_file,
        home=home,
    )
    assert result.returncode == 3
    assert "group 7" in assert_one_plain_line(result.stderr)


def test_device_binding_without_a_keyring_is_refused(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bound"
    result = run_cli(
        "init",
        "--vault",
        folder,
        "--kdf-seconds",
        "0",
        "--device-binding",
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert result.returncode == 3
    assert "keyring" in assert_one_plain_line(result.stderr)
    assert not folder.exists() or not any(folder.iterdir())
