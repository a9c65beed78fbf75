"""The exact return, as serialised, matches resources/schema/return.schema.json."""

from __future__ import annotations

import json

import jsonschema

from survivorapp import paths
from survivorapp.reporting.model import Return
from survivorapp.reporting.serialise import return_to_dict

SCHEMA = json.loads((paths.resources_dir() / "schema" / "return.schema.json").read_text())


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_a_built_return_matches_the_schema(quarter_return: Return) -> None:
    data = json.loads(json.dumps(return_to_dict(quarter_return)))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())


def test_the_schema_refuses_a_table_without_counts(quarter_return: Return) -> None:
    data = json.loads(json.dumps(return_to_dict(quarter_return)))
    del data["tables"][0]["counts"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(data)
