"""The return's rows: categories from vocabularies, collapses from data, unanswered rows.

Rows always come from the vocabulary or the collapse file, never from the data: a category
nobody falls in is still a row with 0. That keeps every organisation's tables the same shape,
which merging many returns depends on (docs/return-spec.md). How detailed answers collapse
into published categories (19 ethnic categories into 5 groups, boroughs into Inner and Outer
London...) is data in ``resources/return/categories.json``, checked against the vocabularies
when loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from survivorapp import paths
from survivorapp.domain.answers import Unanswered
from survivorapp.domain.vocabularies import Vocabularies, Vocabulary

UNANSWERED_CODES: tuple[str, ...] = tuple(u.value for u in Unanswered)
UNANSWERED_LABELS: tuple[str, ...] = tuple(u.label for u in Unanswered)
YES_NO = (("yes", "Yes"), ("no", "No"))


class CategoryError(ValueError):
    """The collapse file does not match the vocabularies (a packaging mistake)."""


@dataclass(frozen=True)
class Dimension:
    """The rows of a table: codes in display order, their labels, and how data codes map in."""

    name: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    mapping: Mapping[str, str] | None = None  # data code -> row code, for a collapse
    fallback: str | None = None  # the row for a code it does not list (else unknown)

    @classmethod
    def of(
        cls,
        name: str,
        pairs: Iterable[tuple[str, str]],
        *,
        unanswered: bool = False,
        fallback: str | None = None,
    ) -> Dimension:
        items = list(pairs)
        if unanswered:
            items.extend(zip(UNANSWERED_CODES, UNANSWERED_LABELS, strict=True))
        codes = tuple(c for c, _ in items)
        return cls(name, codes, tuple(label for _, label in items), None, fallback)

    @classmethod
    def from_vocabulary(
        cls, vocabulary: Vocabulary, *, unanswered: bool = True, fallback: str | None = None
    ) -> Dimension:
        pairs = ((c.code, c.label) for c in vocabulary)
        return cls.of(vocabulary.id, pairs, unanswered=unanswered, fallback=fallback)

    def row_of(self, code: str) -> str:
        """The row a data code is counted in. A code the rows do not know (from an older
        vocabulary) is counted as unknown rather than lost."""
        if self.mapping is not None and code in self.mapping:
            return self.mapping[code]
        if code in self.codes:
            return code
        if self.fallback is not None:
            return self.fallback
        if Unanswered.UNKNOWN.value in self.codes:
            return Unanswered.UNKNOWN.value
        raise ValueError(f"{self.name}: no row for a code")

    def tally(self, counts: Mapping[str, int]) -> tuple[int, ...]:
        """Counts by data code to counts by row, in row order."""
        rows = dict.fromkeys(self.codes, 0)
        for code, count in counts.items():
            rows[self.row_of(code)] += count
        return tuple(rows[c] for c in self.codes)


@dataclass(frozen=True)
class Collapse:
    id: str
    vocabulary: str
    categories: tuple[tuple[str, str], ...]
    mapping: Mapping[str, str]

    def dimension(self, *, unanswered: bool = True) -> Dimension:
        plain = Dimension.of(self.id, self.categories, unanswered=unanswered)
        return Dimension(plain.name, plain.codes, plain.labels, dict(self.mapping))


def categories_file() -> Path:
    return paths.resources_dir() / "return" / "categories.json"


def load_collapses(vocabularies: Vocabularies, file: Path | None = None) -> dict[str, Collapse]:
    """Every collapse in the file, checked: each vocabulary code maps to a listed category."""
    return _load(file or categories_file(), vocabularies)


@lru_cache(maxsize=4)
def _read(file: Path) -> Any:
    return json.loads(file.read_text(encoding="utf-8"))


def _load(file: Path, vocabularies: Vocabularies) -> dict[str, Collapse]:
    try:
        raw = _read(file.resolve())
    except (OSError, json.JSONDecodeError) as exc:
        raise CategoryError(f"{file.name}: cannot be read ({exc})") from exc
    collapses: dict[str, Collapse] = {}
    for name, entry in raw["collapses"].items():
        vocabulary = vocabularies[entry["vocabulary"]]
        categories = tuple((c["code"], c["label"]) for c in entry["categories"])
        codes = {c for c, _ in categories}
        mapping = dict(entry["map"])
        missing = [c.code for c in vocabulary if c.code not in mapping]
        unknown = sorted(set(mapping.values()) - codes)
        extra = sorted(set(mapping) - {c.code for c in vocabulary})
        if missing or unknown or extra:
            raise CategoryError(
                f"{file.name}: collapse {name!r} does not match vocabulary "
                f"{vocabulary.id!r} (unmapped {missing}, unknown categories {unknown}, "
                f"codes not in the vocabulary {extra})"
            )
        collapses[name] = Collapse(name, vocabulary.id, categories, mapping)
    return collapses
