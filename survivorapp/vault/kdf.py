"""Passphrase stretching with Argon2id, calibrated per machine.

Parameters are stored with each key slot, so a slot made on a slow laptop years ago still opens
after the defaults change. The floor is RFC 9106's second recommended option (64 MiB, 3 passes,
4 lanes); calibration raises the number of passes until one derivation takes about the target
time on this machine, never past the ceiling.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
DEFAULT_LANES = 4
KEY_LENGTH = 32
SALT_LENGTH = 16
TARGET_SECONDS = 0.5
CEILING_SECONDS = 2.0
MAX_ITERATIONS = 64
# Limits on parameters read from a slot: an edited slot must not make unlock hang for minutes
# or exhaust memory before the GCM tag has a chance to refuse it.
MAX_STORED_MEMORY_KIB = 1024 * 1024
MAX_STORED_WORK = FLOOR_MEMORY_KIB * MAX_ITERATIONS * 2  # KiB x passes
MAX_LANES = 16
# The least a stored slot may ask for: OWASP's Argon2id minimum (19 MiB, 2 passes). No version
# of survivorapp wrote less; the floor for new slots is higher (RFC 9106, above).
MIN_STORED_MEMORY_KIB = 19 * 1024
MIN_STORED_ITERATIONS = 2


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters as stored in a key slot."""

    memory_kib: int = FLOOR_MEMORY_KIB
    iterations: int = FLOOR_ITERATIONS
    lanes: int = DEFAULT_LANES

    def meets_floor(self) -> bool:
        return self.memory_kib >= FLOOR_MEMORY_KIB and self.iterations >= FLOOR_ITERATIONS

    def to_json(self) -> dict[str, int | str]:
        return {
            "algorithm": "argon2id",
            "version": 19,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        if not isinstance(data, dict) or data.get("algorithm") != "argon2id":
            raise ValueError("unsupported KDF")
        values = [data.get(k) for k in ("memory_kib", "iterations", "lanes")]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
            raise ValueError("bad KDF parameters")
        memory_kib, iterations, lanes = [v for v in values if isinstance(v, int)]
        if (
            memory_kib > MAX_STORED_MEMORY_KIB
            or memory_kib < 8 * lanes
            or lanes > MAX_LANES
            or memory_kib * iterations > MAX_STORED_WORK
            or memory_kib < MIN_STORED_MEMORY_KIB
            or iterations < MIN_STORED_ITERATIONS
        ):
            raise ValueError("KDF parameters out of range")
        return cls(memory_kib=memory_kib, iterations=iterations, lanes=lanes)


def derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Stretch a passphrase into 32 bytes of key material."""
    kdf = Argon2id(
        salt=salt,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def time_derivation(params: KdfParams) -> float:
    start = time.perf_counter()
    derive("calibration", b"\x00" * SALT_LENGTH, params)
    return time.perf_counter() - start


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Choose passes so one derivation takes about ``target_seconds`` here (at least that).

    A first estimate comes from one derivation at the floor. A derivation also has a fixed cost
    (filling 64 MiB), so that estimate undershoots; the chosen parameters are then timed and
    raised until they reach the target, or backed off if they pass the ceiling. This runs once,
    when a vault is created, and costs a few seconds at most.
    """
    floor = KdfParams()
    if target_seconds <= 0:
        return floor
    target = min(target_seconds, CEILING_SECONDS)
    per_pass = time_derivation(floor) / floor.iterations
    iterations = _clamp(math.ceil(target / max(per_pass, 1e-6)))
    for _ in range(4):
        if iterations == FLOOR_ITERATIONS:
            break
        measured = time_derivation(KdfParams(iterations=iterations))
        if measured > CEILING_SECONDS:
            return KdfParams(iterations=_clamp(int(iterations * CEILING_SECONDS / measured * 0.9)))
        if measured >= target or iterations == MAX_ITERATIONS:
            break
        iterations = _clamp(math.ceil(iterations * target / max(measured, 1e-6) * 1.05))
    return KdfParams(iterations=iterations)


def _clamp(iterations: int) -> int:
    return max(FLOOR_ITERATIONS, min(MAX_ITERATIONS, iterations))
