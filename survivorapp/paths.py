"""Every folder the app uses, in one place.

``SURVIVORAPP_HOME`` overrides the platform folders so that tests, demos and portable installs
never touch a real user's data. Nothing here creates a folder that holds case data with loose
permissions: :func:`ensure_private_dir` is the one way such folders are made.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "survivorapp"
HOME_ENV = "SURVIVORAPP_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def data_dir() -> Path:
    """Where vaults live by default (the platform's per-user data folder)."""
    override = _home_override()
    if override is not None:
        return override / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_vault_dir() -> Path:
    return data_dir() / "vault"


def demo_vault_dir() -> Path:
    """The synthetic demo vault `make run` creates; never holds real data."""
    return data_dir() / "demo-vault"


def config_dir() -> Path:
    """Preferences only (no case data, no secrets)."""
    override = _home_override()
    if override is not None:
        return override / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Logs hold event types and error classes only, never field values."""
    override = _home_override()
    if override is not None:
        return override / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Caches the libraries keep (matplotlib's font list): no case data, owner-only anyway."""
    override = _home_override()
    if override is not None:
        return override / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """Bundled vocabularies, schemas, themes and instruments.

    In a PyInstaller build the files sit beside the frozen package; from a source checkout they
    are in the top-level ``resources/`` folder.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) readable by the owner only; tighten ``path``
    itself if it already exists. Every folder this creates is 0700 whatever the umask, so a
    ``SURVIVORAPP_HOME`` or platform folder made on the way is private too."""
    make_missing_dirs(path)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def make_missing_dirs(path: Path) -> Path:
    """Create the folders of ``path`` that do not exist yet, each 0700 (set explicitly, not via
    the umask). Folders that already exist are left as they are: they belong to the person
    (their Documents folder, say), not to the app."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by another program; not ours to change
        if os.name == "posix":
            os.chmod(folder, 0o700)
    if not path.is_dir():
        raise NotADirectoryError(str(path))
    return path
