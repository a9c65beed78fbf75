"""Read a publication return folder as the attacker holds it: a :class:`Release`.

Only what anyone receiving the folder has: ``manifest.json`` (period, k, rounding base, who
published it), ``relations.json`` (the documented relations of every count table) and the
table CSV files (every published cell). Nothing is taken on trust beyond the files: a CSV
whose shape differs from the relations it is read with is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

from survivorapp.domain.safe_input import UnsafeFile, read_regular
from survivorapp.reporting.manifest import MANIFEST_FILE
from survivorapp.reporting.model import Level
from survivorapp.reporting.releases import (
    RELATIONS_FILE,
    RELATIONS_FORMAT,
    Release,
    Sheet,
    merge_scope,
    sheet_from_dict,
)
from survivorapp.reporting.serialise import MalformedReturn, strict_loads
from survivorapp.reporting.signing import read_manifest, safe_file_name

LEADING = ("category_code", "category_label")
MAX_FILE = 16 * 1024 * 1024


def read_release(folder: Path) -> Release:
    """The release a publication return folder is; MalformedReturn names what is wrong."""
    manifest = read_manifest(folder)
    name = str(folder)
    try:
        level = manifest.level
    except (ValueError, KeyError):
        raise MalformedReturn(f"{name}: the manifest does not say its level.") from None
    if level is not Level.PUBLICATION:
        raise MalformedReturn(
            f"{name} is a {level.value} return: only publication returns hide cells to audit."
        )
    data = manifest.data
    k, base = _whole(data.get("k"), name), _whole(data.get("rounding_base"), name)
    relations = _relations(folder)
    sheets = tuple(
        sheet_from_dict(table, _cells(folder, table)) for table in _tables(relations, name)
    )
    scope, parts = _publisher(data, folder)
    return Release(
        source=name,
        scope=scope,
        period=manifest.period,
        k=k,
        base=base,
        sheets=sheets,
        parts=parts,
        percent_basis=str(relations.get("percent_basis", "")),
    )


def _publisher(data: dict[str, Any] | Any, folder: Path) -> tuple[str, tuple[str, ...]]:
    """Who published it: the organisation's key, or the organisations a merge adds up."""
    merged = data.get("merge")
    if isinstance(merged, dict):
        organisations = tuple(str(o) for o in merged.get("organisations") or [])
        if organisations:
            return merge_scope(organisations), organisations
        digest = hashlib.sha256((folder / MANIFEST_FILE).read_bytes()).hexdigest()[:16]
        return f"merge:anonymous:{digest}", ()
    return str(data.get("organisation_key") or "unsigned"), ()


def _relations(folder: Path) -> dict[str, Any]:
    path = folder / RELATIONS_FILE
    if not path.is_file():
        raise MalformedReturn(
            f"{folder} has no {RELATIONS_FILE}: it was written by a version from before returns "
            "carried their relations, so it cannot be audited. Export it again."
        )
    data = strict_loads(_read(path))
    if not isinstance(data, dict) or data.get("format") != RELATIONS_FORMAT:
        raise MalformedReturn(f"{path} is not a survivorapp relations file.")
    return data


def _tables(relations: dict[str, Any], name: str) -> list[dict[str, Any]]:
    tables = relations.get("tables")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise MalformedReturn(f"{name}: {RELATIONS_FILE} does not list its tables.")
    return tables


def _cells(folder: Path, table: dict[str, Any]) -> list[list[str]]:
    """The published cells of one table, on the grid its relations describe."""
    table_id = str(table.get("id"))
    file_name = f"{table_id}.csv"
    if not safe_file_name(file_name):
        raise MalformedReturn(f"{folder} has no table file for {table_id}.")
    try:
        text = _read(folder / file_name).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedReturn(f"{file_name} is not UTF-8 text.") from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    columns = [str(c) for c in table.get("columns") or []]
    rows = [str(r) for r in table.get("rows") or []]
    two_way = len(columns) > 1
    header = [*LEADING, *columns, "total"] if two_way else [*LEADING, "count", "percent"]
    if not lines or lines[0] != header:
        raise MalformedReturn(f"{file_name} does not have the columns its relations describe.")
    body = lines[1:]
    if [line[0] for line in body if line] != [*rows, "total"]:
        raise MalformedReturn(f"{file_name} does not have the rows its relations describe.")
    width = len(header) - 2
    if any(len(line) != len(header) for line in body):
        raise MalformedReturn(f"{file_name} has a line of the wrong length.")
    if two_way:
        return [line[2 : 2 + width] for line in body]
    table["percents"] = [line[3] for line in body]
    return [[line[2]] for line in body]


def _read(path: Path) -> bytes:
    """A regular file only (a pipe must not hang, a link to a device must not fill memory)."""
    try:
        return read_regular(path, MAX_FILE)
    except UnsafeFile as exc:
        raise MalformedReturn(exc.user_message) from None
    except OSError:
        raise MalformedReturn(f"{path.name} could not be read.") from None


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedReturn(f"{name}: the manifest's k or rounding base is not a whole number.")
    return value


__all__ = ["Sheet", "read_release"]
