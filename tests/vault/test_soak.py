"""The kill -9 soak (``make soak``) itself: it passes a vault that keeps its commits, and it
counts as lost every commit a child reported but never made; the backups and rekey scenarios run
cleanly and catch faults planted for them. Two iterations each, not 1,000."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import soak_backups, soak_rekey
from benchmarks.soak_kit import PASSPHRASE, USER, Soak, access, table
from survivorapp.vault import kdf
from survivorapp.vault.backups import listing
from survivorapp.vault.backups.snapshot import DB_NAME, PREFIX


def test_the_soak_finds_no_loss_where_there_is_none_and_every_loss_where_there_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kdf, "derive", kdf.derive)  # the soak remembers derivations: undo after
    modules = {"sessions": "benchmarks.soak_sessions", "liar": "tests.support.soak_liar"}
    soak = Soak(tmp_path, modules, random.Random(1), recycle=50)
    for name in ["sessions", "liar", "sessions", "liar"]:
        soak.iterate(name)
    honest, liar = soak.tallies["sessions"], soak.tallies["liar"]
    assert (honest.iterations, honest.failures, honest.lost) == (2, 0, 0), honest.notes
    assert honest.reported > 0  # the kills came while it was saving
    assert liar.iterations == liar.failures == 2
    assert liar.lost == liar.reported > 0
    printed = table(soak.tallies)
    assert "lost commits" in printed and "total" in printed


def test_backups_and_rekey_survive_kills_and_their_checks_can_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two kills each while backing up and rotating the data key, with the occasional checks
    (restore, old key slots) made every time; then planted faults each scenario must catch."""
    monkeypatch.setattr(kdf, "derive", kdf.derive)
    monkeypatch.setattr(soak_backups, "RESTORE_EVERY", 1)
    monkeypatch.setattr(soak_rekey, "OLD_SLOTS_EVERY", 1)
    modules = {"backups": "benchmarks.soak_backups", "rekey": "benchmarks.soak_rekey"}
    soak = Soak(tmp_path, modules, random.Random(2), recycle=50)
    # late enough that the child has backed up and begun a rotation
    soak.scenarios["rekey"] = replace(soak_rekey.SCENARIO, min_delay=0.8, max_delay=1.2)
    soak.scenarios["backups"] = replace(soak_backups.SCENARIO, min_delay=0.3, max_delay=0.5)
    for name in ["backups", "rekey", "backups", "rekey"]:
        soak.iterate(name)
    for name, tally in soak.tallies.items():
        assert (tally.iterations, tally.failures, tally.lost) == (2, 0, 0), (name, tally.notes)
        assert tally.reported > 0, name

    with access().unlock(tmp_path / "vaults" / "backups", USER, PASSPHRASE) as session:
        folder = soak_backups.backups_folder(session)
        newest = listing.list_backups(folder)[0].folder
        looks_complete = folder / f"{PREFIX}planted-g999"
        shutil.copytree(newest, looks_complete)
        (looks_complete / DB_NAME).unlink()  # e.g. a half-deleted backup
        verdict = soak_backups.verify(session, [f"b:999999:{PREFIX}never-written-g999999"])
    assert verdict.lost == 1  # the vault never recorded that backup
    assert any("planted" in p for p in verdict.problems), verdict.problems
    assert any("never-written" in p for p in verdict.problems), verdict.problems

    with access().unlock(tmp_path / "vaults" / "rekey", USER, PASSPHRASE) as session:
        side = soak_rekey.copies(session)
        assert soak_rekey.before(side, 1).is_file()  # a rotation was begun
        assert soak_rekey._opens(session.vault.slots_path, session.vault.folder / DB_NAME)
        shutil.copyfile(session.vault.slots_path, soak_rekey.before(side, 999))
        verdict = soak_rekey.verify(session, ["r:999", "s:999999"])
    assert verdict.lost == 2  # the rotation "undone" and the session never saved
    assert any("still open it" in p for p in verdict.problems), verdict.problems
