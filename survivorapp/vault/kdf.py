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
    """Choose passes so one derivation takes about ``target_seconds`` here.

    Passes scale Argon2id's time almost linearly at fixed memory, so one measurement at the
    floor predicts the rest; a second measurement checks the prediction against the ceiling.
    """
    floor = KdfParams()
    if target_seconds <= 0:
        return floor
    per_pass = time_derivation(floor) / floor.iterations
    # Round up: the design budget is 0.5-1.0 s, so land at or just above the target.
    wanted = math.ceil(min(target_seconds, CEILING_SECONDS) / max(per_pass, 1e-6))
    iterations = max(FLOOR_ITERATIONS, min(MAX_ITERATIONS, wanted))
    chosen = KdfParams(iterations=iterations)
    if iterations > FLOOR_ITERATIONS:
        measured = time_derivation(chosen)
        if measured > CEILING_SECONDS:
            scaled = int(iterations * CEILING_SECONDS / measured * 0.9)
            chosen = KdfParams(iterations=max(FLOOR_ITERATIONS, scaled))
    return chosen
