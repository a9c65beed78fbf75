"""Shared helpers for the benchmark modules: timing, statistics, rows and the printed table.

A benchmark module exposes ``run(ctx: Context) -> list[Row]``; ``benchmarks.run`` imports the
registered modules, runs each and prints one table. Figures are wall-clock times from
``time.perf_counter`` on whatever machine runs them: they mean most on the reference laptop.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One line of the table. ``value`` is a number (formatted here) or text."""

    measurement: str
    value: float | str
    unit: str = ""
    budget: str = ""
    note: str = ""


@dataclass(frozen=True)
class Context:
    """What every benchmark module gets: where to put its scratch files, and how hard to try."""

    scratch_root: Path | None = None
    quick: bool = False

    @contextlib.contextmanager
    def scratch(self, name: str) -> Iterator[Path]:
        """A private temporary folder, removed afterwards even when the benchmark fails."""
        folder = Path(tempfile.mkdtemp(prefix=f"survivorapp-bench-{name}-", dir=self.scratch_root))
        try:
            os.chmod(folder, 0o700)
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least ``pct``% of samples <= it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def p95(samples: Sequence[float]) -> float:
    return percentile(samples, 95)


def time_once(func: Callable[[], object]) -> float:
    """Seconds taken by one call of ``func``."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def time_repeated(func: Callable[[], object], repeats: int, warmup: int = 0) -> list[float]:
    """Seconds per call, ``repeats`` times, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        func()
    return [time_once(func) for _ in range(repeats)]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def format_value(value: float | str) -> str:
    """Three significant figures for numbers; text as it is."""
    if isinstance(value, str):
        return value
    if value == 0 or not math.isfinite(value):
        return str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, 2 - magnitude)
    return f"{value:.{decimals}f}"


HEADERS = ("measurement", "value", "unit", "budget", "note")


def format_table(sections: Sequence[tuple[str, Sequence[Row]]]) -> str:
    """Plain-text table with aligned columns; each section starts with its name in brackets.

    Values are right-aligned so digits line up; the note column is last and not padded, so a
    long note never widens the others.
    """
    cells = [
        (row.measurement, format_value(row.value), row.unit, row.budget, row.note)
        for _, rows in sections
        for row in rows
    ]
    headings = [f"[{name}]" for name, _ in sections]
    widths = [len(h) for h in HEADERS[:4]]
    for line in cells:
        for i in range(4):
            widths[i] = max(widths[i], len(line[i]))
    widths[0] = max([widths[0], *(len(h) for h in headings)])

    def render(line: Sequence[str]) -> str:
        parts = [
            line[0].ljust(widths[0]),
            line[1].rjust(widths[1]),
            line[2].ljust(widths[2]),
            line[3].ljust(widths[3]),
            line[4],
        ]
        return "  ".join(parts).rstrip()

    out = [render(HEADERS), "  ".join("-" * w for w in widths) + "  " + "-" * len(HEADERS[4])]
    for name, rows in sections:
        out.append(f"[{name}]")
        for row in rows:
            out.append(
                render((row.measurement, format_value(row.value), row.unit, row.budget, row.note))
            )
    return "\n".join(out)
