"""Hostile files given to the command line: no hang, no runaway memory, no traceback.

Each is run as a real subprocess with a time limit (a hang fails the test) and, for links to
devices, a memory limit (reading ``/dev/zero`` whole fails the test instead of the machine).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import generate_signing_key, public_key_pem
from survivorapp.reporting.model import Level
from tests.cli.test_cli import REPO_ROOT, assert_one_plain_line, run_cli
from tests.cli.test_interchange_cli import CASE, SURVIVOR
from tests.reporting.samples import sample_return
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
ORG = generate_signing_key()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "return"
    write_return(sample_return(), Level.PUBLICATION, folder, ORG)
    return folder


@pytest.fixture
def org_key(tmp_path: Path) -> Path:
    path = tmp_path / "org.pem"
    path.write_bytes(public_key_pem(ORG.public_key()))
    return path


def _copy(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "return"))


def _verify(folder: Path, org_key: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("verify-return", folder, "--org-key", org_key, home=tmp_path / "h", timeout=30)


@needs_fifo
def test_verify_return_does_not_hang_on_a_manifest_that_is_a_fifo(
    pristine: Path, org_key: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path)
    (folder / "manifest.json").unlink()
    os.mkfifo(folder / "manifest.json")
    done = _verify(folder, org_key, tmp_path)
    assert done.returncode == 1
    assert "pipe" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@needs_fifo
def test_merge_does_not_hang_on_a_manifest_that_is_a_fifo(tmp_path: Path) -> None:
    home = tmp_path / "home"
    keys = tmp_path / "commissioner"
    assert run_cli("commissioner-keygen", "--out", keys, home=home).returncode == 0
    trust = tmp_path / "trust"
    trust.mkdir()
    (trust / "org.pem").write_bytes(public_key_pem(ORG.public_key()))
    folder = tmp_path / "sealed"
    folder.mkdir()
    os.mkfifo(folder / "manifest.json")
    args = ("merge", "--key", keys / "commissioner.key.pem", "--trust", trust)
    done = run_cli(*args, "--out", tmp_path / "out", folder, home=home, timeout=30)
    assert done.returncode == 1
    line = assert_one_plain_line(done.stderr)
    assert line.startswith("Nothing was merged.") and "pipe" in line
    os.mkfifo(trust / "planted.pem")  # a pipe in the trust folder must not hang it either
    done = run_cli(*args, "--out", tmp_path / "out", folder, home=home, timeout=30)
    assert done.returncode == 1 and "Traceback" not in done.stderr


def _run_with_memory_limit(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    """The CLI with at most 1 GB of address space, so reading /dev/zero whole fails fast."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    env = dict(os.environ, SURVIVORAPP_HOME=str(home), PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "survivorapp", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=30,
        cwd=REPO_ROOT,
        preexec_fn=limit,
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_dev_zero_is_refused_not_read(
    pristine: Path, org_key: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path)
    (folder / "manifest.json").unlink()
    (folder / "manifest.json").symlink_to("/dev/zero")
    done = _run_with_memory_limit("verify-return", folder, "--org-key", org_key, home=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "link" in done.stdout + done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr

    (folder / "manifest.json").unlink()
    shutil.copy(pristine / "manifest.json", folder / "manifest.json")
    (folder / "report.html").unlink()
    (folder / "report.html").symlink_to("/dev/zero")  # a listed file: not followed either
    done = _run_with_memory_limit("verify-return", folder, "--org-key", org_key, home=tmp_path)
    assert done.returncode == 1 and "report.html is a link" in done.stdout


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ('{"format": "survivorapp-return", "k": ' + "9" * 5000 + "}", "longer than"),
        ('{"format": "survivorapp-return", "k": 1e999}', "too large"),
    ],
)
def test_deep_nesting_and_huge_numbers_in_a_manifest_get_a_plain_message(
    pristine: Path, org_key: Path, tmp_path: Path, content: str, said: str
) -> None:
    folder = _copy(pristine, tmp_path)
    (folder / "manifest.json").write_text(content, encoding="utf-8")
    done = _verify(folder, org_key, tmp_path)
    assert done.returncode == 1, done.stderr
    assert said in done.stdout and "Traceback" not in done.stderr


# --- records files ------------------------------------------------------------------------------


def _import(
    vault: Path, path: Path, tmp_path: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "import",
        "--vault",
        vault,
        "--user",
        ADMIN,
        *extra,
        path,
        home=tmp_path / "home",
        passphrase=ADMIN_PASSPHRASE,
        timeout=60,
    )


def test_a_lone_surrogate_is_refused_with_its_line_by_check_only_and_by_import(
    vault_dir: Path, tmp_path: Path
) -> None:
    survivor = json.dumps({"type": "survivor", "record": SURVIVOR})
    case = json.dumps({"type": "case", "record": CASE})
    broken = survivor[:-2] + ', "known_as": "\\ud800"}}'
    path = tmp_path / "surrogate.jsonl"
    path.write_text(f"{broken}\n{case}\n", encoding="utf-8")
    for extra in (("--check-only",), ()):
        done = _import(vault_dir, path, tmp_path, *extra)
        assert done.returncode == 1, done.stderr
        assert "line 1" in (done.stdout + done.stderr).lower()
        assert "surrogate" in done.stdout + done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("char", "field"), [("\x00", "name"), ("\x1b", "known_as"), ("\u202e", "name")]
)
def test_hidden_characters_in_names_are_refused_as_the_directory_import_does(
    vault_dir: Path, tmp_path: Path, char: str, field: str
) -> None:
    record = {**SURVIVOR, field: f"Sam{char}Jones"}
    path = tmp_path / "hidden.jsonl"
    lines = [{"type": "survivor", "record": record}, {"type": "case", "record": CASE}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    done = _import(vault_dir, path, tmp_path, "--check-only")
    assert done.returncode == 1, done.stderr
    assert f"record.{field}" in done.stdout + done.stderr


@needs_fifo
def test_import_of_a_fifo_does_not_hang(vault_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    os.mkfifo(path)
    done = _import(vault_dir, path, tmp_path, "--check-only")
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
