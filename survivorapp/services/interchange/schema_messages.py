"""The records file's JSON Schema, and its errors turned into plain messages per field.

Messages name fields, codes and what was expected, never the value found: problems are
printed, and may end up in a support email.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema

from survivorapp.domain.json_schemas import load_schema, type_words
from survivorapp.domain.problems import field_at

SCHEMA_NAME = "interchange-record.schema.json"


def schema() -> dict[str, Any]:
    """The records file's JSON Schema, read once."""
    return load_schema(SCHEMA_NAME)


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


def schema_problems(definition: str, value: object) -> list[tuple[str, str]]:
    """(field, message) for everything ``value`` gets wrong against ``$defs[definition]``,
    in field order."""
    errors = sorted(
        _validator(definition).iter_errors(value), key=lambda e: [str(p) for p in e.path]
    )
    return [problem for error in errors for problem in explain(error)]


def explain(error: jsonschema.ValidationError) -> list[tuple[str, str]]:
    """One schema error as (field, message) pairs: one per missing or unknown field."""
    path = list(error.absolute_path)
    where = field_at(path)
    kind, expected = error.validator, error.validator_value
    instance: Any = error.instance
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return [(field_at([*path, k]), "This field is missing.") for k in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known] if isinstance(instance, dict) else []
        return [(field_at([*path, k]), _extra_message(k)) for k in extra]
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if kind == "type" and not description:
        types = [expected] if isinstance(expected, str) else list(expected)
        return [(where, f"This should be {type_words(types)}.")]
    return [(where, _expected(kind, expected, description))]


def _expected(kind: object, expected: Any, description: str | None) -> str:
    if kind == "const":
        return f"This should be {json.dumps(expected)}."
    if kind == "enum":
        return f"This should be one of: {', '.join(map(str, expected))}."
    if kind == "minLength":
        return "This can't be empty."
    if kind == "minimum":
        return f"This should be {expected} or more."
    if description:
        return f"This should be {description}."
    return "This isn't in the expected form."


def _extra_message(key: str) -> str:
    if key == "id":
        return "Leave out id: the vault gives each record its own."
    return "This field isn't part of this kind of record."
