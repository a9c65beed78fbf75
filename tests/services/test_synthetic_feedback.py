"""Synthetic outcome measures and feedback: valid, scored by the real engine, improving on
average, dated within each case's support, and loaded exactly as the mapper would store them."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.questionnaires.instruments import shipped_instruments
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.services.access import VaultAccess
from survivorapp.services.synthetic import populate as synthetic
from survivorapp.services.synthetic.feedback import FeedbackMaker
from survivorapp.vault import tables
from survivorapp.vault.feedback import BULK_COLUMNS, bulk_row
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

CASES = 600
SEED = 5
ANCHOR = synthetic.DEFAULT_ANCHOR


@pytest.fixture(scope="module")
def stored(template_vault: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """(administrations with their kinds, cases by reference) from one populated vault."""
    folder: Path = copy_vault(template_vault.folder, tmp_path_factory.mktemp("fb") / "vault")
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        synthetic.populate(session, cases=CASES, seed=SEED)
        spec = tables.FEEDBACK_ADMINISTRATIONS
        conn = session.vault.connection
        cursor = conn.execute(
            f"SELECT {', '.join(spec.columns)}, instrument_kind FROM feedback_administrations"
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor]
        administrations = [(spec.from_row(r), r["instrument_kind"]) for r in rows]
        cases = {c.reference: c for c in session.cases.cases.select()}
        fields = conn.execute("SELECT fields FROM audit_log WHERE action = 'generate'").fetchone()[
            0
        ]
        yield administrations, cases, fields


def test_every_kind_of_administration_is_made(stored: Any) -> None:
    administrations, _cases, fields = stored
    seen = Counter((a.instrument_id, a.timepoint) for a, _kind in administrations)
    for key in (("phq9", "intake"), ("phq9", "review"), ("phq9", "exit"), ("gad7", "intake"),
                ("pcl5", "intake"), ("service_feedback_exit", "exit"),
                ("service_feedback_session", "session")):  # fmt: skip
        assert seen[key] > 0, key
    anonymous = [a for a, _kind in administrations if a.case_reference is None]
    assert anonymous and {a.instrument_id for a in anonymous} == {"service_feedback_session"}
    assert "feedback_administrations" in fields
    statuses = Counter(a.score_status for a, _kind in administrations)
    assert statuses["scored"] and statuses["not_scorable"] and statuses["no_score"]
    assert any(a.flags for a, _kind in administrations)


def test_every_administration_validates_and_holds_the_engines_score(stored: Any) -> None:
    administrations, _cases, _fields = stored
    registry = shipped_instruments()
    vocabularies = load_vocabularies()
    for administration, kind in administrations:
        instrument = registry.get(administration.instrument_id, administration.instrument_version)
        assert kind == instrument.kind
        assert administration.validate(vocabularies, instrument, ANCHOR) == []
        rescored, _flags = administration.scored(instrument)
        assert rescored == administration


def test_dates_fall_within_each_cases_support(stored: Any) -> None:
    administrations, cases, _fields = stored
    for administration, _kind in administrations:
        assert administration.administered_on <= ANCHOR
        if administration.case_reference is None:
            continue
        case = cases[administration.case_reference]
        assert case.allocation_date is not None
        assert case.allocation_date <= administration.administered_on
        if case.closure_date is not None:
            assert administration.administered_on <= case.closure_date


def _made(seed: int, cases: int) -> FeedbackMaker:
    generator = synthetic.Generator(
        seed=seed,
        anchor=ANCHOR,
        team=synthetic.team_from(synthetic.DEMO_STAFF, "manager"),
        vocabularies=load_vocabularies(),
    )
    maker = FeedbackMaker(seed, ANCHOR, "manager")
    for _batch in maker.watch(generator.batches(cases)):
        pass
    return maker


def test_scores_improve_on_average() -> None:
    """Each person's exit score against their own intake score, per measure."""
    first: dict[tuple[str | None, str], float] = {}
    changes: dict[str, list[float]] = {"phq9": [], "gad7": [], "pcl5": []}
    for a, _kind in _made(SEED, 3000).records():
        if a.score_total is None or a.instrument_id not in changes:
            continue
        key = (a.case_reference, a.instrument_id)
        if a.timepoint == "intake":
            first[key] = a.score_total
        elif a.timepoint == "exit" and key in first:
            changes[a.instrument_id].append(a.score_total - first[key])
    for instrument_id, found in changes.items():
        assert len(found) > 20, instrument_id
        assert statistics.mean(found) < 0, instrument_id
        assert any(change > 0 for change in found)  # some people get worse


def test_reviews_are_numbered_in_order(stored: Any) -> None:
    administrations, _cases, _fields = stored
    reviews: dict[tuple[str | None, str], list[Administration]] = {}
    for a, _kind in administrations:
        if a.timepoint == "review":
            reviews.setdefault((a.case_reference, a.instrument_id), []).append(a)
    assert reviews
    for found in reviews.values():
        found.sort(key=lambda a: a.administered_on)
        assert [a.review_number for a in found] == list(range(1, len(found) + 1))


def test_bulk_rows_equal_the_mapper_rows(stored: Any) -> None:
    administrations, _cases, _fields = stored
    spec = tables.FEEDBACK_ADMINISTRATIONS
    for administration, kind in administrations[:300]:
        row = spec.to_row(administration)
        row.pop("id")
        for column in spec.bool_columns:
            row[column] = bool(row[column])
        row["instrument_kind"] = kind
        assert dict(zip(BULK_COLUMNS, bulk_row(administration, kind), strict=True)) == row


def test_same_seed_same_feedback() -> None:
    first = _made(SEED, 150)
    second = FeedbackMaker(SEED, ANCHOR, "manager")
    second.facts = first.facts
    other = FeedbackMaker(SEED + 1, ANCHOR, "manager")
    other.facts = first.facts
    made = first.records()
    assert made == second.records()
    assert made != other.records()
