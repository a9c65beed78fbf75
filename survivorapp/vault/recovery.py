"""Recovery keys that can be read aloud, typed, and checked for typos.

160 random bits, written as 8 groups of 5 characters in Crockford's base-32 alphabet (no I, L, O
or U, so nothing looks alike). Each group is 4 data characters and 1 check character computed
with the Luhn mod-32 algorithm over the group's characters and its position, so a mistyped or
transposed character is reported as a typo in that group, and a group typed in the wrong place
is caught too. Input is forgiving: case, spaces, dashes and the look-alikes O/I/L are accepted.
"""

from __future__ import annotations

import secrets

from survivorapp.vault.errors import RecoveryKeyTypo

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
DATA_CHARS_PER_GROUP = 4
RAW_BYTES = GROUPS * DATA_CHARS_PER_GROUP * 5 // 8  # 20 bytes = 160 bits
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_char(group_index: int, data: str) -> str:
    """Luhn mod N over the group's position and data characters."""
    codepoints = [group_index % 32, *(ALPHABET.index(c) for c in data)]
    factor = 2
    total = 0
    n = len(ALPHABET)
    for cp in reversed(codepoints):
        addend = factor * cp
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def _bits_to_chars(raw: bytes) -> str:
    value = int.from_bytes(raw, "big")
    count = len(raw) * 8 // 5
    return "".join(ALPHABET[(value >> (5 * (count - 1 - i))) & 31] for i in range(count))


def _chars_to_bits(chars: str) -> bytes:
    value = 0
    for c in chars:
        value = (value << 5) | ALPHABET.index(c)
    return value.to_bytes(len(chars) * 5 // 8, "big")


def format_recovery_key(raw: bytes) -> str:
    """Render raw key bytes as ``XXXXX-XXXXX-...`` with check characters."""
    if len(raw) != RAW_BYTES:
        raise ValueError("recovery key must be 20 bytes")
    data = _bits_to_chars(raw)
    groups = []
    for index in range(GROUPS):
        chunk = data[index * DATA_CHARS_PER_GROUP : (index + 1) * DATA_CHARS_PER_GROUP]
        groups.append(chunk + _check_char(index, chunk))
    return "-".join(groups)


def generate_recovery_key() -> tuple[bytes, str]:
    raw = secrets.token_bytes(RAW_BYTES)
    return raw, format_recovery_key(raw)


def normalise(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(_LOOKALIKES)


def parse_recovery_key(text: str) -> bytes:
    """Return the raw key, or raise :class:`RecoveryKeyTypo` naming the first bad group.

    Groups are checked in order, so a missing or extra character or group is named as the
    first group that no longer checks (the group that follows a missing one carries the
    wrong position in its check character).
    """
    cleaned = normalise(text)
    group_len = DATA_CHARS_PER_GROUP + 1
    if not cleaned:
        raise RecoveryKeyTypo(None)
    bad = next((i for i, c in enumerate(cleaned) if c not in ALPHABET), None)
    if bad is not None:
        raise RecoveryKeyTypo(bad // group_len + 1 if bad < GROUPS * group_len else None)
    data = []
    for index in range(GROUPS):
        group = cleaned[index * group_len : (index + 1) * group_len]
        chunk, check = group[:DATA_CHARS_PER_GROUP], group[DATA_CHARS_PER_GROUP:]
        if len(group) < group_len or _check_char(index, chunk) != check:
            raise RecoveryKeyTypo(index + 1)
        data.append(chunk)
    if len(cleaned) != GROUPS * group_len:
        raise RecoveryKeyTypo(None)
    return _chars_to_bits("".join(data))
