"""The shared rules for reading files nobody vouches for, and the parsers that use them.

Each finding of the hostile-files review has a test here or in ``tests/cli/test_hostile_files``
that fails on the code before ``domain/safe_input.py``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from survivorapp.domain import safe_input
from survivorapp.domain.questionnaires.instruments import InstrumentError, parse_instrument
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.directory_csv import format_directory_csv, parse_directory_csv
from survivorapp.domain.safe_input import UnsafeFile, UnsafeJson, loads_strict, read_regular
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.reporting.disclosure import publish
from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import generate_signing_key
from survivorapp.reporting.manifest import Manifest
from survivorapp.reporting.model import Level
from survivorapp.reporting.signing import signature_text, verify_return
from survivorapp.reporting.writers import csv_bytes
from survivorapp.vault import keyslots
from survivorapp.vault.errors import KeySlotsDamaged
from tests.reporting.samples import sample_return

VOCABULARIES = load_vocabularies()
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


# --- opening files --------------------------------------------------------------------------


@needs_fifo
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnsafeFile, match="pipe"):
        read_regular(tmp_path / "pipe", 1024)


def test_links_devices_folders_and_large_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"12345")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(UnsafeFile, match="link"):
        read_regular(tmp_path / "link", 1024)
    with pytest.raises(UnsafeFile, match="larger than"):
        read_regular(tmp_path / "real", 4)
    with pytest.raises(UnsafeFile, match="folder"):
        read_regular(tmp_path, 1024)
    if Path("/dev/null").exists():
        with pytest.raises(UnsafeFile, match="device"):
            read_regular(Path("/dev/null"), 1024)
    assert read_regular(tmp_path / "real", 5) == b"12345"
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing", 5)


# --- strict JSON ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 50 + "]" * 50, "nested"),
        ("[" * 200_000, "nested"),
        ("9" * 5000, "longer than"),
        ("0." + "1" * 40, "longer than"),
        ("1e400", "too large"),
        ('{"a": "\\ud800"}', "surrogate"),
        ('{"\\udfff": 1}', "surrogate"),
        ('{"a": 1, "a": 2}', "twice"),
        ("NaN", "not allowed"),
    ],
)
def test_strict_json_refuses_with_a_plain_reason(text: str, said: str) -> None:
    with pytest.raises(UnsafeJson, match=said):
        loads_strict(text)


def test_strict_json_keeps_what_files_really_hold() -> None:
    assert loads_strict('{"a": ["\\ud83d\\ude00", -12, 0.5, 1e30]}') == {
        "a": ["😀", -12, 0.5, 1e30]
    }
    assert loads_strict(b"\xef\xbb\xbf[1]") == [1]
    nested = "[" * safe_input.MAX_DEPTH + "]" * safe_input.MAX_DEPTH
    assert loads_strict(nested) is not None
    with pytest.raises(UnsafeJson, match="UTF-8"):
        loads_strict(b'"\xed\xa0\x80"')  # an encoded surrogate is not UTF-8


# --- hidden characters and formulas ---------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\u202e", "\u2066"])
def test_one_rule_for_hidden_characters(char: str) -> None:
    assert safe_input.text_problem(f"a{char}b", multiline=True) is not None
    assert safe_input.text_problem(f"a{char}b", multiline=False) is not None


def test_line_breaks_only_in_multi_line_text() -> None:
    assert safe_input.text_problem("a\nb\tc\r\n", multiline=True) is None
    assert safe_input.text_problem("a\nb", multiline=False) is not None
    assert safe_input.text_problem("Zoë \u200f עברית", multiline=False) is None


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-", "'-"),
        ("-12", "-12"),
        ("-0.5", "-0.5"),
        ("[c]", "[c]"),
        ("Camden", "Camden"),
    ],
)
def test_csv_cells_are_neutralised_but_numbers_stay_numbers(cell: str, written: str) -> None:
    assert safe_input.csv_safe_cell(cell) == written


# --- directory CSV --------------------------------------------------------------------------


def test_the_directory_refuses_a_formula_and_never_exports_one() -> None:
    text = 'name,type\n"=HYPERLINK(""http://evil.example"",""Click"")",gp\n@cmd,gp\n'
    parsed = parse_directory_csv(text, VOCABULARIES)
    assert [p.line for p in parsed.problems] == [2, 3]
    assert "formula" in parsed.problems[0].message

    stored = DirectoryOrganisation(
        name='=HYPERLINK("http://evil.example","Click")',
        destination_type="gp",
        phone="+44 20 7946 0000",
        notes="-2+3+cmd|' /C calc'!A0",
    )
    exported = format_directory_csv([stored])
    for line in exported.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))
    again = parse_directory_csv(exported, VOCABULARIES)
    assert again.ok, again.problems
    assert again.rows[0].organisation == stored


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u202e"])
def test_the_directory_refuses_the_same_hidden_characters(char: str) -> None:
    parsed = parse_directory_csv(f"name,type,notes\nA{char}B,gp,\nC,gp,x{char}\n", VOCABULARIES)
    assert [p.line for p in parsed.problems] == [2, 3]


# --- questionnaire files --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["[" * 100_000, '{"id": ' + "9" * 5000 + "}", '{"id": "\\ud800"}'])
def test_a_hostile_questionnaire_file_is_a_problem_not_a_crash(text: str) -> None:
    with pytest.raises(InstrumentError):
        parse_instrument(text)


# --- key slots ------------------------------------------------------------------------------


@needs_fifo
def test_a_fifo_or_link_in_place_of_the_key_slots_is_damage_not_a_hang(tmp_path: Path) -> None:
    path = tmp_path / "keyslots.json"
    os.mkfifo(path)
    found: list[BaseException] = []

    def load() -> None:
        try:
            keyslots.load(path)
        except Exception as exc:
            found.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "keyslots.load hung on a FIFO"
    assert isinstance(found[0], KeySlotsDamaged)
    path.unlink()
    path.symlink_to("/dev/zero")
    with pytest.raises(KeySlotsDamaged):
        keyslots.load(path)
    path.unlink()
    path.write_text('{"format": "survivorapp-keyslots", "format": "x"}', encoding="utf-8")
    with pytest.raises(KeySlotsDamaged):
        keyslots.load(path)
    path.write_text(
        '{"format": "survivorapp-keyslots", "version": 1, "vault_id": "v", "slots": [null]}',
        encoding="utf-8",
    )
    with pytest.raises(KeySlotsDamaged):  # found by the fuzz suite: was a bare ValueError
        keyslots.load(path)


# --- return manifests -----------------------------------------------------------------------


ORG = generate_signing_key()


def test_signed_table_entries_must_agree_with_the_file_list(tmp_path: Path) -> None:
    folder = tmp_path / "return"
    write_return(sample_return(), Level.PUBLICATION, folder, ORG)
    assert verify_return(folder, ORG.public_key()).ok

    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    first, second = data["tables"][0], data["tables"][1]
    first["file"], first["sha256"] = second["file"], second["sha256"]  # another table's figures
    manifest = Manifest(data)
    (folder / "manifest.json").write_bytes(manifest.readable_bytes())
    (folder / "manifest.sig").write_bytes(signature_text(manifest, ORG))  # signed by the org
    report = verify_return(folder, ORG.public_key())
    assert not report.ok
    assert any("same file as another table" in p for p in report.problems)

    first["file"] = "nowhere.csv"
    manifest = Manifest(data)
    (folder / "manifest.json").write_bytes(manifest.readable_bytes())
    (folder / "manifest.sig").write_bytes(signature_text(manifest, ORG))
    report = verify_return(folder, ORG.public_key())
    assert any("does not list" in p for p in report.problems)


def test_return_csv_text_cells_are_neutralised(tmp_path: Path) -> None:
    published = publish(sample_return(), Level.PUBLICATION)
    table = published.tables[0]
    hostile = dataclasses.replace(table, row_labels=("=1+1", *table.row_labels[1:]))
    text = csv_bytes(hostile).decode("utf-8")
    assert "'=1+1" in text and ",=1+1" not in text


def test_a_planted_signature_file_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "return"
    write_return(sample_return(), Level.PUBLICATION, folder, ORG)
    signature = base64.b64decode((folder / "manifest.sig").read_bytes())
    assert signature
    (tmp_path / "elsewhere.sig").write_bytes((folder / "manifest.sig").read_bytes())
    (folder / "manifest.sig").unlink()
    (folder / "manifest.sig").symlink_to(tmp_path / "elsewhere.sig")
    assert not verify_return(folder, ORG.public_key()).ok
    shutil.rmtree(folder)
