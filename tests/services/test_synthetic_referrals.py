"""Synthetic referrals: valid histories, consent in force when made, plausible waits, loaded
with their stored dates equal to what the histories give."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.referrals import status as rs
from survivorapp.domain.referrals.records import history_problems
from survivorapp.domain.referrals.waits import ReferralRecord
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.synthetic import populate as synthetic
from survivorapp.services.synthetic.referrals import ReferralMaker
from survivorapp.vault.referrals import ReferralQueries
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

ANCHOR = synthetic.DEFAULT_ANCHOR
VOCABULARIES = load_vocabularies()


def generate(cases: int, seed: int) -> tuple[list[ReferralRecord], list[ConsentRecord]]:
    team = synthetic.team_from(list(synthetic.DEMO_STAFF), "admin")
    generator = synthetic.Generator(seed=seed, anchor=ANCHOR, team=team, vocabularies=VOCABULARIES)
    maker = ReferralMaker(seed, ANCHOR, "admin")
    consents: list[ConsentRecord] = []
    for batch in maker.watch(generator.batches(cases)):
        consents.extend(batch.consents)
    return maker.records(), consents


@pytest.fixture(scope="module")
def generated() -> tuple[list[ReferralRecord], list[ConsentRecord]]:
    return generate(4000, 7)


def test_histories_are_valid_and_referrals_made_only_with_consent(
    generated: tuple[list[ReferralRecord], list[ConsentRecord]],
) -> None:
    records, consents = generated
    assert len(records) > 500
    ledger: dict[str, list[ConsentRecord]] = {}
    for consent in consents:
        if consent.purpose == "referral_named_agencies":
            ledger.setdefault(consent.case_reference, []).append(consent)
    for record in records:
        assert history_problems(record.history) == []
        assert record.referral.validate(VOCABULARIES, ANCHOR) == []
        assert all(c.validate(VOCABULARIES, ANCHOR) == [] for c in record.history)
        assert record.history[-1].changed_on <= ANCHOR
        made = record.dates.referred_on
        if made is not None:
            before = [
                c for c in ledger.get(record.referral.case_reference, ()) if c.recorded_on <= made
            ]
            assert before and before[-1].state == "given", record.referral.case_reference


def test_waits_are_plausible_by_destination(
    generated: tuple[list[ReferralRecord], list[ConsentRecord]],
) -> None:
    records, _ = generated
    seen: dict[str, list[int]] = {}
    for record in records:
        wait = record.dates.days_to_first_appointment
        if wait is not None:
            seen.setdefault(record.referral.destination_type, []).append(wait)
    assert statistics.median(seen["talking_therapies"]) > 60  # months
    assert statistics.median(seen["sexual_health"]) < 21  # weeks
    assert statistics.median(seen["gp"]) < 14
    statuses = Counter(r.status for r in records)
    for status in ("survivor_declined", "rejected", "waiting", "made", "completed", "ongoing"):
        assert statuses[status] > 0, status
    rejected = [r for r in records if r.status == rs.REJECTED]
    assert all(r.history[-1].reason for r in rejected)
    follow_up = [r for r in records if r.dates.needs_follow_up(ANCHOR, 14)]
    assert 0 < len(follow_up) < len(records) / 10


def test_the_same_seed_gives_the_same_referrals() -> None:
    assert generate(300, 3)[0] == generate(300, 3)[0]
    assert generate(300, 3)[0] != generate(300, 4)[0]


@pytest.fixture
def populated(vault_dir: Path, access: VaultAccess) -> Iterator[VaultSession]:
    with access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        synthetic.populate(session, cases=400, seed=5, anchor=ANCHOR)
        yield session


def test_loaded_with_a_directory_and_stored_dates_that_match(populated: VaultSession) -> None:
    conn = populated.vault.connection
    assert conn.execute("SELECT count(*) FROM directory_organisations").fetchone()[0] > 20
    ids = [row[0] for row in conn.execute("SELECT id FROM referrals ORDER BY id")]
    assert len(ids) > 30
    queries = ReferralQueries(conn)
    linked = 0
    for referral_id in ids:
        record = queries.record(referral_id)
        assert record is not None
        assert queries.stored_dates(referral_id) == record.dates
        linked += record.referral.organisation_id is not None
    assert linked > 0
    fields = conn.execute(
        "SELECT fields FROM audit_log WHERE action = 'generate' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert "referrals" in fields and "directory_organisations" in fields
    today_list = populated.referrals.open_referrals(mine_only=False, today=date(2026, 9, 30))
    assert today_list and all(rs.is_open(s.status) for s in today_list)
