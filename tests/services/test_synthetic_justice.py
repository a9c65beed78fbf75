"""Synthetic justice journeys: attrition as in the London Rape Review, loaded and readable."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path

from survivorapp.domain.justice.derive import derive
from survivorapp.domain.justice.diary import MatterRecord
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.services.access import VaultAccess
from survivorapp.services.synthetic import populate as synthetic
from survivorapp.services.synthetic.justice import JusticeMaker
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

ANCHOR = synthetic.DEFAULT_ANCHOR
COURT = frozenset({"trial", "verdict", "sentence", "post_sentence"})


def _complete_journeys(count: int, seed: int = 5) -> list[MatterRecord]:
    """Matters reported in 2012-13, so every journey has ended by the anchor."""
    maker = JusticeMaker(random.Random(seed), ANCHOR.toordinal())
    start = date(2012, 1, 1).toordinal()
    rng = random.Random(seed + 1)
    found: list[MatterRecord] = []
    for number in range(count):
        found.extend(maker.for_case(f"C-{number:06d}", "isva", start + rng.randrange(365)))
    return found


def test_attrition_follows_the_london_rape_review() -> None:
    """REFERENCE 1.12: 84% recorded, 58% withdrew, 6% reached trial, 3% convicted, 18 months."""
    records = _complete_journeys(2400)
    assert len(records) > 1900
    states = [derive(r.events, r.positions, ANCHOR) for r in records]
    share = Counter(s.outcome_group for s in states)
    total = len(states)

    def pct(*groups: str) -> float:
        return 100 * sum(share[g] for g in groups) / total

    assert all(s.ended for s in states)
    assert 12 <= pct("not_recorded") <= 20
    assert 53 <= pct("survivor_withdrew") <= 63
    reached_trial = 100 * sum(s.stage_reached in COURT for s in states) / total
    assert 4 <= reached_trial <= 8.5
    assert 1.8 <= pct("convicted") <= 4.5
    police = ("police_nfa_evidential", "police_nfa_no_suspect", "police_nfa_public_interest")
    assert 10 <= pct(*police, "police_nfa_other") <= 18
    court = [
        s.days_report_to_outcome for s in states if s.outcome_group in ("convicted", "acquitted")
    ]
    months = sum(d for d in court if d is not None) / len(court) / 30.44
    assert 15 <= months <= 21
    unheard = sum(s.police_withdrawal_without_survivor_view for s in states)
    assert 0.2 <= unheard / share["survivor_withdrew"] <= 0.4
    assert any(s.trial_date_changes >= 3 for s in states)


def test_journeys_are_valid_and_deterministic() -> None:
    vocabularies = load_vocabularies()
    first, again = _complete_journeys(300, seed=9), _complete_journeys(300, seed=9)
    assert first == again
    for record in first:
        for entity in (
            record.matter,
            *record.events,
            *record.positions,
            *record.special_measures,
            *(x for x in (record.vps, record.court_support) if x is not None),
        ):
            assert entity.validate(vocabularies, ANCHOR) == []


def test_generated_journeys_load_and_read_back(vault_dir: Path, access: VaultAccess) -> None:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        synthetic.populate(session, cases=300, seed=3)
        conn = session.ctx.conn
        matters = conn.execute("SELECT count(*) FROM justice_matters").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM justice_events").fetchone()[0]
        cases = conn.execute(
            "SELECT count(DISTINCT case_reference) FROM justice_matters"
        ).fetchone()
        assert 0.35 <= cases[0] / 300 <= 0.65
        assert events > 3 * matters
        reference = conn.execute("SELECT case_reference FROM justice_matters LIMIT 1").fetchone()[0]
        journey = session.justice.journey(reference)
        assert journey.matters and journey.matters[0].events
        diary = session.justice.diary(28, today=ANCHOR)
        assert all(e.day >= ANCHOR for e in diary)
        assert len(session.justice.queries.journeys(session.cases.visibility())) == cases[0]


def test_the_fast_diary_read_loses_nothing(vault_dir: Path) -> None:
    """The diary reads only journeys that can have something in the window; built from every
    journey instead, the diary must come out exactly the same, for any day and window."""
    from datetime import timedelta

    from survivorapp.domain.justice.diary import build_diary

    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        synthetic.populate(session, cases=600, seed=11)
        justice = session.justice
        visibility = session.cases.visibility()
        everything = justice.queries.journeys(visibility)
        assert sum(len(j.matters) for j in everything) > 100
        start = date(2024, 1, 1)
        checked = 0
        for step in range(0, 1000, 37):
            today = start + timedelta(days=step)
            for days in (7, 28):
                expected = build_diary(everything, today, days)
                assert justice.diary(days, today=today) == expected, (today, days)
                checked += len(expected)
        assert checked > 50  # the comparison was about real entries, not empty lists
