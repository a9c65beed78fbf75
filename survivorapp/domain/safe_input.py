"""Reading files nobody vouches for: the one set of rules every parser in the app uses.

Files handed to the app (a records file to import, a directory CSV, a questionnaire file, a
return folder, ``keyslots.json``, the failed-unlock notes) may be hostile or simply wrong. Each
is opened here, never with a bare ``open``:

- **regular files only**: the last path component must not be a symlink (``O_NOFOLLOW``), and
  the opened file must be a regular file, so a FIFO cannot hang a reader and a link to
  ``/dev/zero`` cannot fill memory. The open itself is non-blocking, so even a FIFO is refused
  at once rather than waited on;
- **a size cap before reading**, checked on the open file (and again while reading, in case it
  grows);
- **strict JSON**: no key twice in one object, no NaN or Infinity, nesting at most
  :data:`MAX_DEPTH` deep, numbers at most :data:`MAX_NUMBER_CHARS` characters, and no lone
  surrogates (``"\\ud800"``), which are not text and cannot be stored;
- **one rule for hidden characters** in names and notes (:func:`text_problem`): no control
  characters (NUL, ESC...) and no bidirectional embedding, override or isolate controls
  (U+202A-U+202E, U+2066-U+2069) anywhere; tab and line breaks only in multi-line text;
- **spreadsheet formulas neutralised** in every CSV the app writes (:func:`csv_safe_cell`).

Messages name what is wrong, never the file's content: a problem may be printed or emailed.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from survivorapp.domain.errors import EXIT_PROBLEMS, UserFacingError

MAX_DEPTH = 32
"""Deepest nesting of JSON arrays and objects any file of ours needs (the deepest uses ~8)."""
MAX_NUMBER_CHARS = 32
"""Longest JSON number accepted, in characters: far beyond any count, score or version."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_CONTROLS = frozenset("\t\n\r")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONG_NUMBER = re.compile(rf"[0-9]{{{MAX_NUMBER_CHARS + 1}}}|[eE][+-]?[0-9]{{3}}")
SINGLE_LINE_FIELDS = frozenset(
    {
        "name",
        "known_as",
        "organisation_name",
        "username",
        "allocated_worker",
        "worker",
        "owner",
        "recorded_by",
        "made_by",
        "triaged_by",
    }
)
"""Names and user names, wherever they appear: no tab or line break (everything else may)."""
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters a spreadsheet may take as the start of a formula (OWASP, CSV injection)."""


class UnsafeFile(UserFacingError):
    """A file that is not a plain, readable file of a sensible size (named in the message)."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, user_message: str, *, too_large: bool = False) -> None:
        super().__init__(user_message)
        self.too_large = too_large


class UnsafeJson(ValueError):
    """JSON that parses but that no file of ours holds; the message says why, without content."""


# --- opening files ------------------------------------------------------------------------------


def open_regular(path: Path, max_bytes: int) -> BinaryIO:
    """``path`` opened for binary reading, refused unless it is a regular file of at most
    ``max_bytes`` (:class:`UnsafeFile`; a missing file raises :class:`FileNotFoundError`)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if path.is_symlink():
            raise UnsafeFile(_not_regular(path, "a link to another file")) from None
        raise UnsafeFile(f"{path.name} can't be read ({exc.strerror}).") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(_not_regular(path, _kind(info.st_mode)))
        if info.st_size > max_bytes:
            raise UnsafeFile(_too_large(path, max_bytes), too_large=True)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The whole of a regular file of at most ``max_bytes`` (see :func:`open_regular`)."""
    with open_regular(path, max_bytes) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew after the size was checked
        raise UnsafeFile(_too_large(path, max_bytes), too_large=True)
    return data


def is_regular(path: Path) -> bool:
    """True for a regular file that is not a symlink (without following or opening it)."""
    with contextlib.suppress(OSError):
        return stat.S_ISREG(os.lstat(path).st_mode)
    return False


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(path: Path, what: str) -> str:
    return f"{path.name} is {what}, not an ordinary file, so it was not read."


def _too_large(path: Path, max_bytes: int) -> str:
    return f"{path.name} is larger than {_size(max_bytes)}, too large to be the file expected."


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count // (1024 * 1024):,} MB"
    return f"{count // 1024:,} KB"


# --- strict JSON ----------------------------------------------------------------------------


def loads_strict(text: str | bytes) -> Any:
    """Parse JSON by the rules above; :class:`UnsafeJson` (a ``ValueError``) when broken.

    Bytes must be UTF-8 (``json.loads`` would also guess UTF-16 or UTF-32). Plain syntax errors
    are still ``json.JSONDecodeError`` (also a ``ValueError``), with their line and column.
    """
    if isinstance(text, bytes):
        try:
            text = text.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # a BOM is harmless
        except UnicodeDecodeError as exc:
            where = f"byte {exc.start + 1} can't be read"
            raise UnsafeJson(f"This isn't UTF-8 text ({where}).") from None
    long_numbers = _LONG_NUMBER.search(text) is not None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constants,
            parse_int=_checked_int if long_numbers else None,
            parse_float=_checked_float if long_numbers else None,
        )
    except RecursionError:
        raise UnsafeJson(_too_deep()) from None
    deep = text.count("[") + text.count("{") > MAX_DEPTH
    surrogates = _SURROGATE_ESCAPE.search(text) is not None or has_surrogate(text)
    if deep or surrogates:
        check_shape(value, surrogates=surrogates)
    return value


def check_shape(value: Any, *, surrogates: bool = True) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and (when ``surrogates``) lone surrogates.

    Walks without recursion, so no input can overflow the stack here.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > MAX_DEPTH:
                raise UnsafeJson(_too_deep())
            for key, child in item.items():
                if surrogates and has_surrogate(key):
                    raise UnsafeJson(_surrogate())
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth > MAX_DEPTH:
                raise UnsafeJson(_too_deep())
            stack.extend((child, depth + 1) for child in item)
        elif surrogates and isinstance(item, str) and has_surrogate(item):
            raise UnsafeJson(_surrogate())


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (U+D800-U+DFFF), which is not a character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_deep() -> str:
    return f"The JSON is nested more than {MAX_DEPTH} levels deep."


def _surrogate() -> str:
    return (
        "The JSON holds a \\u escape for half a character (a lone surrogate such as "
        "\\ud800), which is not text."
    )


def _checked_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_CHARS:
        raise UnsafeJson(f"A number is longer than {MAX_NUMBER_CHARS} characters.")
    return int(digits)


def _checked_float(digits: str) -> float:
    if len(digits) > MAX_NUMBER_CHARS:
        raise UnsafeJson(f"A number is longer than {MAX_NUMBER_CHARS} characters.")
    number = float(digits)
    if math.isinf(number):
        raise UnsafeJson("A number is too large to be stored.")
    return number


class DuplicateKey(UnsafeJson):
    def __init__(self, key: str) -> None:
        super().__init__(f"A key appears twice in one object ({key[:40]!r}).")
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise UnsafeJson(f"{name} is not allowed in JSON.")


# --- text -------------------------------------------------------------------------------------


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why ``value`` can't be kept as a name or note, or None when it can.

    One rule for every import: no control characters (Unicode category Cc: NUL, ESC, DEL...),
    no bidirectional embedding, override or isolate controls, no lone surrogates; tab, line
    feed and carriage return only in multi-line text (notes, addresses).
    """
    allowed = _LINE_CONTROLS if multiline else frozenset()
    for char in value:
        if char in allowed:
            continue
        if char in _BIDI_CONTROLS:
            return "holds a hidden character that reverses or reorders text (such as U+202E)"
        category = unicodedata.category(char)
        if category == "Cc":
            if char in _LINE_CONTROLS:
                return "holds a line break or tab, which only notes and addresses may have"
            return "holds a hidden control character"
        if category == "Cs":
            return "holds half a character (a lone surrogate)"
    return None


def field_problem(field: str, value: str) -> str | None:
    """:func:`text_problem` for a field named ``field`` (a path such as ``channels[0].name``):
    single-line when its last part is one of :data:`SINGLE_LINE_FIELDS`."""
    name = field.rsplit(".", 1)[-1].split("[", 1)[0]
    return text_problem(value, multiline=name not in SINGLE_LINE_FIELDS)


def strings_in(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) for every string in a parsed JSON value, keys included.

    The path uses dots and ``[n]``, as problems name fields.
    """
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, child in item.items():
                yield (where or "key"), key
                stack.append((child, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in enumerate(item))


# --- writing CSV ----------------------------------------------------------------------------


def csv_safe_cell(value: str) -> str:
    """A text cell a spreadsheet will show as text, never run as a formula.

    OWASP's CSV injection guidance: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
    carriage return gets a leading apostrophe. Numbers written as numbers (``-3``, ``1.5``) are
    left alone: they are data, and spreadsheets read them as numbers either way.
    """
    if value.startswith(FORMULA_PREFIXES) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.strip() == value and value.lower() not in ("nan", "inf", "-inf", "+inf")


def formula_like(value: str) -> bool:
    """True when a spreadsheet could take ``value`` as a formula (see :func:`csv_safe_cell`)."""
    return csv_safe_cell(value) != value
