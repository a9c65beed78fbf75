"""Settings for this computer only (colours, the privacy curtain key), kept with QSettings.

The file lives in ``paths.config_dir()`` (so tests and portable installs are isolated) and never
holds case data or secrets. Keys and defaults come from the one registry in
``survivorapp.domain.settings``; a value that no longer parses falls back to its default.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from survivorapp.domain.problems import Problem
from survivorapp.domain.settings import DEVICE, SETTINGS, SettingValue, from_stored
from survivorapp.domain.settings import validate_changes as _validate
from survivorapp.paths import config_dir, make_missing_dirs

FILE_NAME = "preferences.ini"
ORGANISATION_NAME = "survivorapp"
APPLICATION_NAME = "survivorapp"

CURTAIN_KEYS: dict[str, Qt.Key] = {
    "F12": Qt.Key.Key_F12,
    "F11": Qt.Key.Key_F11,
    "Pause": Qt.Key.Key_Pause,
}


class DevicePreferences:
    """Read and write this computer's preferences through the typed registry."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / FILE_NAME
        with contextlib.suppress(OSError):  # unwritable: Qt then keeps them for this run only
            make_missing_dirs(self.path.parent)  # 0700, not Qt's 0755
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get_all(self) -> dict[str, SettingValue]:
        stored = {}
        for key in SETTINGS:
            value = self._settings.value(key)
            if value is not None:
                stored[key] = str(value)
        return from_stored(DEVICE, stored)

    def get(self, key: str) -> SettingValue:
        return self.get_all()[key]

    def set_many(self, changes: dict[str, object]) -> list[Problem]:
        """Store the good changes; return the problems with the rest."""
        good, problems = _validate(DEVICE, changes)
        for key, value in good.items():
            self._settings.setValue(key, SETTINGS[key].format(value))
        self._sync()
        return problems

    def set(self, key: str, value: object) -> list[Problem]:
        return self.set_many({key: value})

    def remembered(self, key: str) -> str | None:
        """A hint this computer keeps between runs (never case data), outside the registry:
        e.g. the wording the last vault used, so the unlock screen already speaks it."""
        value = self._settings.value(f"remembered/{key}")
        return None if value is None else str(value)

    def remember(self, key: str, value: str) -> None:
        self._settings.setValue(f"remembered/{key}", value)
        self._sync()

    def _sync(self) -> None:
        """Write the file now, owner-only (Qt would leave it 0644 under the usual umask)."""
        self._settings.sync()
        if os.name == "posix" and self.path.exists():
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)


def rekey_curtain(window: QWidget, key_name: str) -> None:
    """Point the main window's privacy-curtain shortcut (and its hint) at another key."""
    new_key = CURTAIN_KEYS.get(key_name, Qt.Key.Key_F12)
    known = {QKeySequence(k).toString() for k in CURTAIN_KEYS.values()}
    for shortcut in window.findChildren(QShortcut):
        if shortcut.key().toString() in known:
            shortcut.setKey(QKeySequence(new_key))
    curtain = window.findChild(QWidget, "curtain")
    if curtain is not None:
        for label in curtain.findChildren(QLabel):
            label.setText(
                window.tr("Screen hidden. Press {key} to show it again.").replace("{key}", key_name)
            )
