"""Progress reports and cooperative cancelling for long work."""

from __future__ import annotations

import pytest

from survivorapp.domain.errors import UserFacingError
from survivorapp.domain.progress import Cancelled, Progress, ProgressReport, silent


def test_reports_reach_the_watcher_in_order() -> None:
    seen: list[ProgressReport] = []
    progress = Progress(seen.append)
    progress.report("Counting cases", 1, 4)
    progress.report("Checking disclosure", 4, 4)
    assert [(r.step, r.fraction) for r in seen] == [
        ("Counting cases", 0.25),
        ("Checking disclosure", 1.0),
    ]
    assert ProgressReport("x", 3, 0).fraction == 0.0


def test_cancelling_stops_the_work_at_its_next_safe_point() -> None:
    progress = silent()
    progress.report("step")  # nobody watching: nothing happens
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled) as raised:
        progress.report("next step")
    assert isinstance(raised.value, UserFacingError)
    assert "Nothing was written" in raised.value.user_message
