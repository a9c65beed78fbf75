"""The commissioner's service: keys, checking a signed return, merging sealed returns.

Files in, files out, no vault: what the command line shows comes from these results and the
errors' own sentences and exit codes.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from survivorapp.domain.errors import EXIT_PROBLEMS, EXIT_USAGE
from survivorapp.reporting.disclosure import DisclosureParameterError
from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import (
    fingerprint,
    generate_signing_key,
    load_commissioner_public_key,
    public_key_pem,
)
from survivorapp.reporting.model import Level
from survivorapp.reporting.sealing import SEALED_FILE
from survivorapp.services import commissioner
from survivorapp.services.commissioner import CommissionerKeyFiles, KeyFileError, MergeRefused
from tests.reporting.samples import sample_return


@pytest.fixture
def keys(tmp_path: Path) -> CommissionerKeyFiles:
    return commissioner.make_keys(tmp_path / "commissioner")


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    folder = tmp_path / "trust"
    folder.mkdir()
    return folder


def sealed_returns(tmp_path: Path, keys: CommissionerKeyFiles, trust: Path) -> list[Path]:
    public = load_commissioner_public_key(keys.public_key)
    folders = []
    for n in range(2):
        org = generate_signing_key()
        (trust / f"org{n}.pem").write_bytes(public_key_pem(org.public_key()))
        folder = tmp_path / f"sealed{n}"
        write_return(
            sample_return(shift=n), Level.SEALED, folder, org, commissioner_public_key=public
        )
        folders.append(folder)
    return folders


def test_make_keys_writes_a_private_and_a_public_pair_for_sealing_and_signing(
    keys: CommissionerKeyFiles, tmp_path: Path
) -> None:
    for private in (keys.private_key, keys.signing_private_key):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert commissioner.commissioner_key_fingerprint(keys.public_key) == keys.fingerprint
    with pytest.raises(KeyFileError, match="not an empty folder") as refused:
        commissioner.make_keys(keys.private_key.parent)
    assert refused.value.exit_code == EXIT_USAGE


def test_a_key_file_of_the_wrong_kind_is_refused_plainly(
    keys: CommissionerKeyFiles, tmp_path: Path
) -> None:
    with pytest.raises(KeyFileError, match="X25519"):
        commissioner.commissioner_key_fingerprint(keys.signing_public_key)


def test_verify_return_names_the_signing_key_or_every_problem(
    keys: CommissionerKeyFiles, trust: Path, tmp_path: Path
) -> None:
    first, _ = sealed_returns(tmp_path, keys, trust)
    check = commissioner.verify_return(first, trust / "org0.pem")
    assert check.ok and check.problems == ()
    assert (
        check.key_fingerprint
        == json.loads((first / "manifest.json").read_bytes())["organisation_key"]
    )
    wrong = commissioner.verify_return(first, trust / "org1.pem")
    assert not wrong.ok and "not by the key given" in wrong.problems[0]
    with pytest.raises(KeyFileError):
        commissioner.verify_return(first, keys.public_key)  # not an organisation's key


def test_merge_returns_adds_them_up_and_says_what_it_wrote(
    keys: CommissionerKeyFiles, trust: Path, tmp_path: Path
) -> None:
    folders = sealed_returns(tmp_path, keys, trust)
    merged = commissioner.merge_returns(
        folders, keys.private_key, trust, tmp_path / "merged", signing_key_file=None
    )
    assert len(merged.organisations) == 2 and not merged.signed
    assert merged.period_label == sample_return().period.label
    assert (tmp_path / "merged" / "manifest.json").is_file()

    signed = commissioner.merge_returns(
        folders,
        keys.private_key,
        trust,
        tmp_path / "signed",
        anonymise_organisations=True,
        signing_key_file=keys.signing_private_key,
    )
    assert signed.signed
    check = commissioner.verify_return(tmp_path / "signed", keys.signing_public_key)
    assert check.ok and check.key_fingerprint == keys.signing_fingerprint


def test_a_refused_merge_writes_nothing_and_says_why(
    keys: CommissionerKeyFiles, trust: Path, tmp_path: Path
) -> None:
    folders = sealed_returns(tmp_path, keys, trust)
    (folders[1] / SEALED_FILE).write_bytes(b"altered")
    out = tmp_path / "merged"
    with pytest.raises(MergeRefused) as refused:
        commissioner.merge_returns(folders, keys.private_key, trust, out)
    assert refused.value.user_message.startswith("Nothing was merged.")
    assert "return.sealed was changed" in refused.value.reason
    assert refused.value.exit_code == EXIT_PROBLEMS
    assert not out.exists()


def test_merge_refuses_a_wrong_key_or_a_threshold_below_five_before_opening_anything(
    keys: CommissionerKeyFiles, trust: Path, tmp_path: Path
) -> None:
    folders = sealed_returns(tmp_path, keys, trust)
    out = tmp_path / "merged"
    with pytest.raises(KeyFileError, match="private key"):
        commissioner.merge_returns(folders, keys.public_key, trust, out)
    with pytest.raises(DisclosureParameterError, match="10-5 rule") as low:
        commissioner.merge_returns(folders, keys.private_key, trust, out, k=3)
    assert low.value.exit_code == EXIT_USAGE
    assert not out.exists()
    assert fingerprint(load_commissioner_public_key(keys.public_key)) == keys.fingerprint
