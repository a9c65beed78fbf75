"""The kill -9 soak (``make soak``) itself: it passes a vault that keeps its commits, and it
counts as lost every commit a child reported but never made. Two iterations each, not 1,000."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.soak_kit import Soak, table
from survivorapp.vault import kdf


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
