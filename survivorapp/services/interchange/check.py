"""Checking a records file line by line before anything is written (docs/interchange.md).

A :class:`FileChecker` takes one line at a time (``lines.read_lines`` reads them without
holding a huge line in memory) and collects every problem it can find: JSON
(``lines``), the JSON Schema (``schema_messages``), the domain's own record reader and
validation, and duplicates and references (``references``; the waiting list, referrals and
feedback have their own in ``support_check``). Each problem names its line and field.
Messages name fields, codes and references, never free-text values: problems are printed and
may end up in a support email.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from survivorapp.domain.problems import RecordError
from survivorapp.domain.questionnaires.administrations import NO_SCORE
from survivorapp.domain.questionnaires.instruments import InstrumentRegistry, shipped_instruments
from survivorapp.domain.safe_input import field_problem, open_regular, strings_in
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.services.interchange.lines import decode_line, parse_object, read_lines
from survivorapp.services.interchange.record_types import (
    ENTITY_TYPES,
    EXTRA_FIELDS,
    LINK_REFERENCE,
    LINK_TYPES,
    RECORD_TYPES,
    VERSION,
    ImportProblem,
    Item,
)
from survivorapp.services.interchange.references import ReferenceChecker
from survivorapp.services.interchange.register import REGISTER, RegisterChecker
from survivorapp.services.interchange.schema_messages import schema_problems
from survivorapp.services.interchange.support_check import (
    FEEDBACK_KINDS,
    SUPPORT_KINDS,
    SupportChecker,
)
from survivorapp.vault.interchange import ExistingKeys, Link

MAX_PROBLEMS = 1000
MAX_FILE_BYTES = 16 * 1024**3
"""16 GB: far beyond any migration (100,000 cases export to well under 1 GB)."""
_TYPE_LIKE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _short(value: object) -> str:
    """A type code short enough to echo back; anything else is described, not shown."""
    if isinstance(value, str) and _TYPE_LIKE.fullmatch(value):
        return f"'{value}'"
    return "That value"


class FileChecker:
    """Checks lines in order, remembering references so later lines can be checked too."""

    def __init__(
        self,
        existing: ExistingKeys,
        vocabularies: Vocabularies,
        today: date,
        instruments: InstrumentRegistry | None = None,
    ) -> None:
        """``instruments``: the questionnaires this vault knows (shipped ones when None)."""
        self.existing = existing
        self.vocabularies = vocabularies
        self.today = today
        registry = instruments if instruments is not None else shipped_instruments()
        self.support = SupportChecker(existing, vocabularies, today, registry, self.add)
        self.problems: list[ImportProblem] = []
        self.unlisted = 0
        self.counts = dict.fromkeys(RECORD_TYPES, 0)
        self._header: tuple[int, Mapping[str, Any]] | None = None
        self._seen_line = False
        self.references = ReferenceChecker(existing, self.add)
        self.register = RegisterChecker(existing.register_head, self.add)
        self._hidden: set[str] = set()
        """Fields of the current line already reported for hidden characters."""

    # --- problems ---------------------------------------------------------------------------

    def add(self, line: int, field: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line, field, message))
        else:
            self.unlisted += 1

    # --- one line ---------------------------------------------------------------------------

    def check(self, number: int, raw: bytes | int) -> Item | None:
        """The checked record on this line, or None (blank, a header, or problems found)."""
        text, unreadable = decode_line(number, raw)
        if text is None:
            assert unreadable is not None
            self._seen_line = True
            self.add(number, "line", unreadable)
            return None
        if not text.strip():
            return None
        value, malformed = parse_object(text)
        if value is None:
            assert malformed is not None
            self.add(number, "line", malformed)
        elif value.get("type") == "header":
            self._check_header(number, value)
            self._seen_line = True
            return None
        self._seen_line = True
        if value is None:
            return None
        kind = self._kind(number, value)
        if kind is None:
            return None
        self.counts[kind] += 1
        return self._check_record(number, kind, value)

    def _kind(self, number: int, value: Mapping[str, Any]) -> str | None:
        """The line's record type, or None when it names none this format has."""
        kind = value.get("type")
        if isinstance(kind, str) and (
            kind in ENTITY_TYPES or kind in LINK_TYPES or kind == REGISTER
        ):
            return kind
        if "type" not in value:
            self.add(number, "type", "This field is missing: say what kind of record this is.")
        else:
            self.add(
                number,
                "type",
                f"{_short(kind)} isn't a record type. Use one of: {', '.join(RECORD_TYPES)}.",
            )
        return None

    def _check_header(self, number: int, value: Mapping[str, Any]) -> None:
        if self._header is not None or self._seen_line:
            self.add(number, "type", "A header can only be the first line of the file.")
            return
        version = value.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            self.add(
                number,
                "version",
                f"This file is format version {version}; this version of survivorapp reads "
                f"version {VERSION}. Update survivorapp and try again.",
            )
            return
        problems = self._schema_problems(number, "header", value)
        counts = value.get("counts")
        if not problems and isinstance(counts, Mapping):
            self._header = (number, counts)

    def _schema_problems(self, number: int, definition: str, value: object) -> bool:
        problems = schema_problems(definition, value)
        for field, message in problems:
            self.add(number, field, message)
        return bool(problems)

    def _check_record(self, number: int, kind: str, value: Mapping[str, Any]) -> Item | None:
        before = len(self.problems) + self.unlisted
        schema_failed = self._schema_problems(number, f"{kind}_line", value)
        record = value.get("record")
        if isinstance(record, Mapping):
            self._check_keys(number, kind, record)
            self._check_text(number, record)
        if schema_failed or not isinstance(record, Mapping):
            if kind == REGISTER:
                self.register.lost(number)
            return None
        if kind == REGISTER:
            return self.register.check(number, record)
        if kind in LINK_TYPES:
            entity: Any = Link(record[LINK_REFERENCE[kind]], record["username"])
            extra: dict[str, Any] = {}
        else:
            entity, extra = self._entity(number, kind, record)
        if len(self.problems) + self.unlisted > before or entity is None:
            return None
        return Item(kind, entity, extra)

    def _entity(
        self, number: int, kind: str, record: Mapping[str, Any]
    ) -> tuple[Any, dict[str, Any]]:
        extras = EXTRA_FIELDS.get(kind, ())
        extra = {k: record.get(k) for k in extras}
        fields = {k: v for k, v in record.items() if k not in extras}
        if kind == "justice_event" and extra.get("supersedes_key") is not None:
            fields["supersedes"] = 0  # the event the key names; its id is known on insert
        if kind in FEEDBACK_KINDS:
            fields.setdefault("score_status", NO_SCORE)  # worked out afresh in any case
        try:
            entity = ENTITY_TYPES[kind].from_record(fields)
        except RecordError as exc:
            for problem in exc.problems:
                self.add(number, f"record.{problem.field}", problem.message)
            return None, extra
        if kind in SUPPORT_KINDS:
            return self.support.validate(number, kind, entity, extra, record)
        for problem in entity.validate(self.vocabularies, self.today):
            if problem.field not in self._hidden:  # already said, in the import's words
                self.add(number, f"record.{problem.field}", problem.message)
        return entity, extra

    def _check_text(self, number: int, record: Mapping[str, Any]) -> None:
        """One rule for hidden characters in every text, as the directory CSV has."""
        self._hidden = set()
        for field, text in strings_in(dict(record)):
            why = field_problem(field, text)
            if why is not None:
                self._hidden.add(field)
                self.add(number, f"record.{field}", f"This text {why}. Please retype it.")

    def _check_keys(self, number: int, kind: str, record: Mapping[str, Any]) -> None:
        """Duplicates and references, checked even when other fields are wrong so that one bad
        survivor line does not make every case after it look orphaned."""
        if kind == "case":
            self.support.note_case(record)
        if kind in SUPPORT_KINDS:
            self.support.check_keys(number, kind, record)
        self.references.check(number, kind, record)

    # --- the end of the file ----------------------------------------------------------------

    def finish(self) -> list[ImportProblem]:
        """Problems only the whole file can show; returns every problem, by line."""
        self.support.finish()
        self.references.finish()
        if self._header is not None:
            number, expected = self._header
            for kind, count in expected.items():
                if count != self.counts.get(kind, 0):
                    self.add(
                        number,
                        f"counts.{kind}",
                        f"The header says {count:,} {kind} record(s) but the file has "
                        f"{self.counts.get(kind, 0):,}. The file may be incomplete.",
                    )
        if not any(self.counts.values()) and not self.problems:
            self.add(0, "file", "The file holds no records to import.")
        problems = sorted(self.problems, key=lambda p: p.line)
        if self.unlisted:
            problems.append(
                ImportProblem(
                    0,
                    "file",
                    f"{self.unlisted:,} more problem(s) were found and not listed. "
                    "Fix these and check the file again.",
                )
            )
        return problems


def check_lines(handle: BinaryIO, checker: FileChecker) -> Iterator[Item]:
    """Feed every line to ``checker``; yield the records that passed."""
    for number, raw in read_lines(handle):
        item = checker.check(number, raw)
        if item is not None:
            yield item


def open_records_file(path: Path) -> BinaryIO:
    """The records file, if it is a regular file (not a link, pipe or device) of sensible size."""
    return open_regular(path, MAX_FILE_BYTES)


def check_file(path: Path, checker: FileChecker) -> list[ImportProblem]:
    with open_records_file(path) as handle:
        for _ in check_lines(handle, checker):
            pass
    return checker.finish()
