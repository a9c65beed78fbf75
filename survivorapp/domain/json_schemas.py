"""Our JSON Schemas (``resources/schema/``), read once, and JSON types in plain words.

Both file formats a person hands us (questionnaire files and records to import) are checked
against a schema, and both explain a wrong type the same way ("should be a whole number"), so
the two explanations cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from survivorapp import paths

JSON_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema file ``name`` under resources/schema, parsed once per process."""
    path = paths.resources_dir() / "schema" / name
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def type_words(types: Iterable[str]) -> str:
    """``["integer", "null"]`` -> "a whole number or null"."""
    return " or ".join(JSON_TYPE_WORDS.get(t, t) for t in types)
