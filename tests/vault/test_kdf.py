"""Argon2id: the parameters stored in a slot are the ones used; calibration stays in bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survivorapp.vault import kdf, keyslots
from survivorapp.vault import vault as vault_ops
from survivorapp.vault.errors import CredentialsNotRecognised, SlotDamaged
from survivorapp.vault.kdf import KdfParams
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

FLOOR = KdfParams()


def test_floor_is_rfc_9106_second_option() -> None:
    assert FLOOR.memory_kib == 64 * 1024
    assert FLOOR.iterations == 3
    assert FLOOR.meets_floor()
    assert not KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1).meets_floor()


def test_unlock_derives_with_the_slots_own_salt_and_parameters(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slot = keyslots.load(vault_dir / "keyslots.json").user_slot(ADMIN)
    assert slot is not None and slot.kdf_params == FLOOR
    calls: list[tuple[bytes, KdfParams]] = []
    real_derive = kdf.derive

    def spy(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
        calls.append((salt, params))
        return real_derive(passphrase, salt, params)

    monkeypatch.setattr(kdf, "derive", spy)
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        data_key = bytes(session._data_key)
    assert calls == [(slot.salt, slot.kdf_params)]

    # Recompute the wrapping key by hand from what the slot says: it opens the slot.
    slot_file = keyslots.load(vault_dir / "keyslots.json")
    stretched = real_derive(ADMIN_PASSPHRASE, slot.salt, slot.kdf_params)  # type: ignore[arg-type]
    wrapping = keyslots._hkdf(
        stretched, None, f"survivorapp/v1/user-slot|{slot_file.vault_id}|{slot.id}".encode()
    )
    assert keyslots.open_slot(slot, slot_file.vault_id, wrapping) == data_key
    other = real_derive(ADMIN_PASSPHRASE, slot.salt, KdfParams(iterations=4))  # type: ignore[arg-type]
    other_wrapping = keyslots._hkdf(
        other, None, f"survivorapp/v1/user-slot|{slot_file.vault_id}|{slot.id}".encode()
    )
    assert keyslots.open_slot(slot, slot_file.vault_id, other_wrapping) is None


def test_slots_with_older_or_other_parameters_still_open(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)  # OWASP's old minimum
    other = KdfParams(memory_kib=64 * 1024, iterations=4, lanes=2)
    with vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        session.add_user("old-timer", "an old slow-laptop passphrase", params=older)
        session.add_user("other", "another parameter passphrase", params=other)
    stored = {
        s["user"]: s["kdf"] for s in json.loads((vault_dir / "keyslots.json").read_text())["slots"]
    }
    assert stored["old-timer"] == older.to_json()
    assert stored["other"] == other.to_json()

    seen: list[KdfParams] = []
    real_derive = kdf.derive
    monkeypatch.setattr(
        kdf, "derive", lambda p, s, params: seen.append(params) or real_derive(p, s, params)
    )
    with vault_ops.unlock(vault_dir, "old-timer", "an old slow-laptop passphrase") as session:
        assert session.user == "old-timer"
    with vault_ops.unlock(vault_dir, "other", "another parameter passphrase") as session:
        assert session.user == "other"
    assert seen == [older, other]


@pytest.mark.parametrize(
    ("iterations", "memory_kib", "refusal"),
    [
        (2, 65536, CredentialsNotRecognised),  # still above the read minimum: the tag refuses
        (1, 65536, SlotDamaged),  # below the read minimum: refused before any derivation
        (3, 16 * 1024, SlotDamaged),
    ],
)
def test_editing_stored_parameters_does_not_open_the_slot(
    vault_dir: Path, iterations: int, memory_kib: int, refusal: type[Exception]
) -> None:
    """Lowering the stored cost (to make guessing cheaper) breaks the slot, it never helps."""
    path = vault_dir / "keyslots.json"
    data = json.loads(path.read_text())
    slot = next(s for s in data["slots"] if s["user"] == ADMIN)
    slot["kdf"]["iterations"] = iterations
    slot["kdf"]["memory_kib"] = memory_kib
    body = {k: v for k, v in slot.items() if k != "checksum"}
    slot["checksum"] = keyslots._checksum(body)  # an attacker can recompute the checksum
    path.write_text(json.dumps(data))
    with pytest.raises(refusal):
        vault_ops.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)


class FakeTimer:
    """Argon2id time as a function of passes: ``per_pass`` seconds each, no real hashing."""

    def __init__(self, per_pass: float, later_per_pass: float | None = None) -> None:
        self.per_pass = per_pass
        self.later_per_pass = later_per_pass
        self.calls: list[KdfParams] = []

    def __call__(self, params: KdfParams) -> float:
        self.calls.append(params)
        rate = self.per_pass if len(self.calls) == 1 else (self.later_per_pass or self.per_pass)
        return params.iterations * rate


@pytest.mark.parametrize(
    ("per_pass", "target", "expected"),
    [
        (0.05, 0.5, 10),  # about the target
        (1.0, 0.5, 3),  # a slow machine: never below the floor
        (0.0001, 0.5, kdf.MAX_ITERATIONS),  # a very fast machine: capped
        (0.1, 10.0, 20),  # a target above the ceiling is cut to 2 s
    ],
)
def test_calibrate_respects_floor_target_and_ceiling(
    monkeypatch: pytest.MonkeyPatch, per_pass: float, target: float, expected: int
) -> None:
    timer = FakeTimer(per_pass)
    monkeypatch.setattr(kdf, "time_derivation", timer)
    chosen = kdf.calibrate(target)
    assert chosen.iterations == expected
    assert chosen.memory_kib >= kdf.FLOOR_MEMORY_KIB
    assert chosen.meets_floor()
    assert timer.calls[0] == FLOOR
    assert chosen.iterations * per_pass <= kdf.CEILING_SECONDS or chosen.iterations == 3


def test_calibrate_backs_off_when_the_second_measurement_breaks_the_ceiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timer = FakeTimer(per_pass=0.01, later_per_pass=0.1)  # e.g. the machine got busy
    monkeypatch.setattr(kdf, "time_derivation", timer)
    chosen = kdf.calibrate(0.5)
    assert chosen.meets_floor()
    assert chosen.iterations * 0.1 <= kdf.CEILING_SECONDS


def test_calibrate_reaches_the_target_despite_a_fixed_cost_per_derivation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Filling the memory costs time whatever the passes: a straight line from the floor
    would undershoot (as measured on this machine: 0.44 s for a 0.5 s target)."""

    def timer(params: KdfParams) -> float:
        return 0.08 + params.iterations * 0.035

    monkeypatch.setattr(kdf, "time_derivation", timer)
    chosen = kdf.calibrate(0.5)
    assert 0.5 <= timer(chosen) <= 1.0


def test_calibrate_never_goes_below_floor_even_when_everything_is_slow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timer = FakeTimer(per_pass=0.01, later_per_pass=100.0)
    monkeypatch.setattr(kdf, "time_derivation", timer)
    assert kdf.calibrate(2.0) == FLOOR


@pytest.mark.parametrize("target", [0, -1])
def test_zero_target_gives_the_floor_without_timing(
    monkeypatch: pytest.MonkeyPatch, target: float
) -> None:
    def no_timing(params: KdfParams) -> float:
        raise AssertionError("should not time anything")

    monkeypatch.setattr(kdf, "time_derivation", no_timing)
    assert kdf.calibrate(target) == FLOOR


@pytest.mark.parametrize(
    "bad",
    [
        None,
        {"algorithm": "pbkdf2", "memory_kib": 65536, "iterations": 3, "lanes": 4},
        {"algorithm": "argon2id", "memory_kib": 0, "iterations": 3, "lanes": 4},
        {"algorithm": "argon2id", "memory_kib": 65536, "iterations": True, "lanes": 4},
        {"algorithm": "argon2id", "memory_kib": 10**9, "iterations": 3, "lanes": 4},
        {"algorithm": "argon2id", "memory_kib": 65536, "iterations": "3", "lanes": 4},
    ],
)
def test_stored_parameters_are_validated(bad: object) -> None:
    with pytest.raises(ValueError):
        KdfParams.from_json(bad)
