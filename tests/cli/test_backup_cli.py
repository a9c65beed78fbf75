"""Backups from the command line, as real subprocesses: moving to a new computer end to end,
older backups needing a yes, and a kill -9 in the middle of a backup and of a restore."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import RECOVERY_RE, assert_one_plain_line, run_cli
from tests.support.backups import digest_tree
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

REPO_ROOT = Path(__file__).resolve().parents[2]


def _lines_without_export_time(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record.pop("exported_at", None)
        lines.append(json.dumps(record, sort_keys=True))
    return lines


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The old laptop: a vault with a few synthetic cases; its home and its recovery key."""
    home = tmp_path_factory.mktemp("office") / "old-laptop"
    vault = home / "vault"
    made = run_cli(
        "init",
        "--vault",
        vault,
        "--user",
        ADMIN,
        "--kdf-seconds",
        "0",
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert made.returncode == 0, made.stderr
    recovery = RECOVERY_RE.search(made.stdout)
    assert recovery is not None
    demo = run_cli(
        "demo",
        "--vault",
        vault,
        "--user",
        ADMIN,
        "--cases",
        "5",
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert demo.returncode == 0, demo.stderr
    return home, vault, recovery.group(1)


@pytest.fixture
def office(office_template: tuple[Path, Path, str], tmp_path: Path) -> tuple[Path, Path, str]:
    home = shutil.copytree(office_template[0], tmp_path / "old-laptop")
    (home / "vault" / "vault.lock").unlink(missing_ok=True)
    return home, home / "vault", office_template[2]


def _back_up(vault: Path, to: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``survivorapp backup`` as the administrator would type it."""
    return run_cli(
        "backup",
        "--vault",
        vault,
        "--user",
        ADMIN,
        "--to",
        to,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )


def test_moving_to_a_new_computer_restores_every_record(
    office: tuple[Path, Path, str], tmp_path: Path
) -> None:
    home, vault, recovery = office
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    backup = _back_up(vault, stick, home)
    assert backup.returncode == 0, backup.stderr
    assert "Backed up to" in backup.stdout and "5 cases" in backup.stdout
    original = tmp_path / "original.jsonl"
    exported = run_cli(
        "export-records",
        "--vault",
        vault,
        "--user",
        ADMIN,
        "--out",
        original,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert exported.returncode == 0, exported.stderr

    new_home = tmp_path / "new-laptop"  # a new computer: nothing of the old one but the stick
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(recovery)
    checked = run_cli(
        "verify-backup", stick, "--recovery", "--recovery-key-file", key_file, home=new_home
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("ok ")
    restored = new_home / "vault"
    result = run_cli(
        "restore",
        "--from",
        stick,
        "--to",
        restored,
        "--recovery",
        "--recovery-key-file",
        key_file,
        home=new_home,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"by {ADMIN}" in result.stdout and "5 cases" in result.stdout
    assert "The restored vault is healthy" in result.stdout
    again = tmp_path / "restored.jsonl"
    exported = run_cli(
        "export-records",
        "--vault",
        restored,
        "--user",
        ADMIN,
        "--out",
        again,
        home=new_home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert exported.returncode == 0, exported.stderr
    assert _lines_without_export_time(again) == _lines_without_export_time(original)
    check = run_cli(
        "check", "--vault", restored, "--user", ADMIN, home=new_home, passphrase=ADMIN_PASSPHRASE
    )
    assert check.returncode == 0, check.stdout


def test_an_older_backup_needs_a_yes_and_a_wrong_passphrase_is_one_line(
    office: tuple[Path, Path, str], tmp_path: Path
) -> None:
    home, vault, _recovery = office
    stick = tmp_path / "stick"
    stick.mkdir()
    for _ in range(2):
        done = _back_up(vault, stick, home)
        assert done.returncode == 0, done.stderr
    older = sorted(p for p in stick.iterdir() if p.name.endswith("-g1"))
    assert len(older) == 1
    refused = run_cli(
        "restore",
        "--from",
        older[0],
        "--to",
        tmp_path / "r",
        "--user",
        ADMIN,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert refused.returncode == 3
    assert "would lose" in refused.stderr and "--yes-restore-anyway" in refused.stderr
    assert not (tmp_path / "r").exists()
    wrong = run_cli(
        "verify-backup",
        older[0],
        "--user",
        ADMIN,
        home=home,
        passphrase="not the passphrase at all",
    )
    assert wrong.returncode == 1
    assert "do not open this backup" in wrong.stdout
    missing = _back_up(vault, tmp_path / "gone", home)
    assert "cannot be found" in assert_one_plain_line(missing.stderr)


CHILD = """
import sys, time
from pathlib import Path
from survivorapp.domain.progress import Progress
from survivorapp.services.access import VaultAccess
from survivorapp.services.backups import Rotation
from survivorapp.services.restore import Credentials, RestoreService
from survivorapp.vault.backups import restore as restore_module
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring

mode, vault, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
access = VaultAccess(KeyringSecretStore(MemoryKeyring()))

def stall(_report):
    print("writing", flush=True)
    time.sleep(600)

if mode == "backup":
    with access.unlock(vault, "admin", "correct horse battery staple") as session:
        session.backups.backup_now(target, Progress(stall), Rotation(enabled=False))
else:
    copy = restore_module._copy_private
    def slow_copy(source, dest):
        copy(source, dest)
        stall(None)
    restore_module._copy_private = slow_copy
    creds = Credentials("admin", "correct horse battery staple")
    RestoreService(access).restore(vault, target, creds, Progress())
"""


def _kill_when_writing(tmp_path: Path, *args: Path | str) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), SURVIVORAPP_HOME=str(tmp_path / "h"))
    proc = subprocess.Popen(
        [sys.executable, str(script), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "writing", proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=20)


def test_kill_9_during_a_backup_and_a_restore_leaves_nothing_that_looks_complete(
    office: tuple[Path, Path, str], tmp_path: Path
) -> None:
    home, vault, _recovery = office
    stick = tmp_path / "stick"
    stick.mkdir()
    first = _back_up(vault, stick, home)
    assert first.returncode == 0, first.stderr
    earlier = digest_tree(stick)
    (complete,) = list(stick.iterdir())

    _kill_when_writing(tmp_path, "backup", vault, stick)
    names = sorted(p.name for p in stick.iterdir())
    assert names[0].startswith(".") and ".partial-" in names[0] and names[1] == complete.name
    assert {k: v for k, v in digest_tree(stick).items() if not k.startswith(".")} == earlier
    listed = run_cli(
        "verify-backup", stick, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert listed.returncode == 0 and listed.stdout.count("ok ") == 1, listed.stdout

    target = tmp_path / "restored"
    _kill_when_writing(tmp_path, "restore", complete, target)
    assert not target.exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".restored.restoring-")]
    assert len(leftovers) == 1
    done = run_cli(
        "restore",
        "--from",
        complete,
        "--to",
        target,
        "--user",
        ADMIN,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    check = run_cli(
        "check", "--vault", vault, "--user", ADMIN, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert check.returncode == 0, check.stdout
