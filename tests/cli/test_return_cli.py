"""`commissioner-keygen`, `verify-return` and `merge`, run as real subprocesses."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import (
    generate_signing_key,
    load_commissioner_public_key,
    public_key_pem,
)
from survivorapp.reporting.model import Level
from survivorapp.reporting.sealing import SEALED_FILE
from tests.cli.test_cli import assert_one_plain_line, run_cli
from tests.reporting.samples import sample_return


def test_keygen_then_verify_then_merge_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "home"
    keys = tmp_path / "commissioner"
    made = run_cli("commissioner-keygen", "--out", keys, home=home)
    assert made.returncode == 0, made.stderr
    assert "commissioner.pub.pem" in made.stdout
    for name in ("commissioner.key.pem", "signing.key.pem"):
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600
    again = run_cli("commissioner-keygen", "--out", keys, home=home)
    assert again.returncode == 2 and "not an empty folder" in assert_one_plain_line(again.stderr)

    commissioner = load_commissioner_public_key(keys / "commissioner.pub.pem")
    trust = tmp_path / "trust"
    trust.mkdir()
    sealed = []
    for n in range(2):
        org = generate_signing_key()
        (trust / f"org{n}.pem").write_bytes(public_key_pem(org.public_key()))
        folder = tmp_path / f"sealed{n}"
        write_return(
            sample_return(shift=n), Level.SEALED, folder, org, commissioner_public_key=commissioner
        )
        sealed.append(folder)

    ok = run_cli("verify-return", sealed[0], "--org-key", trust / "org0.pem", home=home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "intact" in ok.stdout
    wrong = run_cli("verify-return", sealed[0], "--org-key", trust / "org1.pem", home=home)
    assert wrong.returncode == 1 and "FAIL" in wrong.stdout

    merged = tmp_path / "merged"
    done = run_cli(
        "merge",
        "--key", keys / "commissioner.key.pem",
        "--trust", trust,
        "--out", merged,
        "--signing-key", keys / "signing.key.pem",
        "--anonymise-organisations",
        *sealed,
        home=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Merged 2 returns for 2026-Q1" in done.stdout
    manifest = json.loads((merged / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["merge"] == {
        "contributing_returns": 2,
        "organisations": [],
        "organisations_withheld": True,
    }
    assert (merged / "return.xlsx").is_file() and (merged / "report.pdf").is_file()
    checked = run_cli("verify-return", merged, "--org-key", keys / "signing.pub.pem", home=home)
    assert checked.returncode == 0, checked.stdout


def test_merge_refuses_a_tampered_return_with_one_plain_sentence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    keys = tmp_path / "commissioner"
    assert run_cli("commissioner-keygen", "--out", keys, home=home).returncode == 0
    org = generate_signing_key()
    trust = tmp_path / "trust"
    trust.mkdir()
    (trust / "org.pem").write_bytes(public_key_pem(org.public_key()))
    folder = tmp_path / "sealed"
    write_return(
        sample_return(),
        Level.SEALED,
        folder,
        org,
        commissioner_public_key=load_commissioner_public_key(keys / "commissioner.pub.pem"),
    )
    with (folder / SEALED_FILE).open("ab") as handle:
        handle.write(b"x")

    verify = run_cli("verify-return", folder, "--org-key", trust / "org.pem", home=home)
    assert verify.returncode == 1 and "return.sealed was changed" in verify.stdout

    out = tmp_path / "merged"
    args: list[str | Path] = [
        "merge",
        "--key",
        keys / "commissioner.key.pem",
        "--trust",
        trust,
        "--out",
        out,
    ]
    done = run_cli(*args, folder, home=home)
    assert done.returncode == 1
    line = assert_one_plain_line(done.stderr)
    assert line.startswith("Nothing was merged.") and "return.sealed was changed" in line
    assert not out.exists()

    low_k = run_cli(*args, "--k", "3", folder, home=home)
    assert low_k.returncode == 2 and "10-5 rule" in assert_one_plain_line(low_k.stderr)


def test_verify_return_explains_a_missing_folder_or_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    missing = run_cli("verify-return", tmp_path / "nowhere", "--org-key", tmp_path / "k", home=home)
    assert missing.returncode == 2 and "no return folder" in assert_one_plain_line(missing.stderr)
    (tmp_path / "r").mkdir()
    (tmp_path / "k.pem").write_text("not a key", encoding="utf-8")
    bad = run_cli("verify-return", tmp_path / "r", "--org-key", tmp_path / "k.pem", home=home)
    assert bad.returncode == 2 and "not a PEM public key" in assert_one_plain_line(bad.stderr)
