"""Sealed returns and the commissioner's merge: what is refused, and what the sum is."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.reporting.disclosure import publish
from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import fingerprint, generate_signing_key, public_key_pem
from survivorapp.reporting.merge import MergeRefused, load_trusted_keys, merge, sum_returns
from survivorapp.reporting.model import CountTable, Distribution, Level, Return, StatTable
from survivorapp.reporting.sealing import SEALED_FILE, SealError, seal, unseal
from survivorapp.reporting.serialise import return_from_json, return_to_json
from survivorapp.reporting.signing import verify_return
from tests.reporting.samples import Q2, sample_return

COMMISSIONER = x25519.X25519PrivateKey.generate()
ORGS = [generate_signing_key() for _ in range(3)]


def sealed(folder: Path, ret: Return, org: ed25519.Ed25519PrivateKey) -> Path:
    write_return(ret, Level.SEALED, folder, org, commissioner_public_key=COMMISSIONER.public_key())
    return folder


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    folder = tmp_path / "trust"
    folder.mkdir()
    for n, org in enumerate(ORGS):
        (folder / f"org{n}.pem").write_bytes(public_key_pem(org.public_key()))
    return folder


@pytest.fixture
def returns(tmp_path: Path) -> list[Path]:
    return [
        sealed(tmp_path / f"sealed{n}", sample_return(shift=n * 7), org)
        for n, org in enumerate(ORGS)
    ]


def run_merge(paths: list[Path], trust: Path, out: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return merge(paths, COMMISSIONER, load_trusted_keys(trust), out, **kwargs)  # type: ignore[arg-type]


# --- sealing ------------------------------------------------------------------------------------


def test_a_sealed_return_holds_no_readable_figures_and_is_signed(tmp_path: Path) -> None:
    folder = sealed(tmp_path / "s", sample_return(), ORGS[0])
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        "manifest.sig",
        SEALED_FILE,
    ]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sealed"]["commissioner_key"] == fingerprint(COMMISSIONER.public_key())
    assert "HPKE" in manifest["sealed"]["construction"]
    assert b"demand_by_source" not in (folder / SEALED_FILE).read_bytes()
    assert verify_return(folder, ORGS[0].public_key()).ok


def test_seal_and_unseal_round_trip_exactly() -> None:
    ret = sample_return()
    blob = seal(ret, COMMISSIONER.public_key(), "org")
    assert (
        unseal(blob, COMMISSIONER, schema_version=1, period=ret.period, organisation_key="org")
        == ret
    )


def test_the_wrong_commissioner_key_cannot_open_it() -> None:
    blob = seal(sample_return(), COMMISSIONER.public_key(), "org")
    other = x25519.X25519PrivateKey.generate()
    with pytest.raises(SealError, match="different key"):
        unseal(blob, other, schema_version=1, period=sample_return().period, organisation_key="org")


def test_a_sealed_file_does_not_open_under_another_context() -> None:
    ret = sample_return()
    blob = seal(ret, COMMISSIONER.public_key(), "org")
    with pytest.raises(SealError):
        unseal(blob, COMMISSIONER, schema_version=1, period=ret.period, organisation_key="other")
    with pytest.raises(SealError):
        unseal(blob, COMMISSIONER, schema_version=2, period=ret.period, organisation_key="org")


counts = st.integers(0, 10_000)


@settings(max_examples=60, deadline=None)
@given(st.lists(counts, min_size=1, max_size=6), st.lists(st.integers(-5, 900), max_size=40))
def test_the_exact_return_survives_serialisation(values: list[int], days: list[int]) -> None:
    table = CountTable(
        id="t",
        title="T é",
        section="s",
        row_dimension="d",
        rows=tuple(f"r{i}" for i in range(len(values))),
        row_labels=tuple(f"Row «{i}»" for i in range(len(values))),
        counts=tuple((v,) for v in values),
        total=sum(values),
        total_group="g",
    )
    stat = StatTable(
        id="w",
        title="W",
        section="s",
        rows=("a",),
        row_labels=("A",),
        distributions=(Distribution.of(days),),
    )
    ret = Return(sample_return().period, (table, stat), 3, organisations=("abc",))
    assert return_from_json(return_to_json(ret)) == ret


# --- merging ------------------------------------------------------------------------------------


def test_merge_sums_the_exact_tables_then_publishes(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    out = tmp_path / "merged"
    result = run_merge(returns, trust, out)
    expected = sum_returns([sample_return(shift=n * 7) for n in range(3)])
    assert result.merged.tables == expected.tables
    demand = result.merged.table("demand_by_source")
    assert isinstance(demand, CountTable)
    assert demand.counts[0] == (120 * 3 + 0 + 7 + 14,) and demand.total == 174 * 3 + 21
    waits = result.merged.table("waits")
    assert isinstance(waits, StatTable) and waits.distributions[1].n == 9
    assert result.merged.excluded_for_consent == 12
    published = publish(expected, Level.PUBLICATION)
    with (out / "demand_by_source.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[2] for r in rows[1:-1]] == [c[0] for c in published.table("demand_by_source").cells]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["level"] == "publication"
    assert manifest["merge"]["contributing_returns"] == 3
    assert manifest["merge"]["organisations"] == sorted(fingerprint(o.public_key()) for o in ORGS)


def test_organisations_can_be_left_out_of_a_merged_return(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    signer = generate_signing_key()
    run_merge(returns, trust, tmp_path / "m", anonymise_organisations=True, signing_key=signer)
    text = (tmp_path / "m" / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(text)["merge"]["organisations"] == []
    for org in ORGS:
        fp = fingerprint(org.public_key())
        assert all(fp not in p.read_text(errors="ignore") for p in (tmp_path / "m").iterdir())
    assert verify_return(tmp_path / "m", signer.public_key()).ok


def refused(paths: list[Path], trust: Path, out: Path, match: str) -> None:
    with pytest.raises(MergeRefused, match=match):
        run_merge(paths, trust, out)
    assert not out.exists()


def test_returns_for_different_periods_are_refused(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    shutil.rmtree(returns[1])
    sealed(returns[1], sample_return(period=Q2), ORGS[1])
    refused(
        returns,
        trust,
        tmp_path / "m",
        r"sealed1 is for period 2026-Q2, but .*sealed0 is for 2026-Q1",
    )


def test_returns_of_different_schema_versions_are_refused(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    shutil.rmtree(returns[2])
    sealed(returns[2], sample_return(schema_version=2), ORGS[2])
    refused(returns, trust, tmp_path / "m", "sealed2 uses return schema version 2")


def test_the_same_organisation_twice_is_refused(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    again = sealed(tmp_path / "again", sample_return(), ORGS[0])
    refused([*returns, again], trust, tmp_path / "m", "come from the same organisation")


def test_a_tampered_sealed_file_is_refused_and_named(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    path = returns[1] / SEALED_FILE
    data = bytearray(path.read_bytes())
    data[40] ^= 1
    path.write_bytes(bytes(data))
    refused(
        returns, trust, tmp_path / "m", r"sealed1 failed verification: return.sealed was changed"
    )


def test_a_tampered_manifest_is_refused(returns: list[Path], trust: Path, tmp_path: Path) -> None:
    path = returns[0] / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["period"]["label"] = "2026-Q4"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(returns, trust, tmp_path / "m", "sealed0 failed verification: The signature")


def test_a_return_from_an_untrusted_organisation_is_refused(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    stranger = sealed(tmp_path / "stranger", sample_return(), generate_signing_key())
    refused(
        [*returns, stranger], trust, tmp_path / "m", "stranger is signed by key .* not in the trust"
    )


def test_a_return_sealed_for_another_commissioner_is_refused(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    other = x25519.X25519PrivateKey.generate()
    shutil.rmtree(returns[0])
    write_return(
        sample_return(),
        Level.SEALED,
        returns[0],
        ORGS[0],
        commissioner_public_key=other.public_key(),
    )
    refused(returns, trust, tmp_path / "m", "sealed0 was sealed for commissioner key")


def test_a_readable_return_is_not_accepted_for_merging(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    shutil.rmtree(returns[0])
    write_return(sample_return(), Level.PUBLICATION, returns[0], ORGS[0])
    refused(returns, trust, tmp_path / "m", "is not a sealed return")


def test_returns_with_different_tables_are_refused(
    returns: list[Path], trust: Path, tmp_path: Path
) -> None:
    shutil.rmtree(returns[1])
    ret = sample_return()
    sealed(returns[1], replace(ret, tables=ret.tables[:-1]), ORGS[1])
    refused(returns, trust, tmp_path / "m", "does not have the same tables")
