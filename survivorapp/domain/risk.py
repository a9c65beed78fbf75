"""Which risks raised in sessions are still current enough to show at the top of a case.

A risk flag belongs to the session that raised it. The case header and the waiting list show
the flags raised in the last :data:`RISK_WINDOW`, so a risk noted this month is in view
before anyone acts, while one from years ago does not keep alarming every reader (red is kept
for real, current risk: DESIGN.md 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from survivorapp.domain.session import Session

RISK_WINDOW = timedelta(days=90)


def recent_risk_flags(sessions: Iterable[Session], today: date) -> list[str]:
    """Flags raised in sessions within :data:`RISK_WINDOW` of ``today``, each once, in the
    order the sessions are given (newest first from the service)."""
    flags: list[str] = []
    for session in sessions:
        if today - session.session_date <= RISK_WINDOW:
            flags.extend(f for f in session.risk_flags if f not in flags)
    return flags
