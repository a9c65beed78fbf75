"""Vocabulary codes and unanswered markers turned into the words people read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.vocabularies import Vocabularies, load_vocabularies

Label = Callable[[str, str | None], str]


class Labels:
    """One shared lookup, so every page words a code the same way."""

    def __init__(self, vocabularies: Vocabularies | None = None) -> None:
        self.vocabularies = vocabularies or load_vocabularies()

    def code(self, vocabulary: str, value: object) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, Unanswered):
            return value.label
        if isinstance(value, str) and value in {u.value for u in Unanswered}:
            return Unanswered(value).label
        vocab = self.vocabularies.get(vocabulary)
        if vocab is not None and isinstance(value, str) and vocab.contains(value):
            return vocab.label(value)
        return str(value)

    def codes(self, vocabulary: str, values: object) -> str:
        if isinstance(values, Unanswered):
            return values.label
        if not isinstance(values, Iterable) or isinstance(values, str):
            return self.code(vocabulary, values)
        items = [self.code(vocabulary, v) for v in values]
        return ", ".join(items) if items else "None"

    def answer(self, value: object) -> str:
        """Yes/no, dates, numbers and text answers, with unanswered markers spelled out."""
        if isinstance(value, Unanswered):
            return value.label
        if value is True:
            return "Yes"
        if value is False:
            return "No"
        if isinstance(value, date):
            return format_date(value)
        if isinstance(value, time):
            return value.strftime("%H:%M")
        if value is None or value == "":
            return "—"
        return str(value)

    def plain(self) -> Label:
        return lambda vocabulary, code: self.code(vocabulary, code)

    def options(self, vocabulary: str) -> list[tuple[str, str]]:
        return [(c.label, c.code) for c in self.vocabularies[vocabulary]]


def format_date(value: date) -> str:
    return value.strftime("%d %b %Y").lstrip("0")
