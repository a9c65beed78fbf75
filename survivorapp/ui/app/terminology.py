"""The organisation's word for the people it supports: survivor, client or victim-survivor.

Every piece of user-visible text goes through ``tr()``, so one translator that rewrites the word
covers the whole app, including text added later. The product's own names are left alone:
"survivor mode" is the name of a feature, and "survivorapp" the name of the program.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QTranslator

DEFAULT_TERM = "survivor"
TERMS = ("survivor", "client", "victim-survivor")
_WORD = re.compile(r"\b([Ss])urvivor(s?)(?!app)(?! mode)\b")


def apply_terminology(text: str, term: str) -> str:
    """``text`` with "survivor" (any case, plural, possessive) replaced by ``term``."""
    if term == DEFAULT_TERM or term not in TERMS:
        return text

    def replace(match: re.Match[str]) -> str:
        word = term if match.group(1) == "s" else term[0].upper() + term[1:]
        return word + match.group(2)

    return _WORD.sub(replace, text)


class TerminologyTranslator(QTranslator):
    """Installed on the application; texts without the word come back as they are."""

    def __init__(self, term: str = DEFAULT_TERM) -> None:
        super().__init__()
        self.term = term

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        # Always return text: Qt takes an empty string as a real (empty) translation, which
        # would blank every label the word does not appear in.
        return apply_terminology(source, self.term) if source else source

    def isEmpty(self) -> bool:
        return False
