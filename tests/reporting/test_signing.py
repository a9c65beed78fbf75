"""Signed return folders: a reader can tell an intact return from a changed one, and which file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from survivorapp.reporting import export
from survivorapp.reporting.export import OutputFolderError, write_return
from survivorapp.reporting.keys import fingerprint, generate_signing_key
from survivorapp.reporting.model import Level
from survivorapp.reporting.signing import verify_return
from tests.reporting.samples import sample_return

ORG_KEY = generate_signing_key()
OUTPUT_FILES = [
    "demand_by_source.csv",
    "incident_types.csv",
    "justice_furthest_stage.csv",
    "relations.json",
    "report.html",
    "report.pdf",
    "return.xlsx",
    "sex_by_age.csv",
    "waits.csv",
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signed") / "return"
    write_return(sample_return(), Level.PUBLICATION, folder, ORG_KEY)
    return folder


@pytest.fixture
def folder(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "return"))


def test_a_fresh_return_verifies_and_lists_every_file(folder: Path) -> None:
    report = verify_return(folder, ORG_KEY.public_key())
    assert report.ok, report.problems
    assert report.manifest is not None
    assert sorted(report.manifest.files) == OUTPUT_FILES
    data = report.manifest.data
    assert data["level"] == "publication" and data["k"] == 10 and data["rounding_base"] == 5
    assert data["organisation_key"] == fingerprint(ORG_KEY.public_key())
    assert data["period"]["label"] == "2026-Q1"
    assert data["suppressed_cells"]["primary"] > 0
    assert data["tables"][0]["file"] == "demand_by_source.csv"
    assert all(t["sha256"] == data["files"][t["file"]] for t in data["tables"])


@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_changing_any_file_is_caught_and_named(folder: Path, name: str) -> None:
    with (folder / name).open("ab") as handle:
        handle.write(b"\n")
    report = verify_return(folder, ORG_KEY.public_key())
    assert not report.ok
    assert report.changed_files == (name,)
    assert any(name in problem for problem in report.problems)


def test_changing_a_figure_in_the_manifest_breaks_the_signature(folder: Path) -> None:
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["k"] = 5
    path.write_text(json.dumps(data), encoding="utf-8")
    report = verify_return(folder, ORG_KEY.public_key())
    assert not report.ok and "manifest.json" in report.changed_files
    assert "signature does not match" in report.problems[0]


def test_respacing_the_manifest_changes_nothing_that_is_signed(folder: Path) -> None:
    path = folder / "manifest.json"
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert verify_return(folder, ORG_KEY.public_key()).ok


def test_a_changed_or_missing_signature_is_caught(folder: Path) -> None:
    (folder / "manifest.sig").write_text("AAAA\n", encoding="ascii")
    assert not verify_return(folder, ORG_KEY.public_key()).ok
    (folder / "manifest.sig").unlink()
    report = verify_return(folder, ORG_KEY.public_key())
    assert report.problems == ("manifest.sig is missing, so nothing in the folder can be trusted.",)


def test_another_organisations_key_is_refused(folder: Path) -> None:
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    report = verify_return(folder, other)
    assert not report.ok
    assert f"not by the key given ({fingerprint(other)})" in report.problems[0]


def test_a_missing_file_and_an_extra_file_are_both_named(folder: Path) -> None:
    (folder / "waits.csv").unlink()
    (folder / "extra.csv").write_text("a,b\n", encoding="utf-8")
    report = verify_return(folder, ORG_KEY.public_key())
    assert "waits.csv is missing." in report.problems
    assert "extra.csv is not covered by the signature." in report.problems


def test_an_internal_return_is_marked_and_verifies(tmp_path: Path) -> None:
    manifest = write_return(sample_return(), Level.INTERNAL, tmp_path / "internal", ORG_KEY)
    assert "do not share" in str(manifest.data["marking"])
    assert manifest.data["excluded_for_consent"] == "4"
    assert verify_return(tmp_path / "internal", ORG_KEY.public_key()).ok


def test_a_return_is_never_written_over_another(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputFolderError, match="not an empty folder"):
        write_return(sample_return(), Level.PUBLICATION, folder, ORG_KEY)
    assert verify_return(folder, ORG_KEY.public_key()).ok


def test_a_failure_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("survivorapp.reporting.pdf.write_pdf", broken)
    with pytest.raises(OSError, match="disk full"):
        export.write_return(sample_return(), Level.PUBLICATION, tmp_path / "out", ORG_KEY)
    assert [p for p in tmp_path.iterdir() if p != isolated_home] == []  # the app's own folder


def test_a_threshold_below_five_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="10-5 rule"):
        write_return(sample_return(), Level.PUBLICATION, tmp_path / "out", ORG_KEY, k=3)
    assert not (tmp_path / "out").exists()
