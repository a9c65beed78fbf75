"""Fuzz: the failed-unlock notes and the back-off file, as anyone with write access could leave
them. Property: reading never raises, the summary stays bounded, and waits stay within the cap."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.vault import failed_logins, unlock_delays
from survivorapp.vault.unlock_delays import UnlockDelays
from tests.fuzz.inputs import mangled

GENUINE = b'{"at": "2026-12-07T20:15:03+00:00", "slot": "u-0123456789ab"}'
DELAYS = (
    b'{"buckets": {"a3f": {"failures": 6, "last": "2026-12-07T20:15:03+00:00"}}, '
    b'"format": "survivorapp-unlock-delays", "version": 1}'
)
lines = st.lists(mangled(GENUINE) | st.just(GENUINE), max_size=20)


@settings(deadline=None)
@given(content=lines, newline=st.sampled_from([b"\n", b"\r\n", b"\n\n"]))
def test_any_notes_file_gives_a_bounded_summary(content: list[bytes], newline: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        raw = newline.join(content)
        (folder / failed_logins.FILE_NAME).write_bytes(raw)
        summary = failed_logins.read(folder)
        counted = sum(s.count for s in summary.by_slot.values())
        assert counted + summary.malformed <= raw.count(b"\n") + 1
        assert counted >= sum(1 for line in content if line == GENUINE and b"\n" not in line)
        for slot, item in summary.by_slot.items():
            assert slot == "" or failed_logins._SLOT_ID.fullmatch(slot)
            assert item.first <= item.last
        assert (folder / failed_logins.FILE_NAME).read_bytes() == raw  # read changes nothing


@settings(deadline=None)
@given(slot=st.none() | st.text(max_size=70))
def test_what_note_writes_reads_back_or_is_refused(slot: str | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        failed_logins.note(folder, slot)
        summary = failed_logins.read(folder)
        genuine = slot is None or bool(failed_logins._SLOT_ID.fullmatch(slot))
        if genuine:
            assert [s.count for s in summary.by_slot.values()] == [1]
        else:  # slot ids are always plain; anything else must not turn into an entry for it
            assert slot not in summary.by_slot


@settings(deadline=None)
@given(content=mangled(DELAYS), user=st.text(max_size=20))
def test_any_delays_file_gives_a_wait_within_the_cap(content: bytes, user: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / unlock_delays.FILE_NAME).write_bytes(content)
        delays = UnlockDelays(folder, "vault-id", clock=lambda: datetime(2026, 12, 7, tzinfo=UTC))
        assert 0 <= delays.seconds_to_wait(user) <= unlock_delays.MAX_WAIT_SECONDS
        delays.failed(user)
        assert 0 <= delays.seconds_to_wait(user) <= unlock_delays.MAX_WAIT_SECONDS
