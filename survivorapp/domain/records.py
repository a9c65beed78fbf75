"""Turning entities into JSON-compatible records and back, collecting every problem.

One reader per record gathers field-level problems instead of stopping at the first, so an
import can report everything wrong with a line at once. Unanswered questions are written as
their reserved codes; that is unambiguous because no vocabulary code, ISO date, number,
boolean or list can equal one of them. Free text is never mixed with those codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, time
from typing import Any, TypeVar

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.problems import Problem, RecordError

T = TypeVar("T")
JSON = Any

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{6})?)?$")
_MISSING = object()


FieldSpec = Mapping[str, "str | Callable[[RecordReader, str], Any]"]
"""How to read each field: a :class:`RecordReader` method name, or a function of (reader, name)."""


def read_note(reader: Any, name: str) -> Any:
    """A free-text note: may be missing from a record, and is then empty (never required)."""
    return reader.text(name, "")


def write_fields(entity: object) -> dict[str, JSON]:
    """Every dataclass field of ``entity`` in record form, in declaration order."""
    assert is_dataclass(entity)
    return {f.name: encode_answer(getattr(entity, f.name)) for f in fields(entity)}


def read_fields(record: object, spec: FieldSpec, prefix: str = "") -> dict[str, Any]:
    """Read every field named in ``spec``; raise :class:`RecordError` listing all problems."""
    reader = RecordReader(record, spec.keys(), prefix)
    if not reader.is_object:
        reader.finish()
    values = {
        name: getattr(reader, kind)(name) if isinstance(kind, str) else kind(reader, name)
        for name, kind in spec.items()
    }
    reader.finish()
    return values


def encode_answer(value: object) -> JSON:
    """The record form of a plain value, a nested entity or an :class:`Unanswered` code."""
    if is_dataclass(value) and not isinstance(value, type):
        return write_fields(value)
    if isinstance(value, Unanswered):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, tuple):
        return [encode_answer(v) for v in value]
    return value


class RecordReader:
    """Reads typed fields out of one record dict, remembering what was wrong."""

    def __init__(self, record: object, allowed: Collection[str], prefix: str = "") -> None:
        self.problems: list[Problem] = []
        self._prefix = prefix
        self.is_object = isinstance(record, Mapping)
        if not isinstance(record, Mapping):
            self._record: Mapping[str, Any] = {}
            self.problems.append(
                Problem(prefix.rstrip(".") or "record", "This should be an object.")
            )
            return
        self._record = record
        for key in record:
            if key not in allowed:
                self._problem(str(key), "This field isn't part of this kind of record.")

    def _problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self._prefix + name, message))

    def _get(self, name: str, *, required: bool) -> Any:
        value = self._record.get(name, _MISSING)
        if value is _MISSING and required:
            self._problem(name, "This field is missing.")
        return value

    def finish(self) -> None:
        """Raise :class:`RecordError` if any field was wrong."""
        if self.problems:
            raise RecordError(self.problems)

    def _convert(self, name: str, value: Any, convert: Callable[[Any], T], want: str) -> T | None:
        try:
            return convert(value)
        except (TypeError, ValueError):
            self._problem(name, f"This should be {want}.")
            return None

    def _read(
        self, name: str, convert: Callable[[Any], T], want: str, default: Any, *, answer: bool
    ) -> Any:
        value = self._get(name, required=default is _MISSING)
        if value is _MISSING:
            return default
        if answer and isinstance(value, str) and value in _UNANSWERED:
            return Unanswered(value)
        return self._convert(name, value, convert, want)

    def text(self, name: str, default: Any = _MISSING) -> Any:
        return self._read(name, _to_text, "text", default, answer=False)

    def optional_text(self, name: str) -> str | None:
        value: str | None = self._read(name, _to_optional_text, "text or null", None, answer=False)
        return value

    def flag(self, name: str) -> Any:
        """A true/false field that is false when absent."""
        return self.boolean(name, False)

    def codes(self, name: str) -> Any:
        """A list of codes that is empty when absent."""
        return self.code_list(name, ())

    def integer(self, name: str, default: Any = _MISSING) -> Any:
        return self._read(name, _to_int, "a whole number", default, answer=False)

    def boolean(self, name: str, default: Any = _MISSING) -> Any:
        return self._read(name, _to_bool, "true or false", default, answer=False)

    def iso_date(self, name: str, default: Any = _MISSING) -> Any:
        return self._read(name, _to_date, "a date (YYYY-MM-DD)", default, answer=False)

    def optional_date(self, name: str) -> date | None:
        value: date | None = self._read(
            name, _optional(_to_date), "a date (YYYY-MM-DD) or null", None, answer=False
        )
        return value

    def optional_time(self, name: str) -> time | None:
        value: time | None = self._read(
            name, _optional(_to_time), "a time (HH:MM) or null", None, answer=False
        )
        return value

    def optional_int(self, name: str) -> int | None:
        value: int | None = self._read(
            name, _optional(_to_int), "a whole number or null", None, answer=False
        )
        return value

    def code_list(self, name: str, default: Any = _MISSING) -> Any:
        return self._read(name, _to_code_list, "a list of codes", default, answer=False)

    def answer_code(self, name: str) -> Any:
        return self._read(name, _to_text, "a code", Unanswered.NOT_ASKED, answer=True)

    def answer_date(self, name: str) -> Any:
        return self._read(name, _to_date, "a date (YYYY-MM-DD)", Unanswered.NOT_ASKED, answer=True)

    def answer_int(self, name: str) -> Any:
        return self._read(name, _to_int, "a whole number", Unanswered.NOT_ASKED, answer=True)

    def answer_bool(self, name: str) -> Any:
        return self._read(name, _to_bool, "true or false", Unanswered.NOT_ASKED, answer=True)

    def answer_codes(self, name: str) -> Any:
        return self._read(name, _to_code_list, "a list of codes", Unanswered.NOT_ASKED, answer=True)

    def nested(self, name: str, read: Callable[[object, str], T]) -> tuple[T, ...] | None:
        """Read a list of sub-records; their problems are named ``name[i].field``."""
        value = self._get(name, required=False)
        if value is _MISSING:
            return ()
        if not isinstance(value, list):
            self._problem(name, "This should be a list.")
            return None
        items: list[T] = []
        for index, entry in enumerate(value):
            try:
                items.append(read(entry, f"{self._prefix}{name}[{index}]."))
            except RecordError as exc:
                self.problems.extend(exc.problems)
        return tuple(items)

    def has(self, name: str) -> bool:
        return name in self._record

    def raw(self, name: str) -> Any:
        return self._record.get(name)


_UNANSWERED = frozenset(u.value for u in Unanswered)


def _to_text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _to_optional_text(value: Any) -> str | None:
    return None if value is None else _to_text(value)


def _optional(convert: Callable[[Any], T]) -> Callable[[Any], T | None]:
    def inner(value: Any) -> T | None:
        return None if value is None else convert(value)

    return inner


def _to_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError
    return value


def _to_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _to_date(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError
    return date.fromisoformat(value)


def _to_time(value: Any) -> time:
    if not isinstance(value, str) or not _ISO_TIME.match(value):
        raise ValueError
    return time.fromisoformat(value)


def _to_code_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return tuple(value)
