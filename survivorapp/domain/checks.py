"""Small, shared validation steps that word their problems the same way everywhere.

Messages are written for a support worker, not a programmer: plain English, no blame, and
they say what would make the record right.
"""

from __future__ import annotations

import re
from datetime import date

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.problems import Problem
from survivorapp.domain.safe_input import field_problem
from survivorapp.domain.vocabularies import Vocabularies

SURVIVOR_REFERENCE = re.compile(r"^S-\d{6}$")
CASE_REFERENCE = re.compile(r"^C-\d{6}$")


class Checker:
    """Collects problems for one entity against the vocabularies and today's date."""

    def __init__(self, vocabularies: Vocabularies, today: date | None) -> None:
        self.vocabularies = vocabularies
        self.today = today if today is not None else date.today()
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))

    def code(self, field: str, label: str, vocabulary: str, value: object) -> None:
        """A single coded answer; unanswered and None are always allowed here."""
        if value is None or isinstance(value, Unanswered):
            return
        if not self.vocabularies[vocabulary].contains(value):
            self.add(
                field,
                f"'{value}' isn't one of the options for {label}. Please pick one from the list.",
            )

    def codes(self, field: str, label: str, vocabulary: str, values: object) -> None:
        """A multi-select answer: every code known, none repeated."""
        if isinstance(values, Unanswered) or not isinstance(values, tuple):
            return
        seen: set[str] = set()
        for value in values:
            self.code(field, label, vocabulary, value)
            if value in seen:
                self.add(field, f"'{value}' appears more than once in {label}.")
            seen.add(value)

    def reference(
        self, field: str, label: str, value: str, pattern: re.Pattern[str], example: str
    ) -> None:
        if not pattern.match(value):
            self.add(field, f"{label} should look like {example}: the letter, a dash and 6 digits.")

    def not_future(self, field: str, label: str, value: object) -> None:
        if isinstance(value, date) and value > self.today:
            self.add(field, f"{label} can't be in the future.")

    def not_before(
        self, field: str, label: str, value: object, other_label: str, other: object
    ) -> None:
        """``value`` must be on or after ``other`` when both are real dates."""
        if isinstance(value, date) and isinstance(other, date) and value < other:
            self.add(field, f"{label} can't be before {other_label}.")

    def max_length(self, field: str, label: str, value: str | None, limit: int) -> None:
        """At most ``limit`` characters, and none of the hidden ones no text may hold
        (``safe_input.field_problem``: the same rule imports apply)."""
        if value is not None and (why := field_problem(field, value)) is not None:
            self.add(field, f"{label} {why}. Please retype it.")
        if value is not None and len(value) > limit:
            self.add(
                field,
                f"{label} is {len(value):,} characters long. Please keep it to {limit:,} or fewer.",
            )

    def not_blank(self, field: str, label: str, value: str | None) -> None:
        if value is not None and not value.strip():
            self.add(field, f"{label} is empty. Please write something or leave it out.")
