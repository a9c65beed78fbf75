"""An exact ``Return`` as canonical JSON and back, with nothing lost.

This is the plaintext inside a sealed return, so it must round-trip exactly and parse
strictly: a merge sums what it reads here. Canonical means sorted keys, no insignificant
whitespace and UTF-8, so the same return always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from survivorapp.domain.errors import EXIT_PROBLEMS, UserFacingError
from survivorapp.domain.safe_input import DuplicateKey, UnsafeJson, loads_strict
from survivorapp.reporting.grids import check_linked_values, check_links
from survivorapp.reporting.model import CountTable, Distribution, Period, Return, StatTable, Table

FORMAT = "survivorapp-exact-return"
FORMAT_VERSION = 1


class MalformedReturn(UserFacingError, ValueError):
    """The JSON is not an exact return this version can read."""

    exit_code = EXIT_PROBLEMS


def canonical_json(data: object) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same data always gives the same bytes."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def strict_loads(raw: bytes) -> Any:
    """Parse JSON, refusing duplicate keys and non-finite numbers (both are ambiguous), deep
    nesting, overlong numbers and lone surrogates (``domain.safe_input.loads_strict``)."""
    try:
        return loads_strict(raw)
    except DuplicateKey as exc:
        raise MalformedReturn(f"The key {exc.key[:40]!r} appears twice.") from None
    except json.JSONDecodeError:
        raise MalformedReturn("The file is not valid UTF-8 JSON.") from None
    except UnsafeJson as exc:
        raise MalformedReturn(f"The file can't be read as a return: {exc}") from None
    except ValueError:
        raise MalformedReturn("The file is not valid UTF-8 JSON.") from None


def return_to_dict(ret: Return) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": ret.schema_version,
        "period": period_to_dict(ret.period),
        "excluded_for_consent": ret.excluded_for_consent,
        "organisations": list(ret.organisations),
        "extra": dict(ret.extra),
        "tables": [_table_to_dict(t) for t in ret.tables],
    }


def return_to_json(ret: Return) -> bytes:
    return canonical_json(return_to_dict(ret))


def return_from_json(raw: bytes) -> Return:
    return return_from_dict(strict_loads(raw))


def period_to_dict(period: Period) -> dict[str, str]:
    return {
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def period_from_dict(data: object) -> Period:
    obj = _mapping(data, "period")
    try:
        return Period(
            label=_str(obj, "label"),
            start=date.fromisoformat(_str(obj, "start")),
            end=date.fromisoformat(_str(obj, "end")),
        )
    except ValueError as exc:
        raise MalformedReturn("The period's dates are not ISO dates.") from exc


def return_from_dict(data: object) -> Return:
    obj = _mapping(data, "return")
    if obj.get("format") != FORMAT or obj.get("format_version") != FORMAT_VERSION:
        raise MalformedReturn("This is not an exact return in a format this version can read.")
    tables = obj.get("tables")
    organisations = obj.get("organisations")
    extra = obj.get("extra")
    if not isinstance(tables, list) or not isinstance(organisations, list):
        raise MalformedReturn("The return's tables or organisations are not lists.")
    if not isinstance(extra, dict):
        raise MalformedReturn("The return's extra field is not an object.")
    read = tuple(_table_from_dict(t) for t in tables)
    try:
        check_linked_values(t for t in read if isinstance(t, CountTable))
    except ValueError as exc:
        raise MalformedReturn(str(exc)) from exc
    return Return(
        period=period_from_dict(obj.get("period")),
        tables=read,
        excluded_for_consent=_int(obj, "excluded_for_consent"),
        schema_version=_int(obj, "schema_version"),
        organisations=tuple(_as_str(o, "organisation") for o in organisations),
        extra=extra,
    )


# --- tables ---------------------------------------------------------------------------------------


def _table_to_dict(table: Table) -> dict[str, Any]:
    if isinstance(table, CountTable):
        return {
            "kind": "count",
            "id": table.id,
            "title": table.title,
            "section": table.section,
            "row_dimension": table.row_dimension,
            "rows": list(table.rows),
            "row_labels": list(table.row_labels),
            "counts": [list(row) for row in table.counts],
            "total": table.total,
            "total_group": table.total_group,
            "columns": list(table.columns),
            "column_labels": list(table.column_labels),
            "column_dimension": table.column_dimension,
            "additive": table.additive,
            "unit": table.unit,
            "notes": table.notes,
            "cell_keys": [list(row) for row in table.cell_keys],
            "row_total_keys": list(table.row_total_keys),
            "rows_sum_to_total": table.rows_sum_to_total,
        }
    return {
        "kind": "stat",
        "id": table.id,
        "title": table.title,
        "section": table.section,
        "rows": list(table.rows),
        "row_labels": list(table.row_labels),
        "distributions": [[list(pair) for pair in d.frequencies] for d in table.distributions],
        "statistics": list(table.statistics),
        "unit": table.unit,
        "notes": table.notes,
    }


def _table_from_dict(data: object) -> Table:
    obj = _mapping(data, "table")
    kind = obj.get("kind")
    ident = (_str(obj, "id"), _str(obj, "title"), _str(obj, "section"))
    rows, row_labels = _strs(obj, "rows"), _strs(obj, "row_labels")
    unit, notes = _str(obj, "unit"), _str(obj, "notes")
    if kind == "count":
        counts = obj.get("counts")
        if not isinstance(counts, list):
            raise MalformedReturn("A table's counts are not a list.")
        column_dimension = obj.get("column_dimension")
        if column_dimension is not None and not isinstance(column_dimension, str):
            raise MalformedReturn("A table's column dimension is not text.")
        additive = obj.get("additive")
        if not isinstance(additive, bool):
            raise MalformedReturn("A table's 'additive' is not true or false.")
        table = CountTable(
            id=ident[0],
            title=ident[1],
            section=ident[2],
            rows=rows,
            row_labels=row_labels,
            unit=unit,
            notes=notes,
            row_dimension=_str(obj, "row_dimension"),
            counts=tuple(tuple(_as_int(c, "count") for c in _list(row)) for row in counts),
            total=_int(obj, "total"),
            total_group=_str(obj, "total_group"),
            columns=_strs(obj, "columns"),
            column_labels=_strs(obj, "column_labels"),
            column_dimension=column_dimension,
            additive=additive,
            **_links(obj),
        )
        try:
            table.check()
            check_links(table)
        except ValueError as exc:
            raise MalformedReturn(str(exc)) from exc
        return table
    if kind == "stat":
        distributions = obj.get("distributions")
        if not isinstance(distributions, list):
            raise MalformedReturn("A table's distributions are not a list.")
        return StatTable(
            id=ident[0],
            title=ident[1],
            section=ident[2],
            rows=rows,
            row_labels=row_labels,
            unit=unit,
            notes=notes,
            distributions=tuple(_distribution(d) for d in distributions),
            statistics=_strs(obj, "statistics"),
        )
    raise MalformedReturn("A table is neither a count table nor a statistics table.")


def _links(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A count table's linked cells and row sums; absent (a return written before they
    existed) means none."""
    rows_sum = obj.get("rows_sum_to_total", False)
    if not isinstance(rows_sum, bool):
        raise MalformedReturn("A table's 'rows_sum_to_total' is not true or false.")
    return {
        "cell_keys": tuple(
            tuple(_key(k) for k in _list(row)) for row in _list(obj.get("cell_keys", []))
        ),
        "row_total_keys": tuple(_key(k) for k in _list(obj.get("row_total_keys", []))),
        "rows_sum_to_total": rows_sum,
    }


def _key(value: object) -> str | None:
    return None if value is None else _as_str(value, "cell key")


def _distribution(data: object) -> Distribution:
    pairs = []
    for pair in _list(data):
        items = _list(pair)
        if len(items) != 2:
            raise MalformedReturn("A distribution entry is not a [value, frequency] pair.")
        value, frequency = _as_int(items[0], "value"), _as_int(items[1], "frequency")
        if frequency < 0:
            raise MalformedReturn("A distribution has a negative frequency.")
        pairs.append((value, frequency))
    if [v for v, _ in pairs] != sorted({v for v, _ in pairs}):
        raise MalformedReturn("A distribution's values are not sorted and distinct.")
    return Distribution(tuple(pairs))


# --- strict field readers -----------------------------------------------------------------------


def _mapping(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise MalformedReturn(f"The {what} is not a JSON object.")
    return data


def _list(data: object) -> list[Any]:
    if not isinstance(data, list):
        raise MalformedReturn("Expected a list.")
    return data


def _as_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedReturn(f"A {what} is not a whole number.")
    return value


def _as_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise MalformedReturn(f"A {what} is not text.")
    return value


def _int(obj: Mapping[str, Any], key: str) -> int:
    return _as_int(obj.get(key), key)


def _str(obj: Mapping[str, Any], key: str) -> str:
    return _as_str(obj.get(key), key)


def _strs(obj: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(_as_str(v, key) for v in _list(obj.get(key)))
