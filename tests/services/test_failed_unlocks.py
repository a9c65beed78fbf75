"""Failed unlocks read as hostile input, and the back-off after repeated wrong passphrases.

Anyone who can write to the vault folder can write ``failed-unlocks.jsonl``: a forged file
becomes a bounded summary, a malformed line is counted (never a crash), and genuine attempts
survive beside it. After five wrong passphrases each further try waits longer, across restarts,
never beyond five minutes, while the recovery key still opens the vault.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from survivorapp.services.access import VaultAccess
from survivorapp.services.unlock_guard import NOTES_REJECTED, UNLOCK_SCREEN_ACTOR
from survivorapp.vault import failed_logins, keyslots, unlock_delays
from survivorapp.vault.audit import AuditEntry
from survivorapp.vault.errors import CredentialsNotRecognised, UnlockDelayed
from tests.conftest import TemplateVault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

WRONG = "definitely the wrong passphrase"


def _slot_id(folder: Path, user: str) -> str:
    slot = keyslots.load(folder / "keyslots.json").user_slot(user)
    assert slot is not None
    return slot.id


def _unlock_entries(folder: Path, access: VaultAccess) -> list[AuditEntry]:
    """Unlock as the administrator; the entries the unlock itself added."""
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        recent = session.ctx.audit.recent(500)
        assert session.audit.verify().ok
    entries = sorted(recent, key=lambda e: e.seq)
    since = max(i for i, e in enumerate(entries) if e.action == "login")
    return [e for e in entries[: since + 1] if e.actor == UNLOCK_SCREEN_ACTOR]


def test_a_hundred_thousand_forged_lines_become_a_bounded_summary(
    vault_dir: Path, access: VaultAccess
) -> None:
    slot = _slot_id(vault_dir, ADMIN)
    line = json.dumps({"at": "2026-01-01T10:00:00+00:00", "slot": slot}) + "\n"
    (vault_dir / failed_logins.FILE_NAME).write_text(line * 100_000, encoding="utf-8")

    added = _unlock_entries(vault_dir, access)

    assert len(added) <= 2  # one summary for the user named, one for what was not read
    failed = [e for e in added if e.action == "failed_login"]
    assert [e.entity_ref for e in failed] == [ADMIN]
    count = int(failed[0].fields[0].removeprefix("count="))
    assert 0 < count < 100_000
    rejected = [e for e in added if e.action == NOTES_REJECTED]
    assert any(f.startswith("unread_bytes=") for f in rejected[0].fields)
    assert not (vault_dir / failed_logins.FILE_NAME).exists()


def test_a_malformed_note_is_counted_and_the_genuine_ones_are_kept(
    vault_dir: Path, access: VaultAccess
) -> None:
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(vault_dir, ADMIN, WRONG)
    notes = vault_dir / failed_logins.FILE_NAME
    with notes.open("a", encoding="utf-8") as out:
        out.write('{"at": "2026-01-01T10:00:00+00:00", "slot": ["u-1"]}\n')  # crashed unlock
        out.write('{"at": 12, "slot": null}\n')
        out.write("\x00\xff not json at all\n")
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(vault_dir, "nobody-by-this-name", WRONG)

    added = _unlock_entries(vault_dir, access)

    failed = sorted(
        (e for e in added if e.action == "failed_login"), key=lambda e: str(e.entity_ref)
    )
    assert [(e.entity_ref, e.fields[0]) for e in failed] == [
        (ADMIN, "count=1"),
        ("an unknown user name", "count=1"),
    ]
    assert [e.fields for e in added if e.action == NOTES_REJECTED] == [("malformed_lines=3",)]


def test_a_pipe_in_place_of_the_notes_does_not_hang_the_unlock(
    vault_dir: Path, access: VaultAccess
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(vault_dir / failed_logins.FILE_NAME)
    found: list[list[AuditEntry]] = []
    worker = threading.Thread(
        target=lambda: found.append(_unlock_entries(vault_dir, access)), daemon=True
    )
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "the unlock hung on a FIFO"
    assert [e.action for e in found[0]] == [NOTES_REJECTED]


# --- back-off -------------------------------------------------------------------------------


def _wrong(folder: Path, access: VaultAccess, times: int, user: str = ADMIN) -> None:
    for _ in range(times):
        with pytest.raises(CredentialsNotRecognised):
            access.unlock(folder, user, WRONG)


def _age_delays(folder: Path, seconds: int) -> None:
    """Pretend the last wrong try was ``seconds`` ago (rather than sleeping in a test)."""
    path = folder / unlock_delays.FILE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for bucket in data["buckets"].values():
        last = datetime.fromisoformat(bucket["last"]) - timedelta(seconds=seconds)
        bucket["last"] = last.isoformat()
    path.write_text(json.dumps(data), encoding="utf-8")


def test_after_five_wrong_passphrases_each_try_waits_longer(
    vault_dir: Path, access: VaultAccess
) -> None:
    _wrong(vault_dir, access, 4)
    with pytest.raises(UnlockDelayed) as fifth:
        access.unlock(vault_dir, ADMIN, WRONG)
    assert fifth.value.seconds == unlock_delays.FIRST_WAIT_SECONDS
    assert "not recognised" in fifth.value.user_message

    with pytest.raises(UnlockDelayed) as waiting:  # even the right passphrase is not tried yet
        access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert 0 < waiting.value.seconds <= unlock_delays.FIRST_WAIT_SECONDS
    assert "recovery key" in waiting.value.user_message

    restarted = VaultAccess(access.secret_store)  # a new app: only the files carry over
    with pytest.raises(UnlockDelayed):
        restarted.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)

    _age_delays(vault_dir, unlock_delays.FIRST_WAIT_SECONDS)
    with pytest.raises(UnlockDelayed) as sixth:
        access.unlock(vault_dir, ADMIN, WRONG)
    assert sixth.value.seconds == 2 * unlock_delays.FIRST_WAIT_SECONDS

    _age_delays(vault_dir, 2 * unlock_delays.FIRST_WAIT_SECONDS)
    access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE).lock()
    _wrong(vault_dir, access, 4)  # a successful unlock starts the count again


def test_the_wait_is_capped_at_five_minutes_even_if_the_file_says_otherwise(
    vault_dir: Path, access: VaultAccess
) -> None:
    _wrong(vault_dir, access, 4)
    path = vault_dir / unlock_delays.FILE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    future = (datetime.now(UTC) + timedelta(days=365)).isoformat()
    for bucket in data["buckets"].values():
        bucket.update(failures=10**9, last=future)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UnlockDelayed) as waiting:
        access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    assert waiting.value.seconds <= unlock_delays.MAX_WAIT_SECONDS
    assert unlock_delays.wait_after(10**6) == unlock_delays.MAX_WAIT_SECONDS


def test_the_recovery_key_is_never_delayed(
    vault_dir: Path, access: VaultAccess, template_vault: TemplateVault
) -> None:
    _wrong(vault_dir, access, 7)
    with pytest.raises(UnlockDelayed):
        access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    access.unlock_with_recovery(vault_dir, template_vault.recovery_key).lock()


def test_made_up_names_are_delayed_like_real_ones(vault_dir: Path, access: VaultAccess) -> None:
    """The back-off must not tell which user names exist."""
    _wrong(vault_dir, access, 4, user="someone-made-up")
    with pytest.raises(UnlockDelayed) as made_up:
        access.unlock(vault_dir, "someone-made-up", WRONG)
    assert made_up.value.seconds == unlock_delays.FIRST_WAIT_SECONDS
    text = (vault_dir / unlock_delays.FILE_NAME).read_text(encoding="utf-8")
    assert "someone-made-up" not in text and WRONG not in text
    assert (vault_dir / unlock_delays.FILE_NAME).stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b'{"format": "survivorapp-unlock-delays", "buckets": []}', b"[" * 100_000],
)
def test_a_damaged_delays_file_counts_as_none(
    vault_dir: Path, access: VaultAccess, content: bytes
) -> None:
    (vault_dir / unlock_delays.FILE_NAME).write_bytes(content)
    access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE).lock()
