"""The shape of a questionnaire (instrument) once loaded: questions, answers, scores, flags.

Plain frozen dataclasses, built by :mod:`instruments` from a checked file. Every piece of text a
person reads is a :class:`LocalText`, so a translation can be picked per survivor with English
as the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

TOTAL = "total"
"""The id of the whole score, beside the subscales' own ids."""
OUTCOME_MEASURE = "outcome_measure"
SERVICE_FEEDBACK = "service_feedback"
CHOICE = "choice"
OPEN_TEXT = "text"
HIGHER_IS_WORSE = "higher_is_worse"
HIGHER_IS_BETTER = "higher_is_better"
SHIPPED = "shipped"
IMPORTED = "imported"
ENGLISH = "en"
ALL_TIMEPOINTS = ("intake", "review", "exit", "session", "follow_up")
DEFAULT_TEXT_LIMIT = 2000

Number = int | float
ScoringEntry = tuple[str, frozenset[Number], Number | None]


@dataclass(frozen=True)
class LocalText:
    """A piece of text with its translations; English is always there and is the fallback."""

    translations: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, raw: str | Mapping[str, str]) -> LocalText:
        if isinstance(raw, str):
            return cls(((ENGLISH, raw),))
        english = [(ENGLISH, raw[ENGLISH])]
        return cls(tuple(english + [(k, v) for k, v in raw.items() if k != ENGLISH]))

    def text(self, language: str = ENGLISH) -> str:
        """The text in ``language``, else its base language (``pt`` for ``pt-BR``), else
        English."""
        found = dict(self.translations)
        base = language.split("-", 1)[0]
        return found.get(language) or found.get(base) or found[ENGLISH]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _text in self.translations)

    def __str__(self) -> str:
        return self.text(ENGLISH)


@dataclass(frozen=True)
class ResponseOption:
    value: Number
    label: LocalText


@dataclass(frozen=True)
class Item:
    """One question: a choice from options (scored or not), or an open comment."""

    id: str
    text: LocalText
    type: str = CHOICE
    options: tuple[ResponseOption, ...] = ()
    reverse_scored: bool = False
    why_we_ask: LocalText | None = None
    section: str | None = None
    max_length: int = DEFAULT_TEXT_LIMIT
    _by_value: dict[Number, ResponseOption] = field(init=False, repr=False, compare=False)
    _range: tuple[Number, Number] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_value = {o.value: o for o in self.options}
        object.__setattr__(self, "_by_value", by_value)
        object.__setattr__(self, "_range", (min(by_value, default=0), max(by_value, default=0)))

    @property
    def is_choice(self) -> bool:
        return self.type == CHOICE

    @property
    def min_value(self) -> Number:
        """The lowest option value (0 for an open question, which has none)."""
        return self._range[0]

    @property
    def max_value(self) -> Number:
        return self._range[1]

    def option_for(self, value: object) -> ResponseOption | None:
        """The option with this value; None for anything else (text, true/false, no answer)."""
        if type(value) is bool or not isinstance(value, int | float):
            return None
        try:
            return self._by_value.get(value)
        except TypeError:
            return None


@dataclass(frozen=True)
class Section:
    id: str
    title: LocalText
    introduction: LocalText | None = None
    content_note: LocalText | None = None


@dataclass(frozen=True)
class Band:
    """A range of scores with plain-language words (``min`` and ``max`` both included)."""

    code: str
    min: Number
    max: Number
    label: LocalText
    description: LocalText | None = None


@dataclass(frozen=True)
class CutPoint:
    value: Number
    note: LocalText


@dataclass(frozen=True)
class ScoringRule:
    """How one score (the total, or a subscale) is worked out from some of the questions.

    ``max_missing`` is the missing-item rule: with more questions than that unanswered (or
    answered "prefer not to answer") the score is "not scorable". ``prorate`` scales a sum up
    to the full number of questions when some are missing.
    """

    id: str
    method: str
    items: tuple[str, ...]
    max_missing: int
    prorate: bool
    lowest: Number
    highest: Number
    title: LocalText | None = None
    bands: tuple[Band, ...] = ()
    meaningful_change: Number | None = None
    direction: str = HIGHER_IS_WORSE
    cut_point: CutPoint | None = None

    def band_for(self, score: Number) -> Band | None:
        """The band holding ``score``; a score on a boundary between two belongs to the
        higher one (only possible with mean scores)."""
        found = None
        for band in self.bands:
            if band.min <= score:
                found = band
        return found if found is not None and score <= found.max else None


@dataclass(frozen=True)
class Flag:
    """A safeguarding prompt for the worker (never shown on the survivor's screen), raised when
    an item's answer or a score is at least ``at_least``."""

    id: str
    at_least: Number
    message: LocalText
    item: str | None = None
    score: str | None = None


@dataclass(frozen=True)
class Licence:
    name: str
    attribution: LocalText
    url: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    kind: str
    title: LocalText
    introduction: LocalText
    languages: tuple[str, ...]
    items: tuple[Item, ...]
    licence: Licence
    short_title: LocalText | None = None
    content_note: LocalText | None = None
    timepoints: tuple[str, ...] = ALL_TIMEPOINTS
    sections: tuple[Section, ...] = ()
    scoring: ScoringRule | None = None
    subscales: tuple[ScoringRule, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: str | None = None
    origin: str = SHIPPED
    _items: dict[str, Item] = field(init=False, repr=False, compare=False)
    _scored: dict[str, tuple[tuple[str, Item], ...]] = field(init=False, repr=False, compare=False)
    _tables: dict[str, tuple[ScoringEntry, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = {i.id: i for i in self.items}
        object.__setattr__(self, "_items", items)
        rules = ([self.scoring] if self.scoring else []) + list(self.subscales)
        scored = {r.id: tuple((i, items[i]) for i in r.items if i in items) for r in rules}
        object.__setattr__(self, "_scored", scored)
        tables = {
            rule_id: tuple(
                (i, frozenset(item._by_value), _flip(item) if item.reverse_scored else None)
                for i, item in pairs
            )
            for rule_id, pairs in scored.items()
        }
        object.__setattr__(self, "_tables", tables)

    def scoring_table(self, rule: ScoringRule) -> tuple[ScoringEntry, ...]:
        """For each question ``rule`` scores: its id, the values that count as an answer, and
        for a reverse-scored question the number its answer is taken from (min + max)."""
        found = self._tables.get(rule.id)
        if found is None or len(found) != len(rule.items):
            return tuple(
                (i, frozenset(item._by_value), _flip(item) if item.reverse_scored else None)
                for i, item in self.scored_items(rule)
            )
        return found

    def scored_items(self, rule: ScoringRule) -> tuple[tuple[str, Item], ...]:
        """(id, item) for each question ``rule`` scores (looked up once, when loaded)."""
        found = self._scored.get(rule.id)
        if found is None or len(found) != len(rule.items):
            return tuple((i, self._items[i]) for i in rule.items if i in self._items)
        return found

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    @property
    def is_outcome_measure(self) -> bool:
        return self.kind == OUTCOME_MEASURE

    @property
    def name(self) -> LocalText:
        """The short title where there is one (charts, lists), else the title."""
        return self.short_title or self.title

    def item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def rule(self, rule_id: str) -> ScoringRule | None:
        if rule_id == TOTAL:
            return self.scoring
        return next((r for r in self.subscales if r.id == rule_id), None)

    def section(self, section_id: str | None) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def _flip(item: Item) -> Number:
    return item.min_value + item.max_value
