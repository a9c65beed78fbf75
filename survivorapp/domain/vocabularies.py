"""Controlled lists of answers, loaded from versioned JSON files.

The lists live in ``resources/vocabularies`` rather than in code so that a service can read
them, and a later version can add codes without a code change. Code only ever compares codes;
labels are for people and may be reworded between versions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from survivorapp import paths
from survivorapp.domain.answers import RESERVED_CODES


class VocabularyError(ValueError):
    """A vocabulary file is missing, malformed or inconsistent; the message names the file."""


@dataclass(frozen=True)
class Code:
    """One allowed answer."""

    code: str
    label: str
    group: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class Group:
    """A coarser category that codes roll up into (for example the 5 ethnicity groups)."""

    code: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    """One controlled list, in the order the file gives (the order forms should show)."""

    id: str
    version: int
    title: str
    description: str
    source: str
    codes: tuple[Code, ...]
    groups: tuple[Group, ...] = ()
    _by_code: dict[str, Code] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {c.code: c for c in self.codes})

    def _lookup(self, code: str) -> Code:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a code in vocabulary {self.id!r}") from None

    def contains(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __contains__(self, code: object) -> bool:
        return self.contains(code)

    def label(self, code: str) -> str:
        return self._lookup(code).label

    def group_of(self, code: str) -> str | None:
        return self._lookup(code).group

    def group_label(self, group: str) -> str:
        for g in self.groups:
            if g.code == group:
                return g.label
        raise KeyError(f"{group!r} is not a group in vocabulary {self.id!r}")

    def codes_in_group(self, group: str) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes if c.group == group)

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


class Vocabularies(Mapping[str, Vocabulary]):
    """All loaded vocabularies by id. A missing id is a programming error, so it says which."""

    def __init__(self, items: Mapping[str, Vocabulary]) -> None:
        self._items = dict(items)

    def __getitem__(self, vocabulary_id: str) -> Vocabulary:
        try:
            return self._items[vocabulary_id]
        except KeyError:
            raise KeyError(f"No vocabulary with id {vocabulary_id!r} was loaded") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def default_directory() -> Path:
    return paths.resources_dir() / "vocabularies"


def load_vocabularies(directory: Path | None = None) -> Vocabularies:
    """Load every ``*.json`` vocabulary in ``directory`` (cached per resolved folder)."""
    folder = directory if directory is not None else default_directory()
    return _load_cached(folder.resolve())


def clear_cache() -> None:
    """Forget loaded vocabularies (tests, or after a vocabulary update is installed)."""
    _load_cached.cache_clear()


@lru_cache(maxsize=8)
def _load_cached(folder: Path) -> Vocabularies:
    if not folder.is_dir():
        raise VocabularyError(f"Vocabulary folder not found: {folder}")
    loaded: dict[str, Vocabulary] = {}
    for file in sorted(folder.glob("*.json")):
        vocabulary = load_vocabulary_file(file)
        if vocabulary.id in loaded:
            raise VocabularyError(f"{file.name}: vocabulary id {vocabulary.id!r} is used twice")
        loaded[vocabulary.id] = vocabulary
    return Vocabularies(loaded)


def load_vocabulary_file(file: Path) -> Vocabulary:
    """Read and check one vocabulary file; every error names the file."""
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VocabularyError(f"{file.name}: cannot be read as JSON ({exc})") from exc
    try:
        vocabulary = _parse(raw)
    except VocabularyError as exc:
        raise VocabularyError(f"{file.name}: {exc}") from None
    if vocabulary.id != file.stem:
        raise VocabularyError(f"{file.name}: id {vocabulary.id!r} does not match the file name")
    return vocabulary


def _text(obj: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    if key not in obj:
        if required:
            raise VocabularyError(f"{where} is missing the field {key!r}")
        return None
    value = obj[key]
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f"{where} field {key!r} must be non-empty text")
    return value


def _parse(raw: object) -> Vocabulary:
    if not isinstance(raw, dict):
        raise VocabularyError("the file must hold a JSON object")
    allowed = {"id", "version", "title", "description", "source", "codes", "groups"}
    extra = sorted(set(raw) - allowed)
    if extra:
        raise VocabularyError(f"unknown field(s) {', '.join(extra)}")
    version = raw.get("version")
    if "version" not in raw:
        raise VocabularyError("the vocabulary is missing the field 'version'")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise VocabularyError("'version' must be a whole number of 1 or more")
    groups = _parse_groups(raw.get("groups", []))
    group_codes = {g.code for g in groups}
    codes_raw = raw.get("codes")
    if not isinstance(codes_raw, list) or not codes_raw:
        raise VocabularyError("'codes' must be a non-empty list")
    codes: list[Code] = []
    seen: set[str] = set()
    for index, entry in enumerate(codes_raw):
        where = f"codes[{index}]"
        if not isinstance(entry, dict):
            raise VocabularyError(f"{where} must be an object")
        extra = sorted(set(entry) - {"code", "label", "group", "help"})
        if extra:
            raise VocabularyError(f"{where} has unknown field(s) {', '.join(extra)}")
        code = _text(entry, "code", where)
        label = _text(entry, "label", where)
        assert code is not None and label is not None
        if code in seen:
            raise VocabularyError(f"duplicate code {code!r}")
        if code in RESERVED_CODES:
            raise VocabularyError(f"code {code!r} is reserved for unanswered questions")
        seen.add(code)
        group = _text(entry, "group", where, required=False)
        if group is not None and group not in group_codes:
            raise VocabularyError(f"{where} ({code!r}) names group {group!r}, which is not listed")
        codes.append(Code(code, label, group, _text(entry, "help", where, required=False)))
    return Vocabulary(
        id=str(_text(raw, "id", "the vocabulary")),
        version=version,
        title=str(_text(raw, "title", "the vocabulary")),
        description=str(_text(raw, "description", "the vocabulary")),
        source=str(_text(raw, "source", "the vocabulary")),
        codes=tuple(codes),
        groups=groups,
    )


def _parse_groups(raw: object) -> tuple[Group, ...]:
    if not isinstance(raw, list):
        raise VocabularyError("'groups' must be a list")
    groups: list[Group] = []
    for index, entry in enumerate(raw):
        where = f"groups[{index}]"
        if not isinstance(entry, dict):
            raise VocabularyError(f"{where} must be an object")
        code = _text(entry, "code", where)
        label = _text(entry, "label", where)
        assert code is not None and label is not None
        if any(g.code == code for g in groups):
            raise VocabularyError(f"duplicate group {code!r}")
        groups.append(Group(code, label))
    return tuple(groups)
