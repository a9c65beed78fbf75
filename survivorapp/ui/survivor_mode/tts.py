"""Reading a question aloud, where this computer can do it offline.

QtTextToSpeech ships in PySide6-Addons, which this project does not depend on (it is large,
and PySide6-Essentials holds everything else we use). Where the module or a speech engine is
missing, :func:`make_reader` returns None and survivor mode simply has no "Read aloud" button:
absent rather than broken. Engines are only used if they run on the machine itself; the app
never opens a network connection.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject

LOG = logging.getLogger("survivorapp.ui.survivor_mode.tts")
# Engines that speak with the machine's own voices (no cloud service behind them).
OFFLINE_ENGINES = ("speechd", "flite", "sapi", "winrt", "darwin", "macos", "android")


class Reader(Protocol):
    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...


class _QtReader:
    def __init__(self, engine: Any) -> None:
        self._engine = engine

    def say(self, text: str) -> None:
        self._engine.stop()
        self._engine.say(text)

    def stop(self) -> None:
        self._engine.stop()


def make_reader(parent: QObject | None = None) -> Reader | None:
    """A reader on an offline engine, or None where none is available."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return None
    try:
        engines = [e for e in QTextToSpeech.availableEngines() if e in OFFLINE_ENGINES]
        if not engines:
            return None
        engine = QTextToSpeech(engines[0], parent)
        if engine.state() == QTextToSpeech.State.Error:
            return None
    except Exception as exc:  # a broken speech set-up must never break survivor mode
        LOG.info("text to speech unavailable: %s", type(exc).__name__)
        return None
    return _QtReader(engine)
