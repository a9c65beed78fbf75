"""The commissioner's merge is audited with the organisations' own publication returns.

Organisation A published 2, 3 and 14 (all withheld, total 20). The merge with B's 6, 0 and 10
shows 8 + ... as [c], [c], 25 of 35: read with A's own return, A's withheld 14 would be at least
4 (the merged 25 less at most the B share), so A's 1 to 9 reading is gone. With ``against``
the merge withholds more until nothing is narrowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from survivorapp.reporting.export import write_return
from survivorapp.reporting.keys import generate_signing_key, public_key_pem
from survivorapp.reporting.merge import MergeRefused, load_trusted_keys, merge
from survivorapp.reporting.model import Level, Return
from survivorapp.services.return_audit import audit_folders
from tests.reporting.samples import Q1, one_way

COMMISSIONER = x25519.X25519PrivateKey.generate()
A, B = generate_signing_key(), generate_signing_key()


def sex_return(counts: list[int]) -> Return:
    table = one_way("survivors_sex", counts, group="cases_open")
    return Return(period=Q1, tables=(table,), excluded_for_consent=0)


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    trust = tmp_path / "trust"
    trust.mkdir()
    made = {"trust": trust}
    for name, key, counts in (("a", A, [2, 3, 14]), ("b", B, [6, 0, 10])):
        (trust / f"{name}.pem").write_bytes(public_key_pem(key.public_key()))
        ret = sex_return(counts)
        made[f"{name}_pub"] = tmp_path / f"{name}_pub"
        write_return(ret, Level.PUBLICATION, made[f"{name}_pub"], key)
        made[f"{name}_sealed"] = tmp_path / f"{name}_sealed"
        write_return(
            ret,
            Level.SEALED,
            made[f"{name}_sealed"],
            key,
            commissioner_public_key=COMMISSIONER.public_key(),
        )
    return made


def run(folders: dict[str, Path], out: Path, against: list[Path]) -> None:
    merge(
        [folders["a_sealed"], folders["b_sealed"]],
        COMMISSIONER,
        load_trusted_keys(folders["trust"]),
        out,
        against=against,
    )


def test_without_the_organisations_releases_the_merge_narrows_one_of_them(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    run(folders, tmp_path / "blind", [])
    report = audit_folders([folders["a_pub"], tmp_path / "blind"])
    assert [(f.where(), f.interval()) for f in report.failing] == [
        ("survivors_sex: survivors_sex_2", "4..20")
    ]


def test_with_them_every_withheld_cell_stays_protected(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    held = [folders["a_pub"], folders["b_pub"]]
    run(folders, tmp_path / "audited", held)
    assert audit_folders([*held, tmp_path / "audited"]).ok


def test_a_folder_that_is_not_a_publication_return_is_refused(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(MergeRefused, match="only publication returns"):
        run(folders, tmp_path / "out", [folders["a_sealed"]])
    assert not (tmp_path / "out").exists()
