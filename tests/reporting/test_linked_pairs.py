"""Every pair of cells docs/return-spec.md says holds the same quantity is linked, and no other.

The pairs are read from the specification's table ("Cells that hold the same quantity"), not
written out again here, so the document and the code cannot drift apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from survivorapp.reporting.model import CountTable, Return

SPEC = Path(__file__).resolve().parents[2] / "docs" / "return-spec.md"
STATES = ("not_asked", "declined", "unknown")
CELL = re.compile(
    r"`(?P<table>[a-z_]+)` row `(?P<row>[<>a-z_]+)`(?:, column `(?P<col>[<>a-z_]+)`)?"
)


def spec_pairs() -> list[tuple[str, str, str]]:
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("### Cells that hold the same quantity", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) >= 15, "the table of linked cells is missing from the specification"
    return [tuple(cell.strip() for cell in row.strip("|").split("|")) for row in rows]  # type: ignore[misc]


def named_cells(ret: Return) -> dict[str, set[tuple[str, str, str]]]:
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for table in ret.tables:
        if not isinstance(table, CountTable):
            continue
        for i, keys in enumerate(table.cell_keys):
            for j, key in enumerate(keys):
                if key is not None:
                    found[key].add((table.id, table.rows[i], table.columns[j]))
        for i, key in enumerate(table.row_total_keys):
            if key is not None:
                found[key].add((table.id, table.rows[i], "total"))
    return found


def expand(text: str, ret: Return) -> list[dict[str, str]]:
    completeness = ret.table("completeness")
    destinations = ret.table("referrals_by_destination")
    fields = [r for r in completeness.rows if r != "referral_source"]
    if "<state>" in text:
        return [{"<state>": s} for s in STATES]
    if "<code>" in text:
        return [{"<code>": c} for c in destinations.rows]
    assert "<field>" not in text or fields
    return [{}]


def cell(text: str, values: dict[str, str]) -> tuple[str, str, str]:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    match = CELL.search(text)
    assert match, text
    return (match["table"], match["row"], match["col"] or "count")


def test_every_pair_the_specification_lists_is_linked_and_nothing_else_is(
    quarter_return: Return,
) -> None:
    named = named_cells(quarter_return)
    listed: set[str] = set()
    for name, one, other in spec_pairs():
        for values in expand(name, quarter_return):
            key = name.strip("`")
            for placeholder, value in values.items():
                key = key.replace(placeholder, value)
            listed.add(key)
            assert named.get(key) == {cell(one, values), cell(other, values)}, key
    assert set(named) == listed, sorted(set(named) ^ listed)


def test_post_sentence_and_convicted_are_documented_as_different_quantities() -> None:
    section = SPEC.read_text(encoding="utf-8").split("### Cells that hold the same quantity")[1]
    assert "`post_sentence`" in section.split("\n### ", 1)[0]
    assert "**not** the same quantity" in section
