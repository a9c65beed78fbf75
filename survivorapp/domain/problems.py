"""Readable, field-level problems found in a record.

Validation returns problems instead of raising so a form can show every one at once, next to
the field it belongs to, and an import can list them all with line numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def field_at(path: Sequence[object]) -> str:
    """The field a problem in a JSON file names, from its path: ``["items", 3, "options"]`` as
    ``items[3].options`` (``file`` for the whole file)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field, worded kindly for the person who will fix it."""

    field: str
    message: str


class RecordError(ValueError):
    """A stored or imported record could not be turned back into an entity.

    Carries every problem found (not just the first) so an importer can report them all.
    The message names fields only, never values, because records hold sensitive data and
    exception text can end up in logs.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        fields = ", ".join(p.field for p in self.problems) or "record"
        super().__init__(f"Record has {len(self.problems)} problem(s) in: {fields}")
