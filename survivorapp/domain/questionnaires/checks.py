"""Checking a questionnaire (instrument) file: its form against the JSON Schema, then its meaning.

The schema (``resources/schema/instrument.schema.json``) says what each field looks like; the
JSON Schema's errors are put into plain words here. Once the form is right,
``questionnaires.meaning`` checks whether the parts agree with each other (scoring names real
questions, score bands leave no gaps and do not overlap, a flag points at something that
exists, every translation is in a listed language). A licensed service imports its own files
(CORE-10, WEMWBS), so every problem is worded for the person fixing the file and names where it
is, as ``items[3].options: needs at least two options``. Nothing here raises on bad input: any
JSON value gives a list of problems, empty when the file is good.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from typing import Any

import jsonschema

from survivorapp.domain.json_schemas import load_schema, type_words
from survivorapp.domain.problems import Problem, field_at
from survivorapp.domain.questionnaires.meaning import meaning_problems

SCHEMA_NAME = "instrument.schema.json"
MAX_PROBLEMS = 50
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def schema() -> dict[str, Any]:
    """The instrument JSON Schema, read once."""
    return load_schema(SCHEMA_NAME)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def check_instrument(data: object) -> list[Problem]:
    """Every problem with ``data`` as an instrument file; empty when it can be loaded."""
    if not isinstance(data, dict):
        return [Problem("file", "should be one JSON object holding the questionnaire")]
    problems = _numbers(data, [])
    if not problems:
        problems = _schema_problems(data)
    if not problems:
        problems = meaning_problems(data)
    return problems[:MAX_PROBLEMS]


# --- the form: JSON Schema errors in plain words ----------------------------------------------


def _numbers(value: object, path: list[object]) -> list[Problem]:
    """Not-a-number and infinity slip through JSON Schema's range checks, so look first."""
    if isinstance(value, float) and not math.isfinite(value):
        return [Problem(field_at(path), "should be an ordinary number")]
    found: list[Problem] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _numbers(inner, [*path, key])
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _numbers(inner, [*path, index])
    return found[:MAX_PROBLEMS]


def _schema_problems(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.path])
    for error in errors:
        for field, message in _explain(error):
            problem = Problem(field, message)
            if problem not in problems:
                problems.append(problem)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def _explain(error: jsonschema.ValidationError) -> list[tuple[str, str]]:
    path = list(error.absolute_path)
    at = field_at(path)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return [(field_at([*path, k]), "this field is missing") for k in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known] if isinstance(instance, dict) else []
        return [(field_at([*path, k]), "isn't a field this format knows") for k in extra]
    if kind == "minItems":
        return [(at, f"needs at least {_count(expected, path)}")]
    if kind == "maxItems":
        return [(at, f"has too many entries (at most {expected})")]
    if kind == "uniqueItems":
        return [(at, "lists the same thing more than once")]
    if kind == "minLength":
        return [(at, "can't be empty")]
    if kind == "maxLength":
        return [(at, f"is too long (at most {expected} characters)")]
    if kind == "const":
        return [(at, f"should be {json.dumps(expected)}")]
    if kind == "enum":
        return [(at, f"should be one of: {', '.join(map(str, expected))}")]
    if description:
        return [(at, f"should be {description}")]
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        return [(at, f"should be {type_words(types)}")]
    if kind == "minimum":
        return [(at, f"should be at least {expected}")]
    if kind == "exclusiveMinimum":
        return [(at, f"should be more than {expected}")]
    if kind == "maximum":
        return [(at, f"should be at most {expected}")]
    return [(at, "isn't in the expected form")]


def _count(number: int, path: Sequence[object]) -> str:
    noun = str(path[-1]) if path and isinstance(path[-1], str) else "entries"
    noun = {"items": "question", "options": "option", "languages": "language"}.get(noun, noun)
    noun = noun.removesuffix("s")
    words = _WORDS.get(number, str(number))
    return f"{words} {noun}" if number == 1 else f"{words} {noun}s"
