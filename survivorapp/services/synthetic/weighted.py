"""A fixed discrete distribution, and the unanswered codes every table shares."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Mapping
from typing import Generic, TypeVar

from survivorapp.domain.answers import Unanswered

T = TypeVar("T")
NOT_ASKED, DECLINED, UNKNOWN = Unanswered.NOT_ASKED, Unanswered.DECLINED, Unanswered.UNKNOWN
YEAR = 365.25  # days, for ages and spans


class Weighted(Generic[T]):
    """A fixed discrete distribution; ``pick`` is one uniform draw and a bisect."""

    __slots__ = ("_cum", "_total", "_values")

    def __init__(self, table: Mapping[T, float]) -> None:
        self._values = tuple(table)
        self._cum = list(itertools.accumulate(table.values()))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self._values[bisect.bisect(self._cum, rng.random() * self._total)]

    @property
    def values(self) -> tuple[T, ...]:
        return self._values
