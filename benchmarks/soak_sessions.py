"""Soak scenario: a caseworker saving session notes, one commit per session, killed mid-stream.

Every session the child saw saved (``log_session`` returned) must be in the reopened vault.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from benchmarks.soak_kit import Report, Scenario, Verdict
from survivorapp.domain.case import Case
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultSession

CASE_DAY = date(2025, 3, 1)


def prepare(session: VaultSession, _scratch: Path) -> None:
    session.cases.open_new_case(
        Survivor(reference="", name="Soak"),
        Case("", "", referral_date=CASE_DAY, service_line="isva", status="waiting"),
    )


def child(session: VaultSession, _scratch: Path, report: Report) -> None:
    reference = session.vault.connection.execute("SELECT reference FROM cases").fetchone()[0]
    n = 0
    while True:
        n += 1
        note = f"soak note {n} " + "z" * 200  # a few pages' worth over a run
        saved = session.cases.log_session(
            Session(reference, CASE_DAY, 50, "phone", "emotional_support", note=note)
        )
        report(str(saved.id))


def verify(session: VaultSession, reported: Sequence[str]) -> Verdict:
    conn = session.vault.connection
    stored = {str(row[0]) for row in conn.execute("SELECT id FROM sessions")}
    return Verdict(lost=sum(token not in stored for token in reported))


SCENARIO = Scenario("sessions", prepare, child, verify)
