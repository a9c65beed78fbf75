"""Questionnaires as data: feedback questionnaires and outcome measures (issue 7).

An instrument is one version of one questionnaire, read from a file in
``resources/instruments/`` (shipped) or imported by a licensed service into its vault (CORE-10,
WEMWBS: their licences forbid shipping the text). The format is in ``docs/instruments.md``
and ``resources/schema/instrument.schema.json``; :mod:`.checks` says what is wrong
with a file. Administrations name the instrument by (id, version), so an old version stays
loadable for as long as answers recorded with it exist.

Every question can be skipped or answered "prefer not to answer"; that is the app's promise,
not the file's, so a file never lists a "prefer not to answer" option of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Self

from survivorapp import paths
from survivorapp.domain.problems import Problem
from survivorapp.domain.questionnaires.checks import check_instrument
from survivorapp.domain.questionnaires.model import (
    ALL_TIMEPOINTS,
    CHOICE,
    DEFAULT_TEXT_LIMIT,
    ENGLISH,
    HIGHER_IS_BETTER,
    HIGHER_IS_WORSE,
    IMPORTED,
    OPEN_TEXT,
    OUTCOME_MEASURE,
    SERVICE_FEEDBACK,
    SHIPPED,
    TOTAL,
    Band,
    CutPoint,
    Flag,
    Instrument,
    Item,
    Licence,
    LocalText,
    Number,
    ResponseOption,
    ScoringRule,
    Section,
)
from survivorapp.domain.records import FieldSpec, read_fields, write_fields
from survivorapp.domain.safe_input import UnsafeFile, UnsafeJson, loads_strict, read_regular

__all__ = [
    "ALL_TIMEPOINTS",
    "CHOICE",
    "ENGLISH",
    "HIGHER_IS_BETTER",
    "HIGHER_IS_WORSE",
    "IMPORTED",
    "OPEN_TEXT",
    "OUTCOME_MEASURE",
    "SERVICE_FEEDBACK",
    "SHIPPED",
    "TOTAL",
    "Band",
    "CutPoint",
    "Flag",
    "ImportedInstrument",
    "Instrument",
    "InstrumentError",
    "InstrumentRegistry",
    "Item",
    "Licence",
    "LocalText",
    "Number",
    "ResponseOption",
    "ScoringRule",
    "Section",
    "load_instrument",
    "load_instrument_file",
    "parse_instrument",
    "shipped_instruments",
]

MAX_FILE_BYTES = 1024 * 1024


class InstrumentError(ValueError):
    """A questionnaire file can't be used; ``problems`` say where and why, every one.

    Files hold no case data, so the message may quote them.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        lines = [f"{p.field}: {p.message}" for p in self.problems]
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(lines))

    @property
    def messages(self) -> list[str]:
        """``items[3].options: needs at least two options``, one per problem."""
        return [f"{p.field}: {p.message}" for p in self.problems]


# --- building an instrument from its file -----------------------------------------------------


def load_instrument(data: object, origin: str = SHIPPED) -> Instrument:
    """The instrument in ``data`` (a parsed JSON file); :class:`InstrumentError` if it isn't one.

    Every problem is reported at once, each naming where in the file it is.
    """
    try:
        problems = check_instrument(data)
    except RecursionError:
        problems = [Problem("file", "is nested too deeply to be a questionnaire file")]
    if problems:
        raise InstrumentError(problems)
    assert isinstance(data, dict)
    return _build(data, origin)


def parse_instrument(text: str | bytes, origin: str = IMPORTED) -> Instrument:
    """An instrument from the text of a file (an import); bad JSON is a problem, not a crash."""
    if len(text) > MAX_FILE_BYTES:
        raise InstrumentError([Problem("file", "is too large for a questionnaire (over 1 MB)")])
    try:
        data = loads_strict(text)  # no key twice, bounded nesting and numbers, no surrogates
    except json.JSONDecodeError as exc:
        where = f" (line {exc.lineno}, column {exc.colno})"
        raise InstrumentError([Problem("file", f"isn't valid JSON{where}")]) from None
    except UnsafeJson as exc:
        raise InstrumentError([Problem("file", f"can't be used: {exc}")]) from None
    except (ValueError, RecursionError):
        raise InstrumentError([Problem("file", "isn't valid JSON")]) from None
    return load_instrument(data, origin)


def _text(raw: Any) -> LocalText:
    return LocalText.of(raw)


def _maybe_text(raw: Any) -> LocalText | None:
    return None if raw is None else LocalText.of(raw)


def _options(raw: list[dict[str, Any]]) -> tuple[ResponseOption, ...]:
    return tuple(ResponseOption(o["value"], _text(o["label"])) for o in raw)


def _build(data: dict[str, Any], origin: str) -> Instrument:
    scales = {name: _options(options) for name, options in data.get("scales", {}).items()}
    items = tuple(
        Item(
            id=raw["id"],
            text=_text(raw["text"]),
            type=raw.get("type", CHOICE),
            options=scales[raw["scale"]] if "scale" in raw else _options(raw.get("options", [])),
            reverse_scored=raw.get("reverse_scored", False),
            why_we_ask=_maybe_text(raw.get("why_we_ask")),
            section=raw.get("section"),
            max_length=raw.get("max_length", DEFAULT_TEXT_LIMIT),
        )
        for raw in data["items"]
    )
    by_id = {i.id: i for i in items}
    scoring = data.get("scoring")
    total = None if scoring is None else _rule(scoring["total"], TOTAL, by_id)
    subscales = tuple(_rule(raw, raw["id"], by_id) for raw in (scoring or {}).get("subscales", []))
    licence = data["licence"]
    return Instrument(
        id=data["id"],
        version=int(data["version"]),
        kind=data["kind"],
        title=_text(data["title"]),
        introduction=_text(data["introduction"]),
        languages=tuple(data["languages"]),
        items=items,
        licence=Licence(
            name=licence["name"],
            attribution=_text(licence["attribution"]),
            url=licence.get("url"),
            notes=licence.get("notes"),
        ),
        short_title=_maybe_text(data.get("short_title")),
        content_note=_maybe_text(data.get("content_note")),
        timepoints=tuple(data.get("timepoints", ALL_TIMEPOINTS)),
        sections=tuple(
            Section(
                s["id"],
                _text(s["title"]),
                _maybe_text(s.get("introduction")),
                _maybe_text(s.get("content_note")),
            )
            for s in data.get("sections", [])
        ),
        scoring=total,
        subscales=subscales,
        flags=tuple(
            Flag(f["id"], f["at_least"], _text(f["message"]), f.get("item"), f.get("score"))
            for f in data.get("flags", [])
        ),
        notes=data.get("notes"),
        origin=origin,
    )


def _rule(raw: dict[str, Any], rule_id: str, items: Mapping[str, Item]) -> ScoringRule:
    scored = [items[i] for i in raw["items"]]
    lows = [i.min_value for i in scored]
    highs = [i.max_value for i in scored]
    method = raw["method"]
    cut = raw.get("cut_point")
    return ScoringRule(
        id=rule_id,
        method=method,
        items=tuple(raw["items"]),
        max_missing=raw["missing"]["max_missing"],
        prorate=raw["missing"]["prorate"],
        lowest=sum(lows) if method == "sum" else min(lows),
        highest=sum(highs) if method == "sum" else max(highs),
        title=_maybe_text(raw.get("title")),
        bands=tuple(
            Band(
                b["code"], b["min"], b["max"], _text(b["label"]), _maybe_text(b.get("description"))
            )
            for b in raw.get("bands", [])
        ),
        meaningful_change=raw.get("meaningful_change"),
        direction=raw.get("direction", HIGHER_IS_WORSE),
        cut_point=None if cut is None else CutPoint(cut["value"], _text(cut["note"])),
    )


# --- imported instruments, as stored in the vault ---------------------------------------------


@dataclass(frozen=True)
class ImportedInstrument:
    """A licensed service's own instrument file, kept inside the encrypted vault as imported."""

    instrument_id: str
    version: int
    definition: str
    imported_on: date
    id: int | None = None
    imported_by: str | None = None

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _IMPORTED_SPEC))

    def load(self) -> Instrument:
        return parse_instrument(self.definition, IMPORTED)


_IMPORTED_SPEC: FieldSpec = {
    "instrument_id": "text",
    "version": "integer",
    "definition": "text",
    "imported_on": "iso_date",
    "id": "optional_int",
    "imported_by": "optional_text",
}


# --- the registry -----------------------------------------------------------------------------


class InstrumentRegistry:
    """Every known instrument, shipped and imported, by (id, version)."""

    def __init__(self, instruments: Iterable[Instrument]) -> None:
        self._by_key: dict[tuple[str, int], Instrument] = {}
        for instrument in instruments:
            if instrument.key in self._by_key:
                raise ValueError(
                    f"instrument {instrument.id} v{instrument.version} is loaded twice"
                )
            self._by_key[instrument.key] = instrument

    def find(self, instrument_id: str, version: int | None = None) -> Instrument | None:
        """That version, or the latest version when ``version`` is None."""
        if version is not None:
            return self._by_key.get((instrument_id, version))
        versions = [i for (k, _v), i in self._by_key.items() if k == instrument_id]
        return max(versions, key=lambda i: i.version) if versions else None

    def get(self, instrument_id: str, version: int | None = None) -> Instrument:
        found = self.find(instrument_id, version)
        if found is None:
            raise KeyError(f"No instrument {instrument_id!r} version {version} is loaded")
        return found

    def latest(self) -> list[Instrument]:
        """The newest version of each instrument: outcome measures, then feedback, by title."""
        newest: dict[str, Instrument] = {}
        for instrument in self._by_key.values():
            held = newest.get(instrument.id)
            if held is None or instrument.version > held.version:
                newest[instrument.id] = instrument
        return sorted(newest.values(), key=lambda i: (i.kind, str(i.title).casefold()))

    def all(self) -> list[Instrument]:
        return sorted(self._by_key.values(), key=lambda i: i.key)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(k for k, _v in self._by_key)

    def with_instruments(self, more: Iterable[Instrument]) -> InstrumentRegistry:
        return InstrumentRegistry([*self._by_key.values(), *more])

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self._by_key)


def default_directory() -> Path:
    return paths.resources_dir() / "instruments"


def load_instrument_file(path: Path) -> Instrument:
    """One shipped file; every error names the file."""
    try:
        data = loads_strict(read_regular(path, MAX_FILE_BYTES))
    except (OSError, UnsafeFile, ValueError) as exc:
        problem = Problem("file", f"can't be read as JSON ({exc})")
        raise InstrumentError([problem], path.name) from None
    try:
        return load_instrument(data, SHIPPED)
    except InstrumentError as exc:
        raise InstrumentError(exc.problems, path.name) from None


def shipped_instruments(directory: Path | None = None) -> InstrumentRegistry:
    """The instruments that come with the app (cached per folder)."""
    folder = directory if directory is not None else default_directory()
    return _shipped(folder.resolve())


@lru_cache(maxsize=4)
def _shipped(folder: Path) -> InstrumentRegistry:
    return InstrumentRegistry(load_instrument_file(f) for f in sorted(folder.glob("*.json")))
