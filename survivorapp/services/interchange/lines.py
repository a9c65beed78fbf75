"""Reading a records file a line at a time, and each line's JSON, without trusting either.

Lines are read in binary with a bounded ``readline``, so a huge line or a huge file never sits
in memory at once. JSON is parsed strictly: a key twice in one object, or NaN and Infinity,
are refused, since either could mean two different records to two different readers; so are
deep nesting, overlong numbers and lone surrogates (``domain.safe_input``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from survivorapp.domain.safe_input import DuplicateKey, UnsafeJson, loads_strict

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
    """(the line's JSON object, None), or (None, what is wrong with the line).

    Parsed by ``domain.safe_input.loads_strict``: no key twice, no NaN or Infinity, nesting and
    numbers bounded, no lone surrogates (``"\\ud800"``), which could not be stored.
    """
    try:
        value = loads_strict(text)
    except DuplicateKey as exc:
        return None, f"The key '{exc.key[:40]}' appears twice in one object."
    except json.JSONDecodeError as exc:
        return None, f"This line isn't valid JSON ({exc.msg} at column {exc.colno})."
    except UnsafeJson as exc:
        return None, f"This line can't be imported: {_lower_first(str(exc))}"
    except ValueError:
        return None, "This line isn't valid JSON."
    if not isinstance(value, dict):
        return None, 'Each line should be one JSON object with "type" and "record".'
    return value, None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
