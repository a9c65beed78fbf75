"""What the fuzz tests feed the parsers: valid examples, mangled copies of them, and noise.

Hostile input is rarely random bytes alone: it is a real file with one thing changed. So each
strategy mixes three sources: arbitrary bytes, arbitrary JSON, and a known-good sample with a
splice of bytes, characters or JSON dropped into it.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

HOSTILE_TEXT = st.sampled_from(
    [
        "\x00",
        "\x1b[31m",
        "\u202e",
        "\u2066",
        "\ud800",
        "\ufeff",
        '=HYPERLINK("http://x","y")',
        "@SUM(A1)",
        "+cmd|' /C calc'!A0",
        "\r\n",
        "\t",
        '"',
        "\\",
        "\\ud800",
        "9" * 400,
        "1e999",
        "[" * 300,
        "{" * 300,
        "NaN",
        "Infinity",
        "-0",
        "S-999999",
        "C-999999",
    ]
)
"""Short pieces that have broken parsers before, or might."""

TEXTS = st.text(max_size=40) | HOSTILE_TEXT
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXTS
)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=12,
)


def encode(value: Any) -> bytes:
    """JSON text for any drawn value (a lone surrogate kept as an escape, as in a hostile file)."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


@st.composite
def spliced(draw: st.DrawFn, sample: bytes) -> bytes:
    """``sample`` with a piece cut out, or bytes, text or JSON inserted at some position."""
    at = draw(st.integers(0, len(sample)))
    end = draw(st.integers(at, min(len(sample), at + 8)))
    piece = draw(
        st.binary(max_size=12)
        | TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))
        | JSON_VALUES.map(encode)
        | st.just(b"")
    )
    return sample[:at] + piece + sample[end:]


@st.composite
def json_edited(draw: st.DrawFn, sample: Any) -> Any:
    """A parsed JSON ``sample`` with one value somewhere replaced by an arbitrary one."""
    path: list[Any] = []
    node = sample
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    replacement = draw(JSON_VALUES)
    if not path:
        return replacement
    copy = json.loads(json.dumps(sample))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    return copy


def mangled(sample: bytes) -> st.SearchStrategy[bytes]:
    """Noise, arbitrary JSON, or the sample spliced or with one JSON value replaced."""
    try:
        parsed = json.loads(sample)
    except ValueError:
        parsed = None
    edited = json_edited(parsed).map(encode) if parsed is not None else st.nothing()
    return st.binary(max_size=200) | JSON_VALUES.map(encode) | spliced(sample) | edited
