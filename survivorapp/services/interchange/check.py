"""Checking a records file line by line before anything is written (docs/interchange.md).

A :class:`FileChecker` reads one line at a time in binary with a bounded ``readline``, so a
huge line or a huge file never sits in memory at once. For every line it collects every
problem it can find (JSON, the JSON Schema, the domain's own record reader and validation,
duplicates and references) and names the line and field. Messages name fields, codes and
references, never free-text values: problems are printed and may end up in a support email.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import jsonschema

from survivorapp import paths
from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.directory import DirectoryOrganisation
from survivorapp.domain.feedback import NO_SCORE, Administration
from survivorapp.domain.incident import Incident
from survivorapp.domain.instruments import InstrumentRegistry, shipped_instruments
from survivorapp.domain.justice import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice_support import (
    CourtSupport,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.domain.problems import RecordError
from survivorapp.domain.referral import Referral, ReferralStatusChange
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.vocabularies import Vocabularies
from survivorapp.domain.waiting_list import ContactAttempt, WaitingEntry
from survivorapp.services.interchange.support_check import (
    FEEDBACK_KINDS,
    SUPPORT_KINDS,
    SupportChecker,
)
from survivorapp.vault.interchange import ExistingKeys, Link

FORMAT = "survivorapp-records"
VERSION = 1
MAX_LINE_BYTES = 1024 * 1024
MAX_PROBLEMS = 1000
SCHEMA_NAME = "interchange-record.schema.json"
_SKIP_CHUNK = 64 * 1024
_TYPE_LIKE = re.compile(r"[a-z][a-z0-9_]{0,39}")

ENTITY_TYPES: dict[str, type[Any]] = {
    "survivor": Survivor,
    "safe_contact": SafeContact,
    "case": Case,
    "incident": Incident,
    "session": Session,
    "consent": ConsentRecord,
    "task": Task,
    "justice_matter": JusticeMatter,
    "justice_event": JusticeEvent,
    "survivor_position": SurvivorPosition,
    "special_measure": SpecialMeasure,
    "victim_personal_statement": VictimPersonalStatement,
    "court_support": CourtSupport,
    "victims_code_right": VictimsCodeRight,
    "family_proceeding": FamilyProceeding,
    "waiting_list_entry": WaitingEntry,
    "contact_attempt": ContactAttempt,
    "directory_organisation": DirectoryOrganisation,
    "referral": Referral,
    "referral_status_change": ReferralStatusChange,
    "feedback_administration": Administration,
    "anonymous_feedback": Administration,
}
LINK_TYPES = ("case_share", "survivor_access")
RECORD_TYPES = (
    "survivor",
    "safe_contact",
    "case",
    "case_share",
    "survivor_access",
    "incident",
    "session",
    "consent",
    "task",
    "justice_matter",
    "justice_event",
    "survivor_position",
    "special_measure",
    "victim_personal_statement",
    "court_support",
    "victims_code_right",
    "family_proceeding",
    "waiting_list_entry",
    "contact_attempt",
    "directory_organisation",
    "referral",
    "referral_status_change",
    "feedback_administration",
    "anonymous_feedback",
)
"""Every record type, in the order an export writes them."""

MATTER_RECORDS = (
    "justice_event",
    "survivor_position",
    "special_measure",
    "victim_personal_statement",
    "court_support",
)
"""Records that belong to a matter: in a file they name it by ``matter_key``, not by id."""
ONE_PER_MATTER = frozenset({"victim_personal_statement", "court_support"})
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "task": ("owner",),
    "justice_matter": ("matter_key",),
    "justice_event": ("matter_key", "event_key", "supersedes_key"),
    **{kind: ("matter_key",) for kind in MATTER_RECORDS if kind != "justice_event"},
    "directory_organisation": ("organisation_key",),
    "referral": ("referral_key", "organisation_key"),
    "referral_status_change": ("referral_key",),
}
"""Interchange fields kept beside an entity (in its table, or keys between lines in a file)
but not part of it."""

_LINK_REFERENCE = {"case_share": "case_reference", "survivor_access": "survivor_reference"}
_PARENT_FIELD = {
    "case": ("survivor", "survivor_reference"),
    "safe_contact": ("survivor", "survivor_reference"),
    "survivor_access": ("survivor", "survivor_reference"),
    "case_share": ("case", "case_reference"),
    "incident": ("case", "case_reference"),
    "session": ("case", "case_reference"),
    "consent": ("case", "case_reference"),
    "task": ("case", "case_reference"),
    "justice_matter": ("case", "case_reference"),
    "victims_code_right": ("case", "case_reference"),
    "family_proceeding": ("case", "case_reference"),
    "waiting_list_entry": ("case", "case_reference"),
    "contact_attempt": ("case", "case_reference"),
    "referral": ("case", "case_reference"),
    "feedback_administration": ("case", "case_reference"),
}
_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


@dataclass(frozen=True)
class ImportProblem:
    """One problem on one line (line 0 means the file as a whole)."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Item:
    """One checked record, ready to store: an entity (with extras) or a link."""

    type: str
    entity: Any
    extra: Mapping[str, Any]


@cache
def schema() -> dict[str, Any]:
    path = paths.resources_dir() / "schema" / SCHEMA_NAME
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator(definition: str) -> jsonschema.Draft202012Validator:
    """One line type's schema with every ``$ref`` replaced by what it names.

    The schema has no recursion, so this is the same schema; it checks a large file several
    times faster, since no reference is looked up for every field of every line.
    """
    defs = schema()["$defs"]

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"$ref"}:
                return inline(defs[value["$ref"].removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in value.items()}
        if isinstance(value, list):
            return [inline(v) for v in value]
        return value

    return jsonschema.Draft202012Validator(inline(defs[definition]))


def read_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | int]]:
    """(line number, bytes) per line; for a line over the limit, its length instead.

    A long line is skipped in chunks, so it is never held in memory whole.
    """
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(_SKIP_CHUNK)
                size += len(raw)
            yield number, size
            continue
        yield number, raw


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _path(parts: Iterator[Any] | Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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
        self._claimed: dict[str, dict[Any, int]] = {
            k: {} for k in ("survivor", "case", "safe_contact", "case_share", "survivor_access")
        }
        self._pending: list[tuple[int, str, str, str]] = []
        self._matters: dict[str, int] = {}
        self._events: dict[str, tuple[int, Any]] = {}
        self._one_per_matter: dict[tuple[str, Any], int] = {}
        self._rights: dict[tuple[Any, Any], int] = {}
        self._last_line = 0

    # --- problems ---------------------------------------------------------------------------

    def add(self, line: int, field: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line, field, message))
        else:
            self.unlisted += 1

    # --- one line ---------------------------------------------------------------------------

    def check(self, number: int, raw: bytes | int) -> Item | None:
        """The checked record on this line, or None (blank, a header, or problems found)."""
        self._last_line = number
        if isinstance(raw, int):
            self._seen_line = True
            self.add(
                number,
                "line",
                f"This line is {raw:,} bytes long; the limit is {MAX_LINE_BYTES:,} bytes "
                "per line. It may not be a records file, or a line break may be missing.",
            )
            return None
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._seen_line = True
            self.add(
                number,
                "line",
                f"This line isn't UTF-8 text (byte {exc.start + 1} can't be read). "
                "Save the file as UTF-8 and try again.",
            )
            return None
        if not text.strip():
            return None
        value = self._parse(number, text)
        if value is not None and value.get("type") == "header":
            self._check_header(number, value)
            self._seen_line = True
            return None
        self._seen_line = True
        if value is None:
            return None
        kind = value.get("type")
        if kind not in ENTITY_TYPES and kind not in LINK_TYPES:
            if "type" not in value:
                self.add(number, "type", "This field is missing: say what kind of record this is.")
            else:
                self.add(
                    number,
                    "type",
                    f"{_short(kind)} isn't a record type. Use one of: {', '.join(RECORD_TYPES)}.",
                )
            return None
        assert isinstance(kind, str)
        self.counts[kind] += 1
        return self._check_record(number, kind, value)

    def _parse(self, number: int, text: str) -> dict[str, Any] | None:
        try:
            value = json.loads(
                text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants
            )
        except _DuplicateKey as exc:
            self.add(number, "line", f"The key '{exc.key}' appears twice in one object.")
            return None
        except json.JSONDecodeError as exc:
            self.add(
                number,
                "line",
                f"This line isn't valid JSON ({exc.msg} at column {exc.colno}).",
            )
            return None
        except (ValueError, RecursionError):
            self.add(number, "line", "This line isn't valid JSON.")
            return None
        if not isinstance(value, dict):
            self.add(
                number,
                "line",
                'Each line should be one JSON object with "type" and "record".',
            )
            return None
        return value

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
        errors = sorted(
            _validator(definition).iter_errors(value), key=lambda e: [str(p) for p in e.path]
        )
        for error in errors:
            for field, message in _explain(error):
                self.add(number, field, message)
        return bool(errors)

    def _check_record(self, number: int, kind: str, value: Mapping[str, Any]) -> Item | None:
        before = len(self.problems) + self.unlisted
        schema_failed = self._schema_problems(number, f"{kind}_line", value)
        record = value.get("record")
        if isinstance(record, Mapping):
            self._check_keys(number, kind, record)
        if schema_failed or not isinstance(record, Mapping):
            return None
        if kind in LINK_TYPES:
            entity: Any = Link(record[_LINK_REFERENCE[kind]], record["username"])
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
            self.add(number, f"record.{problem.field}", problem.message)
        return entity, extra

    # --- references -------------------------------------------------------------------------

    def _check_keys(self, number: int, kind: str, record: Mapping[str, Any]) -> None:
        """Duplicates and references, checked even when other fields are wrong so that one bad
        survivor line does not make every case after it look orphaned."""
        if kind in ("survivor", "case"):
            self._claim(number, kind, record.get("reference"), "reference")
        if kind == "case":
            self.support.note_case(record)
        if kind in SUPPORT_KINDS:
            self.support.check_keys(number, kind, record)
        if kind == "safe_contact":
            self._claim(number, kind, record.get("survivor_reference"), "survivor_reference")
        if kind in LINK_TYPES:
            reference, username = record.get(_LINK_REFERENCE[kind]), record.get("username")
            if isinstance(reference, str) and isinstance(username, str):
                self._claim(number, kind, (reference, username.casefold()), "username")
        if kind == "justice_matter" or kind in MATTER_RECORDS:
            self._check_matter_keys(number, kind, record)
        if kind == "victims_code_right":
            key = (record.get("case_reference"), record.get("right"))
            earlier = self._rights.setdefault(key, number)
            if earlier != number:
                self.add(
                    number,
                    "record.right",
                    f"This case already has this right on line {earlier}; a case has one "
                    "record per right.",
                )
        parent = _PARENT_FIELD.get(kind)
        if parent is not None:
            parent_kind, field = parent
            reference = record.get(field)
            if isinstance(reference, str) and not self._known(parent_kind, reference):
                self._pending.append((number, f"record.{field}", parent_kind, reference))

    def _check_matter_keys(self, number: int, kind: str, record: Mapping[str, Any]) -> None:
        """Keys between lines of one file (docs/interchange.md, "Justice records")."""
        key = record.get("matter_key")
        if not isinstance(key, str):
            return
        if kind == "justice_matter":
            earlier = self._matters.setdefault(key, number)
            if earlier != number:
                self.add(
                    number, "record.matter_key", f"This key is already used on line {earlier}."
                )
            return
        if key not in self._matters:
            self.add(
                number,
                "record.matter_key",
                "No justice_matter line before this one has this key. Put each record after "
                "the matter it belongs to.",
            )
        if kind in ONE_PER_MATTER:
            earlier = self._one_per_matter.setdefault((kind, key), number)
            if earlier != number:
                self.add(
                    number,
                    "record.matter_key",
                    f"This matter already has a {kind} on line {earlier}; a matter has one.",
                )
        if kind != "justice_event":
            return
        event_key = record.get("event_key")
        if isinstance(event_key, str):
            if event_key in self._events:
                line = self._events[event_key][0]
                self.add(number, "record.event_key", f"This key is already used on line {line}.")
            else:
                self._events[event_key] = (number, key)
        corrected = record.get("supersedes_key")
        if isinstance(corrected, str):
            found = self._events.get(corrected)
            if found is None or corrected == event_key:
                self.add(
                    number,
                    "record.supersedes_key",
                    "No justice_event line before this one has this key. A correction comes "
                    "after the event it corrects.",
                )
            elif found[1] != key:
                self.add(
                    number,
                    "record.supersedes_key",
                    "A correction must belong to the same matter as the event it corrects.",
                )

    def _known(self, kind: str, reference: str) -> bool:
        vault = self.existing.survivors if kind == "survivor" else self.existing.cases
        return reference in vault or reference in self._claimed[kind]

    def _claim(self, number: int, kind: str, key: Any, field: str) -> None:
        if not isinstance(key, str | tuple):
            return
        vault: frozenset[Any] = {
            "survivor": self.existing.survivors,
            "case": self.existing.cases,
            "safe_contact": self.existing.safe_contacts,
            "case_share": self.existing.case_shares,
            "survivor_access": self.existing.survivor_access,
        }[kind]
        earlier = self._claimed[kind].get(key)
        if key not in vault and earlier is None:
            self._claimed[kind][key] = number
            return
        where = "in the vault" if key in vault else f"on line {earlier}"
        message = {
            "survivor": f"Survivor {key} is already {where}. To add cases for someone already "
            "in the vault, leave out their survivor line.",
            "case": f"Case {key} is already {where}. Each case needs its own reference.",
            "safe_contact": f"Survivor {key} already has safe-contact preferences {where}; "
            "each survivor has one set.",
            "case_share": f"This case is already shared with that user {where}.",
            "survivor_access": f"That user is already named on this survivor {where}.",
        }[kind]
        self.add(number, f"record.{field}", message)

    # --- the end of the file ----------------------------------------------------------------

    def finish(self) -> list[ImportProblem]:
        """Problems only the whole file can show; returns every problem, by line."""
        self.support.finish()
        for number, field, kind, reference in self._pending:
            later = self._claimed[kind].get(reference)
            label = "Survivor" if kind == "survivor" else "Case"
            if later is not None:
                self.add(
                    number,
                    field,
                    f"{label} {reference} comes later in the file (line {later}). Put each "
                    f"record after the {kind} it belongs to.",
                )
            else:
                self.add(
                    number,
                    field,
                    f"{label} {reference} is neither in this file nor in the vault.",
                )
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


def check_file(path: Path, checker: FileChecker) -> list[ImportProblem]:
    with path.open("rb") as handle:
        for _ in check_lines(handle, checker):
            pass
    return checker.finish()


# --- turning JSON Schema errors into plain messages ------------------------------------------


def _explain(error: jsonschema.ValidationError) -> list[tuple[str, str]]:
    where = _path(error.absolute_path)
    kind, expected = error.validator, error.validator_value
    instance: Any = error.instance
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return [(_join(where, k), "This field is missing.") for k in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known] if isinstance(instance, dict) else []
        return [(_join(where, k), _extra_message(k)) for k in extra]
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if kind == "type" and not description:
        types = [expected] if isinstance(expected, str) else list(expected)
        return [(where, f"This should be {' or '.join(_JSON_TYPES.get(t, t) for t in types)}.")]
    if kind == "const":
        return [(where, f"This should be {json.dumps(expected)}.")]
    if kind == "enum":
        return [(where, f"This should be one of: {', '.join(map(str, expected))}.")]
    if kind == "minLength":
        return [(where, "This can't be empty.")]
    if kind == "minimum":
        return [(where, f"This should be {expected} or more.")]
    if description:
        return [(where, f"This should be {description}.")]
    return [(where, "This isn't in the expected form.")]


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _extra_message(key: str) -> str:
    if key == "id":
        return "Leave out id: the vault gives each record its own."
    return "This field isn't part of this kind of record."
