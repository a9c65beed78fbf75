"""A damaged, edited, swapped or foreign backup is refused with one plain sentence naming the
first problem, and neither the live vault nor any other backup is touched by trying."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from survivorapp.domain.progress import Progress, ProgressReport, silent
from survivorapp.services.access import VaultAccess
from survivorapp.services.restore import Credentials, RestoreService
from survivorapp.vault.backups.errors import (
    BackupCredentialsNotRecognised,
    BackupError,
    BackupFolderRemoved,
    BackupTooNew,
    RestoreNeedsConfirmation,
)
from tests.support.backups import back_up, digest_tree, filled, filled_template, open_admin
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, make_vault

__all__ = ["filled", "filled_template"]
ADMIN_CREDS = Credentials(ADMIN, ADMIN_PASSPHRASE)
JARGON = ("sqlite", "sqlcipher", "traceback", "errno", "hmac")


def _truncate(backup: Path) -> None:
    db = backup / "cases.db"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def _flip_byte(backup: Path) -> None:
    db = backup / "cases.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0x01
    db.write_bytes(bytes(data))


def _edit_manifest(backup: Path) -> None:
    path = backup / "manifest.json"
    data = json.loads(path.read_text())
    data["created_by"] = "someone else"
    path.write_text(json.dumps(data))


def _edit_counts_and_hashes_consistently(backup: Path) -> None:
    """An editor who also fixes the file list still cannot forge the MAC."""
    path = backup / "manifest.json"
    data = json.loads(path.read_text())
    data["counts"]["cases"] += 1
    path.write_text(json.dumps(data))


def _add_file(backup: Path) -> None:
    (backup / "notes.txt").write_text("extra")


def _remove_slots(backup: Path) -> None:
    (backup / "keyslots.json").unlink()


def _manifest_not_json(backup: Path) -> None:
    (backup / "manifest.json").write_text("{ not json")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (_truncate, "cases.db is shorter (cut off)"),
    "one byte flipped": (_flip_byte, "the contents of cases.db changed"),
    "manifest edited": (_edit_manifest, "manifest.json was edited"),
    "counts edited": (_edit_counts_and_hashes_consistently, "manifest.json was edited"),
    "file added": (_add_file, "a file the manifest does not list (notes.txt)"),
    "file removed": (_remove_slots, "keyslots.json is missing"),
    "manifest unreadable": (_manifest_not_json, "manifest.json is not readable JSON"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_backup_is_refused_naming_the_first_problem(
    damage: str, filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    backups = tmp_path / "backups"
    good = back_up(access, filled, backups)
    bad = back_up(access, filled, backups)
    change, expected = DAMAGE[damage]
    change(bad.folder)
    before_good, before_vault = digest_tree(good.folder), digest_tree(filled)
    before_bad = digest_tree(bad.folder)
    service = RestoreService(access)
    with pytest.raises(BackupError) as caught:
        service.verify(bad.folder, ADMIN_CREDS, silent())
    message = caught.value.user_message
    assert expected in message, message
    assert "\n" not in message and not any(j in message.lower() for j in JARGON)
    with pytest.raises(BackupError):
        service.restore(bad.folder, tmp_path / "restored", ADMIN_CREDS, silent())
    assert not (tmp_path / "restored").exists()
    assert digest_tree(bad.folder) == before_bad, "verify must write nothing"
    assert digest_tree(good.folder) == before_good and digest_tree(filled) == before_vault
    service.verify(good.folder, ADMIN_CREDS, silent())


def test_a_wrong_passphrase_is_one_sentence(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    done = back_up(access, filled, tmp_path / "backups")
    with pytest.raises(BackupCredentialsNotRecognised) as caught:
        RestoreService(access).verify(
            done.folder, Credentials(ADMIN, "not the passphrase"), silent()
        )
    assert "recovery key" in caught.value.user_message


def test_another_vaults_backup_needs_a_yes_and_its_slots_cannot_be_swapped_in(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    backups = tmp_path / "backups"
    ours = back_up(access, filled, backups)
    other_vault = tmp_path / "other-vault"
    make_vault(other_vault, access)
    other = back_up(access, other_vault, tmp_path / "elsewhere")
    moved = backups / other.folder.name
    shutil.move(other.folder, moved)
    with pytest.raises(RestoreNeedsConfirmation) as caught:
        RestoreService(access).restore(moved, tmp_path / "r", ADMIN_CREDS, silent())
    assert "another vault" in caught.value.user_message
    # Their key slots beside our manifest: refused, whoever's passphrase is used.
    shutil.copyfile(moved / "keyslots.json", ours.folder / "keyslots.json")
    with pytest.raises(BackupError) as swapped:
        RestoreService(access).verify(ours.folder, ADMIN_CREDS, silent())
    assert "keyslots.json" in swapped.value.user_message


@pytest.mark.parametrize("field", ["version", "schema_version"])
def test_a_newer_apps_backup_says_to_use_a_newer_version(
    field: str, filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    done = back_up(access, filled, tmp_path / "backups")
    path = done.folder / "manifest.json"
    data = json.loads(path.read_text())
    data[field] += 50
    path.write_text(json.dumps(data))
    with pytest.raises(BackupTooNew) as caught:
        RestoreService(access).verify(done.folder, ADMIN_CREDS, silent())
    assert "newer version" in caught.value.user_message


def test_the_backup_folder_removed_mid_write_leaves_nothing_and_is_said_plainly(
    filled: Path, tmp_path: Path, access: VaultAccess
) -> None:
    """The USB stick pulled out: the folder vanishes while the copy is being written."""
    stick = tmp_path / "stick"
    earlier = back_up(access, filled, stick / "backups")
    keep = tmp_path / "earlier-copy"
    shutil.copytree(earlier.folder, keep)

    def pull_stick(report: ProgressReport) -> None:
        if report.step == "Copying the database" and (stick / "backups").exists():
            shutil.rmtree(stick / "backups")

    vault_before = digest_tree(filled)
    with open_admin(access, filled) as session:
        with pytest.raises(BackupFolderRemoved) as caught:
            session.backups.backup_now(stick / "backups", Progress(pull_stick))
        assert "discarded" in caught.value.user_message
        warning = session.backups.status(stick / "backups").warning
        assert warning is not None and "failed" in warning
        assert session.check().ok
    assert {k: v for k, v in digest_tree(filled).items() if k.startswith("cases.db")}
    assert vault_before.keys() <= digest_tree(filled).keys()
    RestoreService(access).verify(keep, ADMIN_CREDS, silent())
