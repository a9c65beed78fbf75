"""Answers that were not given, kept apart from real answers.

Trauma-informed practice (DESIGN.md 4, REFERENCE.md 6.5) means every question can be skipped.
Returns must then tell "we never asked" from "they chose not to say" from "nobody knows",
because the share of each is itself reported (REFERENCE.md 8, table 8). These three codes
are reserved: no vocabulary may use them for a real answer.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeAlias, TypeVar

T = TypeVar("T")


class Unanswered(StrEnum):
    """Why a question has no real answer. Stored and serialised as the value."""

    NOT_ASKED = "not_asked"
    DECLINED = "declined"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Plain-English wording for forms and reports."""
        return _LABELS[self]


_LABELS = {
    Unanswered.NOT_ASKED: "Not asked",
    Unanswered.DECLINED: "Prefer not to say",
    Unanswered.UNKNOWN: "Unknown",
}

RESERVED_CODES: frozenset[str] = frozenset(u.value for u in Unanswered)

Answer: TypeAlias = T | Unanswered
"""A real answer of type T, or the reason there is none (use as ``Answer[str]``)."""


def is_answered(value: object) -> bool:
    """True when ``value`` is a real answer rather than one of the :class:`Unanswered` codes."""
    return not isinstance(value, Unanswered)
