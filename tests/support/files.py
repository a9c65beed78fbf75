"""Looking at a vault folder from the outside: hashes, raw bytes, permissions."""

from __future__ import annotations

import hashlib
from pathlib import Path

LOCK_NAME = "vault.lock"


def snapshot(folder: Path, *, include_lock: bool = False) -> dict[str, str]:
    """SHA-256 of every file in ``folder`` (the lock file holds only a pid, so skip it)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and (include_lock or p.name != LOCK_NAME)
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_containing(folder: Path, needles: list[bytes]) -> list[str]:
    """Names of files under ``folder`` whose raw bytes contain any of ``needles``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found.extend(f"{path.name}: {n!r}" for n in needles if n and n in data)
    return found


def encodings_of(text: str) -> list[bytes]:
    """The ways a string could land on disk: UTF-8, UTF-16 (both orders), UTF-32."""
    return [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")]
