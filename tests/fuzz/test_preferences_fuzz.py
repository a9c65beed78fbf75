"""Fuzz: this computer's preferences file (``preferences.ini``), whatever is in it.

The file sits in the person's config folder, where another program (or a person with a text
editor) may have left anything. Opening the app must never crash on it: every device setting
reads as a valid value (the stored one when it is good, else the default), a remembered hint is
text or nothing, and saving a setting afterwards works and leaves the file owner-only.

Short under ``make test``; ``make fuzz`` runs it with the ``fuzz`` profile (tests/conftest.py).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.settings import DEVICE, defaults, in_scope
from survivorapp.ui.preferences import DevicePreferences

DEVICE_KEYS = [s.key for s in in_scope(DEVICE)]
CHOICES = {s.key: {code for code, _ in s.choices or ()} for s in in_scope(DEVICE)}
KEYS = st.sampled_from(
    [*DEVICE_KEYS, "remembered/wording", "remembered/user", "General/theme", "%General", "a b"]
)
# Qt's own INI escapes: typed values, byte arrays, lists, quoting, backslashes and odd sections
QT_VALUES = st.sampled_from(
    [
        "@Invalid()",
        "@ByteArray(\\0\\xff)",
        "@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10QStringList)",
        "@Variant(\\0\\0\\0\\n\\0\\0\\0\\x2)",
        "@Size(1 2)",
        "@Rect(1 2 3 4)",
        "@Point(-1 9999999999999999999)",
        "dark, light",
        '"dark"',
        "\\x64\\x61\\x72\\x6b",
        "F12\\",
        "\\u202e",
    ]
)
LINES = st.one_of(
    st.builds(lambda k, v: f"{k}={v}", KEYS, st.one_of(QT_VALUES, st.text(max_size=40))),
    st.sampled_from(["[General]", "[remembered]", "[%General]", "[", "=", ";x", "\\"]),
    st.text(max_size=60),
)
INI_TEXT = st.lists(LINES, max_size=25).map(lambda lines: "\n".join(lines))
CONTENT = st.one_of(
    INI_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=2000),
)


@given(content=CONTENT, choice=st.sampled_from(["light", "dark", "high_contrast"]))
def test_any_preferences_file_reads_as_valid_settings(content: bytes, choice: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "preferences.ini"
        path.write_bytes(content)
        prefs = DevicePreferences(path)
        values = prefs.get_all()
        assert set(values) == set(DEVICE_KEYS)
        for key, value in values.items():
            assert value in CHOICES[key] or value == defaults(DEVICE)[key]
        hint = prefs.remembered("wording")
        assert hint is None or isinstance(hint, str)
        assert prefs.set("theme", choice) == []
        assert DevicePreferences(path).get("theme") == choice
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
