"""`survivorapp audit-return`, run as a real subprocess over published return folders."""

from __future__ import annotations

from pathlib import Path

from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import generate_signing_key
from survivorapp.reporting.model import Level, Return
from survivorapp.reporting.releases import RELATIONS_FILE
from tests.cli.test_cli import assert_one_plain_line, run_cli
from tests.reporting.samples import Q1, one_way, sample_return


def test_one_return_alone_passes_and_two_thresholds_together_fail(tmp_path: Path) -> None:
    key = generate_signing_key()
    ret = Return(
        period=Q1,
        tables=(one_way("survivors_ethnicity", [7, 40, 3, 60, 6], group="cases_open"),),
        excluded_for_consent=0,
    )
    at_10, at_5 = tmp_path / "k10", tmp_path / "k5"
    write_return(ret, Level.PUBLICATION, at_10, key, 10)
    write_return(ret, Level.PUBLICATION, at_5, key, 5)
    alone = run_cli("audit-return", at_10, home=tmp_path / "home")
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert "ok    survivors_ethnicity: survivors_ethnicity_0: 1.." in alone.stdout
    assert "Every withheld cell is protected" in alone.stdout
    together = run_cli("audit-return", at_5, at_10, home=tmp_path / "home")
    assert together.returncode == 1, together.stdout + together.stderr
    # The k = 5 return shows the 7 as 5 (5 to 7): the k = 10 return's [c] is no longer 1..9.
    assert "FAIL  survivors_ethnicity: survivors_ethnicity_0: 5..7 (k = 10)" in together.stdout
    assert "can be narrowed beyond the rule" in together.stdout


def test_a_whole_sample_return_passes_and_a_stricter_k_is_judged(tmp_path: Path) -> None:
    folder = tmp_path / "pub"
    write_return(sample_return(), Level.PUBLICATION, folder, generate_signing_key(), 10)
    done = run_cli("audit-return", folder, home=tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    stricter = run_cli("audit-return", "--k", "30", folder, home=tmp_path / "home")
    assert stricter.returncode == 1 and "(k = 30)" in stricter.stdout


def test_folders_that_cannot_be_audited_are_refused_in_one_sentence(tmp_path: Path) -> None:
    key = generate_signing_key()
    internal = tmp_path / "internal"
    write_return(sample_return(), Level.INTERNAL, internal, key)
    refused = run_cli("audit-return", internal, home=tmp_path / "home")
    assert refused.returncode == 2
    assert "only publication returns" in assert_one_plain_line(refused.stderr)
    old = tmp_path / "old"
    write_return(sample_return(), Level.PUBLICATION, old, key)
    (old / RELATIONS_FILE).unlink()
    refused = run_cli("audit-return", old, home=tmp_path / "home")
    assert refused.returncode == 2 and RELATIONS_FILE in assert_one_plain_line(refused.stderr)
    missing = run_cli("audit-return", tmp_path / "nowhere", home=tmp_path / "home")
    assert missing.returncode == 2 and "no return folder" in assert_one_plain_line(missing.stderr)
