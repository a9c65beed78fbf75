"""Reading a records file a line at a time, and each line's JSON, without trusting either.

Lines are read in binary with a bounded ``readline``, so a huge line or a huge file never sits
in memory at once. JSON is parsed strictly: a key twice in one object, or NaN and Infinity,
are refused, since either could mean two different records to two different readers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

MAX_LINE_BYTES = 1024 * 1024
_SKIP_CHUNK = 64 * 1024
_BOM = b"\xef\xbb\xbf"


def read_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | int]]:
    """(line number, bytes) per line; for a line over the limit, its length instead.

    A long line is skipped in chunks, so it is never held in memory whole.
    """
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(_SKIP_CHUNK)
                size += len(raw)
            yield number, size
            continue
        yield number, raw


def decode_line(number: int, raw: bytes | int) -> tuple[str | None, str | None]:
    """(text, None) for a readable line, or (None, why not) for one too long or not UTF-8.

    A byte-order mark at the start of the file is dropped, as spreadsheet tools write one.
    """
    if isinstance(raw, int):
        return None, (
            f"This line is {raw:,} bytes long; the limit is {MAX_LINE_BYTES:,} bytes "
            "per line. It may not be a records file, or a line break may be missing."
        )
    if number == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, (
            f"This line isn't UTF-8 text (byte {exc.start + 1} can't be read). "
            "Save the file as UTF-8 and try again."
        )


def parse_object(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the line's JSON object, None), or (None, what is wrong with the line)."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except _DuplicateKey as exc:
        return None, f"The key '{exc.key}' appears twice in one object."
    except json.JSONDecodeError as exc:
        return None, f"This line isn't valid JSON ({exc.msg} at column {exc.colno})."
    except (ValueError, RecursionError):
        return None, "This line isn't valid JSON."
    if not isinstance(value, dict):
        return None, 'Each line should be one JSON object with "type" and "record".'
    return value, None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")
