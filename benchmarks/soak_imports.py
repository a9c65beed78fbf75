"""Soak scenario: imports of small records files (a survivor, a case, ten sessions), killed
mid-stream.

An import is all or nothing: every import the child saw finish must be in the reopened vault in
full, and no import may be there in part (the one in flight at the kill is there whole or not
at all).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from benchmarks.soak_kit import Report, Scenario, Verdict
from survivorapp.services.access import VaultSession
from survivorapp.services.interchange.service import InterchangeService

SESSIONS_PER_IMPORT = 10


def prepare(_session: VaultSession, _scratch: Path) -> None:
    return None


def records(number: int) -> list[dict[str, object]]:
    survivor, case = f"S-{number:06d}", f"C-{number:06d}"
    lines: list[dict[str, object]] = [
        {"type": "survivor", "record": {"reference": survivor, "name": f"Soak {number}"}},
        {
            "type": "case",
            "record": {
                "reference": case,
                "survivor_reference": survivor,
                "referral_date": "2025-03-01",
                "service_line": "isva",
                "status": "waiting",
            },
        },
    ]
    for day in range(SESSIONS_PER_IMPORT):
        session = {
            "case_reference": case,
            "session_date": f"2025-03-{day + 2:02d}",
            "duration_minutes": 50,
            "mode": "phone",
            "kind": "emotional_support",
            "note": f"imported session {day}",
        }
        lines.append({"type": "session", "record": session})
    return lines


def child(session: VaultSession, scratch: Path, report: Report) -> None:
    conn = session.vault.connection
    number = int(conn.execute("SELECT count(*) FROM survivors").fetchone()[0])
    service = InterchangeService(session.ctx)
    path = scratch / f"import-{os.getpid()}.jsonl"
    while True:
        number += 1
        text = "".join(json.dumps(line) + "\n" for line in records(number))
        path.write_text(text, encoding="utf-8")
        service.import_file(path)
        report(f"S-{number:06d}")


def verify(session: VaultSession, reported: Sequence[str]) -> Verdict:
    conn = session.vault.connection
    survivors = {row[0] for row in conn.execute("SELECT reference FROM survivors")}
    sessions = dict(
        conn.execute(
            "SELECT c.survivor_reference, count(s.id) FROM cases c "
            "LEFT JOIN sessions s ON s.case_reference = c.reference GROUP BY c.reference"
        ).fetchall()
    )
    partial = [ref for ref in sorted(survivors) if sessions.get(ref) != SESSIONS_PER_IMPORT]
    return Verdict(
        lost=sum(ref not in survivors for ref in reported),
        problems=tuple(f"import of {ref} is there only in part" for ref in partial),
    )


SCENARIO = Scenario("imports", prepare, child, verify, max_delay=0.6)
