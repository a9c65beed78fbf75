"""Fuzz: return folders as a commissioner receives them. Property: with any manifest, and any
odd thing in place of a listed file, ``verify_return`` gives a report (never raises, never
hangs) and only an untouched folder verifies; opening a sealed return for a merge raises only
``MergeRefused``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import fingerprint, generate_signing_key
from survivorapp.reporting.manifest import Manifest
from survivorapp.reporting.merge import MergeRefused, open_sealed_return
from survivorapp.reporting.model import Level
from survivorapp.reporting.serialise import MalformedReturn
from survivorapp.reporting.signing import verify_return
from tests.fuzz.inputs import mangled
from tests.reporting.samples import sample_return

ORG = generate_signing_key()
COMMISSIONER = x25519.X25519PrivateKey.generate()
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("fuzz-returns")
    published = base / "published"
    sealed = base / "sealed"
    write_return(sample_return(), Level.PUBLICATION, published, ORG)
    write_return(
        sample_return(),
        Level.SEALED,
        sealed,
        ORG,
        commissioner_public_key=COMMISSIONER.public_key(),
    )
    return {"published": published, "sealed": sealed}


def _odd_thing(path: Path, kind: str, data: bytes) -> None:
    """Put something other than the signed file at ``path``."""
    path.unlink(missing_ok=True)
    if kind == "bytes":
        path.write_bytes(data)
    elif kind == "fifo" and hasattr(os, "mkfifo"):
        os.mkfifo(path)
    elif kind == "link-to-device" and Path("/dev/zero").exists():
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(data)


def test_each_sample_verifies(folders: dict[str, Path]) -> None:
    for folder in folders.values():
        assert verify_return(folder, ORG.public_key()).ok


def test_any_manifest_bytes_give_a_report(folders: dict[str, Path]) -> None:
    sample = (folders["published"] / "manifest.json").read_bytes()

    @SETTINGS
    @given(data=mangled(sample))
    def check(data: bytes) -> None:
        try:
            parsed: Manifest | None = Manifest.from_bytes(data)
        except MalformedReturn:
            parsed = None
        with tempfile.TemporaryDirectory() as name:
            folder = Path(shutil.copytree(folders["published"], Path(name) / "r"))
            (folder / "manifest.json").write_bytes(data)
            report = verify_return(folder, ORG.public_key())
            if report.ok:  # only the signed content verifies (however it is spaced)
                assert parsed is not None
                assert parsed.canonical_bytes() == Manifest.from_bytes(sample).canonical_bytes()

    check()


def test_any_odd_file_in_a_sealed_return_is_refused_plainly(folders: dict[str, Path]) -> None:
    names = sorted(p.name for p in folders["sealed"].iterdir())

    @SETTINGS
    @given(
        name=st.sampled_from([*names, "extra.txt"]),
        kind=st.sampled_from(["bytes", "fifo", "link-to-device", "folder"]),
        data=st.binary(max_size=64),
    )
    def check(name: str, kind: str, data: bytes) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(shutil.copytree(folders["sealed"], Path(tmp) / "r"))
            _odd_thing(folder / name, kind, data)
            report = verify_return(folder, ORG.public_key())
            assert not report.ok
            trusted = {fingerprint(ORG.public_key()): ORG.public_key()}
            with pytest.raises(MergeRefused):
                open_sealed_return(folder, COMMISSIONER, trusted)

    check()


def test_any_sealed_manifest_is_refused_plainly_by_a_merge(folders: dict[str, Path]) -> None:
    sample = (folders["sealed"] / "manifest.json").read_bytes()
    trusted = {fingerprint(ORG.public_key()): ORG.public_key()}

    @SETTINGS
    @given(data=mangled(sample))
    def check(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(shutil.copytree(folders["sealed"], Path(name) / "r"))
            (folder / "manifest.json").write_bytes(data)
            try:
                open_sealed_return(folder, COMMISSIONER, trusted)
            except MergeRefused:
                return
            assert (
                Manifest.from_bytes(data).canonical_bytes()
                == Manifest.from_bytes(sample).canonical_bytes()
            )

    check()
