"""Back-off after repeated wrong passphrases: each further try waits longer, up to 5 minutes.

After :data:`FREE_ATTEMPTS` wrong passphrases for one user name, the next try is refused until
a wait has passed: 15 s, then 30 s, 1, 2, 4 and at most 5 minutes, counted from the last wrong
try. The count is kept in ``unlock-delays.json`` beside the vault (owner-only, written
atomically) so closing and reopening the app does not reset it; a successful unlock as that user
clears it. The recovery key is never delayed.

To keep the file from saying which user names exist, and from holding anything typed, attempts
are counted per *bucket*: the first :data:`BUCKET_BITS` bits of SHA-256 over the vault id and the
case-folded user name. A real name and a made-up one behave the same, and 12 bits of a hash say
nothing useful about a passphrase typed into the user-name field. Two users may share a bucket;
then one's wrong tries delay the other too, which is the safe direction.

This slows guessing through the app only: someone who can write to the vault folder can delete
the file, and someone who copies the folder can guess offline at the KDF's cost
(docs/threat-model.md). The file is read as hostile: a damaged one counts as empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from survivorapp.domain.safe_input import UnsafeFile, loads_strict, read_regular
from survivorapp.vault.atomic import atomic_write_bytes
from survivorapp.vault.errors import VaultError
from survivorapp.vault.keyslots import user_key

FILE_NAME = "unlock-delays.json"
FORMAT = "survivorapp-unlock-delays"
FREE_ATTEMPTS = 5
FIRST_WAIT_SECONDS = 15
MAX_WAIT_SECONDS = 300
BUCKET_BITS = 12
MAX_FILE_BYTES = 256 * 1024
_BUCKET_CHARS = BUCKET_BITS // 4

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong tries in a row (0 while under the limit)."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS << min(failures - FREE_ATTEMPTS, 16))


@dataclass(frozen=True)
class Bucket:
    failures: int
    last: datetime


class UnlockDelays:
    """The wrong-passphrase counts of one vault folder."""

    def __init__(self, folder: Path, vault_id: str, clock: Clock = _now) -> None:
        self.path = folder / FILE_NAME
        self.vault_id = vault_id
        self.clock = clock

    def bucket(self, user: str) -> str:
        digest = hashlib.sha256(f"{self.vault_id}|{user_key(user)}".encode()).hexdigest()
        return digest[:_BUCKET_CHARS]

    def seconds_to_wait(self, user: str) -> int:
        """How long before ``user`` may try again (0: now). Never more than the cap, even if
        the file or the clock says otherwise."""
        found = self._load().get(self.bucket(user))
        if found is None:
            return 0
        wait = wait_after(found.failures)
        elapsed = (self.clock() - found.last).total_seconds()
        return max(0, min(MAX_WAIT_SECONDS, int(wait - max(elapsed, 0) + 0.999)))

    def failed(self, user: str) -> int:
        """Count one wrong try; returns the wait before the next one."""
        buckets = self._load()
        key = self.bucket(user)
        previous = buckets.get(key)
        failures = (previous.failures if previous else 0) + 1
        buckets[key] = Bucket(failures, self.clock())
        self._save(buckets)
        return wait_after(failures)

    def succeeded(self, user: str) -> None:
        buckets = self._load()
        if buckets.pop(self.bucket(user), None) is not None:
            self._save(buckets)

    def _load(self) -> dict[str, Bucket]:
        try:
            data = loads_strict(read_regular(self.path, MAX_FILE_BYTES))
        except (OSError, UnsafeFile, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        raw = data.get("buckets")
        if not isinstance(raw, dict):
            return {}
        buckets: dict[str, Bucket] = {}
        for key, value in raw.items():
            parsed = _bucket(key, value)
            if parsed is not None:
                buckets[key] = parsed
        return buckets

    def _save(self, buckets: dict[str, Bucket]) -> None:
        body = {
            key: {"failures": b.failures, "last": b.last.isoformat(timespec="seconds")}
            for key, b in sorted(buckets.items())
        }
        text = json.dumps({"format": FORMAT, "version": 1, "buckets": body}, sort_keys=True)
        with contextlib.suppress(OSError, VaultError):  # bookkeeping never stops an unlock
            atomic_write_bytes(self.path, (text + "\n").encode())


def _bucket(key: object, value: object) -> Bucket | None:
    if not (isinstance(key, str) and len(key) == _BUCKET_CHARS and isinstance(value, dict)):
        return None
    failures, last = value.get("failures"), value.get("last")
    if isinstance(failures, bool) or not isinstance(failures, int) or failures < 1:
        return None
    if not isinstance(last, str) or len(last) > 40:
        return None
    try:
        when = datetime.fromisoformat(last)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return Bucket(min(failures, 10_000), when)
