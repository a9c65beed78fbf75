"""Logging that can never carry case data.

Log records hold event names and error classes only. The exception hook writes the exception's
type and the file and line numbers of its traceback, never its message or local values, because
a message can quote a field value (e.g. a database constraint naming the offending text).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from survivorapp.paths import ensure_private_dir, log_dir

LOG = logging.getLogger("survivorapp")
LOG_NAME = "survivorapp.log"


def setup_logging(level: int = logging.INFO) -> None:
    if LOG.handlers:
        return
    try:
        path = ensure_private_dir(log_dir()) / LOG_NAME
        # owner-only from the first byte, and tightened if an older version left it 0644
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        if os.name == "posix":
            os.chmod(path, 0o600)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(level)
    LOG.propagate = False


def describe_exception(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Type and code locations only: no message, no values."""
    frames = traceback.extract_tb(tb)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))
    return f"{exc_type.__module__}.{exc_type.__qualname__} at {where or 'unknown'}"


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    LOG.error("unhandled %s", describe_exception(exc_type, tb))
    sys.stderr.write(
        "survivorapp stopped because of an unexpected error. Your saved work is safe. "
        f"Details for support (no case data): {describe_exception(exc_type, tb)}\n"
    )


def install_excepthook() -> None:
    sys.excepthook = _hook
