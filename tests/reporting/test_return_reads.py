"""The return's lean reads give exactly what the ordinary reads give (they exist for speed).

A year's return over 100,000 cases reads its justice events without the dataclass
constructor, one matter at a time, takes the first perpetrator's relationship in Python
rather than with ``json_extract``, and pauses the cyclic garbage collector while it builds.
None of that may change a number: these tests compare each lean read with the plain one.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.justice.derive import derive
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.reporting.build import build_return
from survivorapp.reporting.periods import parse_period
from survivorapp.services.access import VaultAccess
from survivorapp.vault.justice import JusticeQueries
from survivorapp.vault.returns import justice as returns_justice
from survivorapp.vault.returns.queries import ReturnQueries, first_relationship
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.reporting import hand_vault
from tests.reporting.conftest import HandTemplate
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

END = date(2025, 9, 30)


def test_lean_matters_are_the_matters_read_normally(hand_template: HandTemplate) -> None:
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(hand_template.folder, ADMIN, ADMIN_PASSPHRASE) as session:
        conn = session.vault.connection
        period = parse_period(hand_vault.PERIOD)
        with ReturnQueries(conn).scope(period.start, period.end) as scope:
            lean = list(returns_justice.matters(scope))
        cases = sorted({m.case_reference for m in lean})
        normal = [r for case in cases for r in JusticeQueries(conn).journey(case).matters]
    assert [m.case_reference for m in lean] == [r.matter.case_reference for r in normal]
    assert len(lean) == 4  # C, A, I and J; G's case is left out for consent
    for got, record in zip(lean, normal, strict=True):
        assert got.date_reported == record.matter.date_reported
        kept = [e for e in record.events if e.event_date <= END or e.supersedes is not None]
        plain = [replace(e, informed_by="", note="", court=None, reason=None) for e in kept]
        assert sorted(got.events, key=lambda e: e.id or 0) == sorted(plain, key=lambda e: e.id or 0)
        assert [(p.position, p.recorded_on) for p in got.positions] == [
            (p.position, p.recorded_on) for p in record.positions
        ]
        assert derive(got.events, got.positions, END, reported_on=got.date_reported) == derive(
            kept, record.positions, END, reported_on=record.matter.date_reported
        )


perpetrator = st.fixed_dictionaries(
    {},
    optional={
        "relationship": st.one_of(st.sampled_from(["partner", "stranger", "unknown"]), st.none()),
        "sex": st.sampled_from(["male", "female", "not_asked"]),
        "known_to_police": st.one_of(st.booleans(), st.just("unknown")),
    },
)


@settings(max_examples=200, deadline=None)
@given(st.lists(perpetrator, max_size=3))
def test_the_first_relationship_is_what_json_extract_gives(people: list[dict[str, object]]) -> None:
    stored = json.dumps(people, separators=(",", ":"))
    with sqlite3.connect(":memory:") as conn:
        (expected,) = conn.execute(
            "SELECT json_extract(?, '$[0].relationship')", (stored,)
        ).fetchone()
    assert first_relationship(stored) == expected
    assert first_relationship(None) is None


def test_the_garbage_collector_is_back_on_after_a_return_even_a_failed_one(
    hand_dir: Path,
) -> None:
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(hand_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        queries = ReturnQueries(session.vault.connection)
        period = parse_period(hand_vault.PERIOD)
        assert gc.isenabled()
        build_return(queries, period, load_vocabularies())
        assert gc.isenabled()

        def broken(_inputs: object) -> list[object]:
            assert not gc.isenabled()  # paused while building
            raise RuntimeError("a builder failed")

        with pytest.raises(RuntimeError):
            build_return(queries, period, load_vocabularies(), builders=(broken,))  # type: ignore[arg-type]
        assert gc.isenabled()


def test_the_return_reads_consents_and_sessions_through_their_indexes(
    hand_template: HandTemplate,
) -> None:
    """m0010's partial index must match the consent query's condition exactly, and the
    sessions index must cover the columns summed: else a year's return reads every row."""
    from survivorapp.vault.returns.queries import _SAID_NO

    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(hand_template.folder, ADMIN, ADMIN_PASSPHRASE) as session:
        conn = session.vault.connection

        def plan(sql: str) -> str:
            return " | ".join(str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))

        consents = plan(
            "SELECT c2.survivor_reference FROM consents k2 JOIN cases c2 "
            f"ON c2.reference = k2.case_reference WHERE {_SAID_NO}"
        )
        assert "USING INDEX consents_refusing_statistics" in consents
        sessions = plan(
            "SELECT s.mode, s.kind, count(*), sum(s.duration_minutes) FROM cases r "
            "CROSS JOIN sessions s ON s.case_reference = r.reference "
            "WHERE s.session_date BETWEEN '2025-07-01' AND '2025-09-30' GROUP BY 1, 2"
        )
        assert "USING COVERING INDEX sessions_by_case" in sessions
