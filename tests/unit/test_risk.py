"""Recent risk flags: the window, the order and no repeats."""

from __future__ import annotations

from datetime import date, timedelta

from survivorapp.domain.risk import RISK_WINDOW, recent_risk_flags
from survivorapp.domain.session import Session

TODAY = date(2025, 6, 30)


def session(days_ago: int, *flags: str) -> Session:
    return Session(
        "C-000001",
        TODAY - timedelta(days=days_ago),
        60,
        "in_person",
        "emotional_support",
        risk_flags=flags,
    )


def test_flags_in_the_window_are_shown_once_in_session_order() -> None:
    sessions = [
        session(1, "suicide_self_harm"),
        session(30, "harm_from_perpetrator", "suicide_self_harm"),
        session(80, "domestic_abuse"),
    ]
    assert recent_risk_flags(sessions, TODAY) == [
        "suicide_self_harm",
        "harm_from_perpetrator",
        "domestic_abuse",
    ]


def test_the_window_includes_its_last_day_and_nothing_older() -> None:
    days = RISK_WINDOW.days
    assert recent_risk_flags([session(days, "harm_from_perpetrator")], TODAY) == [
        "harm_from_perpetrator"
    ]
    assert recent_risk_flags([session(days + 1, "harm_from_perpetrator")], TODAY) == []


def test_no_sessions_or_no_flags_give_nothing() -> None:
    assert recent_risk_flags([], TODAY) == []
    assert recent_risk_flags([session(2)], TODAY) == []


def test_today_is_the_argument_not_the_clock() -> None:
    old = session(0, "harm_from_perpetrator")
    assert recent_risk_flags([old], TODAY + RISK_WINDOW + timedelta(days=1)) == []
