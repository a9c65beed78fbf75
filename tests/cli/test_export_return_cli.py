"""`survivorapp export-return` and `export-org-key`, run headless as real subprocesses, then
checked with `survivorapp verify-return`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import assert_one_plain_line, run_cli
from tests.reporting.conftest import hand_dir, hand_template  # noqa: F401 (fixtures)
from tests.services.conftest import passphrase_of, staffed_template  # noqa: F401 (fixture)
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE


def test_export_a_publication_return_and_verify_it(
    hand_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    home, out = tmp_path / "home", tmp_path / "return-2025-Q2"
    done = run_cli(
        "export-return",
        "--vault",
        hand_dir,
        "--user",
        ADMIN,
        "--period",
        "2025-Q2",
        "--level",
        "publication",
        "--out",
        out,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote the publication return for 2025-Q2" in done.stdout
    assert "cells suppressed, [c] cases excluded for consent" in done.stdout  # 2 is under k
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["level"] == "publication"
    assert manifest["period"]["label"] == "2025-Q2"
    assert any(p.name.endswith(".csv") for p in out.iterdir())

    key = tmp_path / "organisation.pub.pem"
    done = run_cli(
        "export-org-key",
        "--vault",
        hand_dir,
        "--user",
        ADMIN,
        "--out",
        key,
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert done.returncode == 0, done.stderr
    assert manifest["organisation_key"] in done.stdout

    done = run_cli("verify-return", out, "--org-key", key, home=home)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "intact" in done.stdout


def test_refusals_are_one_plain_sentence(
    hand_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    common = ("--vault", hand_dir, "--out", tmp_path / "out")
    done = run_cli(
        "export-return",
        *common,
        "--user",
        ADMIN,
        "--period",
        "2025-Q5",
        "--level",
        "internal",
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert done.returncode == 2
    assert "not a reporting period" in assert_one_plain_line(done.stderr)

    done = run_cli(
        "export-return",
        *common,
        "--user",
        ADMIN,
        "--period",
        "2025-Q2",
        "--level",
        "sealed",
        home=home,
        passphrase=ADMIN_PASSPHRASE,
    )
    assert done.returncode == 2
    assert "--commissioner-key" in assert_one_plain_line(done.stderr)

    done = run_cli(
        "export-return",
        *common,
        "--user",
        "cw",
        "--period",
        "2025-Q2",
        "--level",
        "internal",
        home=home,
        passphrase=passphrase_of("cw"),
    )
    assert done.returncode == 3
    assert "Only managers" in assert_one_plain_line(done.stderr)
    assert not (tmp_path / "out").exists()
