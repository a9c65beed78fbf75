"""`survivorapp import` and `survivorapp export-records`, run as real subprocesses."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from survivorapp.services.access import VaultAccess
from survivorapp.vault.release_register import release_register_head
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.cli.test_cli import run_cli
from tests.conftest import TemplateVault
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

SURVIVOR = {"reference": "S-000001", "sex": "female"}
CASE = {
    "reference": "C-000001",
    "survivor_reference": "S-000001",
    "referral_date": "2025-03-01",
    "service_line": "isva",
    "status": "waiting",
}


def write(path: Path, *records: tuple[str, dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps({"type": t, "record": r}) + "\n" for t, r in records),
        encoding="utf-8",
    )
    return path


def test_import_then_export_records(vault_dir: Path, tmp_path: Path) -> None:
    good = write(tmp_path / "good.jsonl", ("survivor", SURVIVOR), ("case", CASE))
    home = tmp_path / "home"
    done = run_cli(
        "import",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        good,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 2 records" in done.stdout

    out = tmp_path / "export.jsonl"
    done = run_cli(
        "export-records",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        "--out",
        out,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert done.returncode == 0, done.stderr
    assert "plain text" in done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    types = [json.loads(x)["type"] for x in out.read_text(encoding="utf-8").split("\n") if x]
    assert types == ["header", "survivor", "case"]

    again = run_cli(
        "export-records", "--vault", vault_dir, "--user", ADMIN, "--out", out, home=home
    )
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_bad_file_lists_every_problem_and_imports_nothing(
    vault_dir: Path, tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "bad.jsonl",
        ("survivor", SURVIVOR),
        ("case", {**CASE, "service_line": "astrology"}),
        ("case", {**CASE, "reference": "C-000002", "survivor_reference": "S-000404"}),
    )
    home = tmp_path / "home"
    done = run_cli(
        "import", "--vault", vault_dir, "--user", ADMIN, bad, home=home, passphrase=ADMIN_PASSPHRASE
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("line 2: record.service_line: 'astrology' isn't one of")
    assert lines[1].startswith("line 3: record.survivor_reference: Survivor S-000404")
    assert lines[-1] == "Nothing was imported."

    check = run_cli(
        "import",
        "--vault",
        vault_dir,
        "--user",
        ADMIN,
        "--check-only",
        write(tmp_path / "good.jsonl", ("survivor", SURVIVOR)),
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert check.returncode == 0, check.stderr
    assert "no problems" in check.stdout, "the survivor from the bad file was not written"


def test_an_export_with_releases_checks_and_imports_elsewhere(
    vault_dir: Path, template_vault: TemplateVault, tmp_path: Path
) -> None:
    session = VaultAccess(KeyringSecretStore(MemoryKeyring())).unlock(
        vault_dir, ADMIN, ADMIN_PASSPHRASE
    )
    try:
        session.returns.export("2025-Q2", "publication", tmp_path / "pub", ADMIN_PASSPHRASE)
        head = release_register_head(session.vault.connection)
    finally:
        session.lock()
    home, out = tmp_path / "home", tmp_path / "export.jsonl"
    unlock = {"home": home, "passphrase": ADMIN_PASSPHRASE}
    done = run_cli("export-records", "--vault", vault_dir, "--user", ADMIN, "--out", out, **unlock)
    assert done.returncode == 0, done.stderr
    types = [json.loads(x)["type"] for x in out.read_text(encoding="utf-8").split("\n") if x]
    assert types == ["header", "release_register_entry"]

    fresh = copy_vault(template_vault.folder, tmp_path / "fresh")
    check = run_cli("import", "--vault", fresh, "--user", ADMIN, "--check-only", out, **unlock)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no problems" in check.stdout
    done = run_cli("import", "--vault", fresh, "--user", ADMIN, out, **unlock)
    assert done.returncode == 0, done.stdout + done.stderr
    session = VaultAccess(KeyringSecretStore(MemoryKeyring())).unlock(
        fresh, ADMIN, ADMIN_PASSPHRASE
    )
    try:
        assert head is not None and release_register_head(session.vault.connection) == head
    finally:
        session.lock()

    again = run_cli("import", "--vault", fresh, "--user", ADMIN, "--check-only", out, **unlock)
    assert again.returncode == 1
    assert "line 2: record.previous_hash: This vault already holds releases" in again.stdout
