"""Nothing is left behind, and nothing the app writes is readable by anyone else.

Found by review: XlsxWriter put about 49 temporary files into the system temp folder on every
return export, a killed export left its ``.partial-*`` folder behind, and return files, the log
and ``SURVIVORAPP_HOME`` were 0644/0755 under the usual umask.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from survivorapp import logging_setup
from survivorapp.domain.session import Session
from survivorapp.services.access import VaultAccess
from survivorapp.services.interchange.service import InterchangeService
from survivorapp.vault import partials
from survivorapp.vault.errors import CredentialsNotRecognised
from tests.services.conftest import case, survivor
from tests.support.processes import REPO_ROOT
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, make_vault

PERIOD = "2025-Q2"


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual desktop umask (files 0644, folders 0755 unless the app says otherwise)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def own_log(isolated_home: Path) -> Iterator[None]:
    """The app's log set up afresh in this test's home (the logger is process-wide)."""
    saved = logging_setup.LOG.handlers[:]
    logging_setup.LOG.handlers.clear()
    logging_setup.setup_logging()
    yield
    for handler in logging_setup.LOG.handlers:
        handler.close()
    logging_setup.LOG.handlers[:] = saved


def loose_modes(*roots: Path) -> list[str]:
    """Everything under ``roots`` (the roots included) that is not 0600 / 0700."""
    found = []
    for root in roots:
        for path in [root, *root.rglob("*")]:
            info = path.lstat()
            want = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
            if stat.S_IMODE(info.st_mode) != want or stat.S_ISLNK(info.st_mode):
                found.append(f"{path.relative_to(root.parent)} {stat.S_IMODE(info.st_mode):o}")
    return found


def test_a_scripted_day_writes_only_owner_only_files_and_no_temporary_ones(
    access: VaultAccess,
    isolated_home: Path,
    tmp_path: Path,
    loose_umask: None,
    own_log: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exports = tmp_path / "exports"  # made by the app, like a new folder chosen in a dialog
    # a file where the temp folder should be: any temporary file at all (XlsxWriter's, say)
    # fails the day, even for root, who may write in a read-only folder
    system_temp = tmp_path / "system-temp"
    system_temp.write_bytes(b"")
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    vault_dir = tmp_path / "new" / "vault"  # the vault too is made under the loose umask
    make_vault(vault_dir, access)
    with pytest.raises(CredentialsNotRecognised):  # a mistyped passphrase is noted on disk
        access.unlock(vault_dir, ADMIN, "not the passphrase")
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        made = session.cases.open_new_case(survivor(), case())
        session.cases.log_session(
            Session(made.reference, date(2025, 4, 2), 50, "phone", "advocacy")
        )
        session.returns.export(PERIOD, "internal", exports / "return", ADMIN_PASSPHRASE)
        InterchangeService(session.ctx).export_records(exports / "records.jsonl", ADMIN_PASSPHRASE)
    logging_setup.LOG.info("event=day_done")
    assert (isolated_home / "logs" / logging_setup.LOG_NAME).is_file()
    assert (exports / "return" / "return.xlsx").is_file() and (exports / "records.jsonl").is_file()
    assert loose_modes(isolated_home, vault_dir.parent, exports) == []
    assert not [p for p in exports.parent.rglob("*") if partials.MARK in p.name]
    assert system_temp.is_file()


def test_the_command_line_writes_only_owner_only_files_and_only_in_its_own_folders(
    vault_dir: Path, tmp_path: Path
) -> None:
    """The real program, started fresh under umask 022: matplotlib's caches, the log, the
    return, all private and inside SURVIVORAPP_HOME or the folder asked for."""
    home, temp = tmp_path / "person-home", tmp_path / "system-temp"
    home.mkdir()
    temp.mkdir()
    app_home, out = tmp_path / "app-home", tmp_path / "exports" / "return"
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "MPLCONFIGDIR"}
    env.update(
        HOME=str(home),
        TMPDIR=str(temp),
        SURVIVORAPP_HOME=str(app_home),
        SURVIVORAPP_PASSPHRASE=ADMIN_PASSPHRASE,
        PYTHONPATH=str(REPO_ROOT),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    args = ["--vault", vault_dir, "--user", ADMIN, "--period", PERIOD, "--level", "internal"]
    args += ["--out", out]
    previous = os.umask(0o022)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "survivorapp", "export-return", *map(str, args)],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=300,
            check=False,
        )
    finally:
        os.umask(previous)
    assert done.returncode == 0, done.stderr
    assert (out / "report.pdf").is_file()
    assert sorted(home.rglob("*")) == [] and sorted(temp.rglob("*")) == []
    assert loose_modes(app_home, out.parent, vault_dir) == []


def test_preferences_are_owner_only(isolated_home: Path, loose_umask: None) -> None:
    from survivorapp.ui.preferences import DevicePreferences

    assert DevicePreferences().set("theme", "dark") == []
    assert DevicePreferences().get("theme") == "dark"
    assert loose_modes(isolated_home) == []


def test_a_failed_export_leaves_no_partial_folder(
    vault_dir: Path, access: VaultAccess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from survivorapp.reporting import pdf

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session, pytest.raises(OSError):
        session.returns.export(PERIOD, "internal", tmp_path / "return", ADMIN_PASSPHRASE)
    assert [p.name for p in tmp_path.iterdir() if partials.MARK in p.name] == []
    assert not (tmp_path / "return").exists()
    assert list(partials.journal_dir().iterdir()) == []


# A return export that stops for good half-way (the PDF never finishes), to be killed with -9.
KILLED_EXPORT = """
import sys, time
from pathlib import Path
from survivorapp.reporting import pdf
from survivorapp.services.access import VaultAccess
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring

def stuck(*_args):
    print("writing", flush=True)
    time.sleep(600)

pdf.write_pdf = stuck
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
with VaultAccess(KeyringSecretStore(MemoryKeyring())).unlock(folder, sys.argv[3], sys.argv[4]) as s:
    s.returns.export("2025-Q2", "internal", out, sys.argv[4])
"""


def test_a_killed_export_is_cleared_at_the_next_start(
    vault_dir: Path, tmp_path: Path, isolated_home: Path
) -> None:
    script = tmp_path / "killed_export.py"
    script.write_text(KILLED_EXPORT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SURVIVORAPP_HOME": str(isolated_home)}
    out = tmp_path / "exports" / "return"
    args = [str(vault_dir), str(out), ADMIN, ADMIN_PASSPHRASE]
    proc = subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        staged = [p for p in out.parent.iterdir() if partials.MARK in p.name]
        assert len(staged) == 1 and (staged[0] / "return.xlsx").is_file()
        assert partials.sweep() == 0  # its writer is still running: not touched
        assert staged[0].is_dir()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    assert staged[0].is_dir()  # kill -9 gave it no chance to tidy up
    # the next start of the app, here a command that fails at once, removes it
    started = subprocess.run(
        [
            sys.executable,
            "-m",
            "survivorapp",
            "unlock-check",
            "--vault",
            str(tmp_path / "no"),
            "--user",
            ADMIN,
        ],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert started.returncode != 0
    assert not staged[0].exists()
    assert list(out.parent.iterdir()) == []
    assert list(partials.journal_dir().iterdir()) == []


def test_the_sweep_removes_only_staging_folders_it_could_have_made(
    tmp_path: Path, isolated_home: Path
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    journal = partials.journal_dir()
    journal.mkdir(parents=True)
    (journal / "forged.json").write_text(f'{{"staging": "{precious}"}}', encoding="utf-8")
    (journal / "junk.json").write_bytes(b"\xff\x00not json")
    assert partials.sweep() == 0
    assert precious.is_dir()
    assert list(journal.iterdir()) == []
