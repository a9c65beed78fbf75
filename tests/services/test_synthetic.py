"""Synthetic data: deterministic, plausible, valid, searchable, and loaded like real records."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.vocabularies import load_vocabularies
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.permissions import PermissionDenied
from survivorapp.services.synthetic import distributions as dist
from survivorapp.services.synthetic import populate as synthetic
from survivorapp.services.synthetic.demo import DEMO_PASSPHRASE
from survivorapp.vault import bulk, tables
from survivorapp.vault.records import Repository
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring
from tests.support.processes import REPO_ROOT
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

CASES = 200
SEED = 11
ANCHOR = synthetic.DEFAULT_ANCHOR
DATA_TABLES = (
    "survivors",
    "survivor_access",
    "safe_contacts",
    "cases",
    "case_shares",
    "incidents",
    "sessions",
    "consents",
    "tasks",
    "search_index",
)


def _access() -> VaultAccess:
    return VaultAccess(KeyringSecretStore(MemoryKeyring()))


def _dump(session: VaultSession) -> dict[str, list[tuple[Any, ...]]]:
    conn = session.ctx.conn
    order = {"survivor_access": "1, 2", "case_shares": "1, 2"}
    dump = {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY {order.get(table, 'id')}").fetchall()
        for table in DATA_TABLES
        if table != "search_index"
    }
    # The index is contentless: compare what it holds, term by term, through fts5vocab.
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms "
        "USING fts5vocab(main, search_index, instance)"
    )
    dump["search_index"] = conn.execute(
        "SELECT term, doc, col, count(*) FROM temp.terms GROUP BY term, doc, col ORDER BY 1, 2, 3"
    ).fetchall()
    return dump


def _generator(seed: int, team: synthetic.Team | None = None) -> synthetic.Generator:
    return synthetic.Generator(
        seed=seed,
        anchor=ANCHOR,
        team=team or synthetic.team_from(synthetic.DEMO_STAFF, "manager"),
        vocabularies=load_vocabularies(),
    )


def _records(batches: list[bulk.RecordBatch]) -> list[Any]:
    return [
        ([e.to_record() for e in b.entities()], b.named_users, b.shares, b.task_owners)
        for b in batches
    ]


@dataclass(frozen=True)
class Populated:
    folder: Path
    summary: synthetic.SyntheticSummary


@pytest.fixture(scope="module")
def populated(template_vault: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Populated]:
    """One vault with CASES synthetic cases, shared (read-only) by the tests in this module."""
    folder = copy_vault(template_vault.folder, tmp_path_factory.mktemp("synthetic") / "vault")
    with _access().unlock(folder, ADMIN, ADMIN_PASSPHRASE) as session:
        summary = synthetic.populate(session, cases=CASES, seed=SEED)
    yield Populated(folder, summary)


@pytest.fixture
def session(populated: Populated) -> Iterator[VaultSession]:
    with _access().unlock(populated.folder, ADMIN, ADMIN_PASSPHRASE) as opened:
        yield opened


# --- determinism ----------------------------------------------------------------------------


def test_same_seed_gives_identical_vault_contents(
    populated: Populated, session: VaultSession, template_vault: Any, tmp_path: Path
) -> None:
    again = copy_vault(template_vault.folder, tmp_path / "again")
    with _access().unlock(again, ADMIN, ADMIN_PASSPHRASE) as other:
        summary = synthetic.populate(other, cases=CASES, seed=SEED)
        assert summary == populated.summary
        assert _dump(other) == _dump(session)


def test_different_seed_gives_different_records() -> None:
    first = list(_generator(1).batches(100))
    same = list(_generator(1).batches(100))
    other = list(_generator(2).batches(100))
    assert _records(first) == _records(same)
    assert _records(first) != _records(other)


# --- plausibility and validity --------------------------------------------------------------


def test_shares_are_plausible(session: VaultSession, populated: Populated) -> None:
    conn = session.ctx.conn
    survivors = Repository(conn, tables.SURVIVORS).select()
    cases = Repository(conn, tables.CASES).select()
    consents = Repository(conn, tables.CONSENTS).select()
    sessions = Repository(conn, tables.SESSIONS).select()
    assert len(cases) == CASES == populated.summary.cases
    answered = [s.sex for s in survivors if not isinstance(s.sex, Unanswered)]
    assert 0.7 <= answered.count("female") / len(answered) <= 0.98
    assert {c.status for c in cases} == {"waiting", "active", "closed"}
    assert {"isva", "counselling"} <= {c.service_line for c in cases}
    lines = Counter(c.service_line for c in cases)
    assert (lines["isva"] + lines["counselling"]) / CASES > 0.6
    statistics = [c.state for c in consents if c.purpose == "anonymised_statistics"]
    assert 0 < statistics.count("refused") / len(statistics) < 0.15
    per_case = Counter(s.case_reference for s in sessions)
    counts = [per_case.get(c.reference, 0) for c in cases]
    assert max(counts) <= dist.MAX_SESSIONS
    assert sum(3 <= n <= 12 for n in counts) / CASES > 0.45
    assert all(c.closure_reason for c in cases if c.status == "closed")
    assert all(c.allocated_worker for c in cases if c.status == "active")


def test_every_generated_record_validates() -> None:
    vocabularies = load_vocabularies()
    batches = list(_generator(5).batches(1500, batch_cases=500))
    problems = Counter(
        (type(entity).__name__, problem.field)
        for batch in batches
        for entity in batch.entities()
        for problem in entity.validate(vocabularies, date.today())
    )
    assert not problems
    survivors = [s for b in batches for s in b.survivors]
    assert any(s.restricted for s in survivors)
    assert len({s.residence_borough for s in survivors}) > 30
    bands = Counter(i.recent_band for b in batches for i in b.incidents if i.is_presenting)
    non_recent = bands["over_12_months"] + bands["childhood_disclosed_as_adult"]
    assert non_recent / sum(bands.values()) > 0.35


def test_every_distribution_code_is_a_vocabulary_code() -> None:
    vocabularies = load_vocabularies()
    checks: list[tuple[str, Any]] = [
        ("sex", dist.SEX),
        ("ethnicity", dist.ETHNICITY),
        ("religion", dist.RELIGION),
        ("sexual_orientation", dist.ORIENTATION),
        ("disability_type", dist.DISABILITY_TYPE),
        ("borough", dist.RESIDENCE),
        ("incident_type", dist.ADULT_TYPES),
        ("incident_type", dist.CHILD_TYPES),
        ("perpetrator_relationship", dist.ADULT_RELATIONSHIP),
        ("perpetrator_relationship", dist.CHILD_RELATIONSHIP),
        ("perpetrator_relationship", dist.YOUNG_PERSON_RELATIONSHIP),
        ("sex", dist.PERPETRATOR_SEX),
        ("service_line", dist.ADULT_LINES),
        ("service_line", dist.CHILD_LINES),
        ("closure_reason", dist.CLOSURE),
        ("closure_reason", dist.LEFT_WAITING_REASON),
        ("risk_flag", dist.RISK_FLAGS),
        ("consent_method", dist.CONSENT_METHOD),
        ("gender_identity", dist.GENDER_OTHER),
        ("gender_identity", dist.TRANS_GENDER),
    ]
    for profile in dist.PROFILES.values():
        checks += [
            ("referral_source", profile.sources),
            ("session_kind", profile.kinds),
            ("session_mode", profile.modes),
        ]
    checks += [("religion", t) for t in dist.RELIGION_BY_ETHNICITY.values()]
    checks += [("language", t) for _, t in dist.OTHER_LANGUAGE.values()]
    checks += [("gender_identity", t) for t in dist.GENDER_BY_SEX.values()]
    checks += [("pronouns", t) for t in dist.PRONOUNS_BY_GENDER.values()]
    checks += [("consent_state", t) for t in dist.CONSENT_STATES.values()]
    unknown = [
        (vocabulary, code)
        for vocabulary, table in checks
        for code in table.values
        if isinstance(code, str)
        and code
        and not isinstance(code, Unanswered)
        and not vocabularies[vocabulary].contains(code)
    ]
    assert not unknown
    assert set(dist.VULNERABILITY_CHANCE) <= {c.code for c in vocabularies["vulnerability"]}
    assert set(dist.CONSENT_STATES) == {c.code for c in vocabularies["consent_purpose"]}
    assert set(dist.NOTES) == {c.code for c in vocabularies["session_kind"]}


# --- loaded like real records ---------------------------------------------------------------


def test_bulk_rows_equal_the_mapper_rows() -> None:
    specs = {
        "survivors": tables.SURVIVORS,
        "safe_contacts": tables.SAFE_CONTACTS,
        "cases": tables.CASES,
        "incidents": tables.INCIDENTS,
        "sessions": tables.SESSIONS,
        "consents": tables.CONSENTS,
        "tasks": tables.TASKS,
    }
    for batch in _generator(3).batches(300):
        for kind, spec in specs.items():
            for entity in getattr(batch, kind):
                expected = spec.to_row(entity)
                expected.pop("id")
                assert bulk.row_values(spec, entity) == list(expected.values())


def test_bulk_load_matches_one_by_one_inserts_with_triggers(
    vault_dir: Path, template_vault: Any, tmp_path: Path
) -> None:
    """The suspended triggers' work (search index, last contact) is done exactly as they would."""
    batch = next(_generator(9).batches(120))
    other = copy_vault(template_vault.folder, tmp_path / "one-by-one")
    with _access().unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as loaded:
        with loaded.ctx.write() as conn:
            bulk.load(conn, [batch])
        bulk_dump = _dump(loaded)
        bulk_last = loaded.ctx.conn.execute(
            "SELECT reference, last_contact_date FROM cases ORDER BY id"
        ).fetchall()
    with _access().unlock(other, ADMIN, ADMIN_PASSPHRASE) as single:
        with single.ctx.write() as conn:
            for kind, spec in (
                ("survivors", tables.SURVIVORS),
                ("safe_contacts", tables.SAFE_CONTACTS),
                ("cases", tables.CASES),
                ("incidents", tables.INCIDENTS),
                ("sessions", tables.SESSIONS),
                ("consents", tables.CONSENTS),
            ):
                repository = Repository(conn, spec)
                for entity in getattr(batch, kind):
                    repository.insert(entity)
            tasks = Repository(conn, tables.TASKS)
            for task, owner in zip(batch.tasks, batch.task_owners, strict=True):
                tasks.insert(task, {"owner": owner})
            conn.executemany("INSERT INTO survivor_access VALUES (?, ?)", batch.named_users)
            conn.executemany("INSERT INTO case_shares VALUES (?, ?)", batch.shares)
        assert _dump(single) == bulk_dump
        assert (
            single.ctx.conn.execute(
                "SELECT reference, last_contact_date FROM cases ORDER BY id"
            ).fetchall()
            == bulk_last
        )
        triggers = {
            r[0]
            for r in single.ctx.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert set(bulk.SUSPENDED_TRIGGERS) <= triggers
    assert any(last for _, last in bulk_last)


def test_a_failed_load_leaves_nothing_and_keeps_the_triggers(vault_dir: Path) -> None:
    def failing() -> Iterator[bulk.RecordBatch]:
        yield next(_generator(4).batches(20))
        raise RuntimeError("generator broke")

    with _access().unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE) as opened:
        with pytest.raises(RuntimeError, match="generator broke"), opened.ctx.write() as conn:
            bulk.load(conn, failing())
        conn = opened.ctx.conn
        assert bulk.case_count(conn) == 0
        assert conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert set(bulk.SUSPENDED_TRIGGERS) <= names


def test_last_contact_date_is_the_latest_session(session: VaultSession) -> None:
    rows = session.ctx.conn.execute(
        "SELECT c.last_contact_date, (SELECT max(session_date) FROM sessions s "
        "WHERE s.case_reference = c.reference) FROM cases c"
    ).fetchall()
    assert rows and all(last == latest for last, latest in rows)
    assert sum(last is not None for last, _ in rows) > CASES / 2


def test_search_finds_a_known_as_name_and_a_note(session: VaultSession) -> None:
    survivors = Repository(session.ctx.conn, tables.SURVIVORS).select(
        "known_as IS NOT NULL AND restricted = 0"
    )
    person = survivors[len(survivors) // 2]
    assert person.known_as
    found = session.cases.search(person.known_as, limit=500)
    assert person.reference in {row.survivor_reference for row in found}
    assert session.cases.search("pre-trial visit")


def test_restricted_survivors_name_the_manager_and_their_workers(
    session: VaultSession,
) -> None:
    conn = session.ctx.conn
    restricted = conn.execute("SELECT reference FROM survivors WHERE restricted = 1").fetchall()
    assert restricted
    for (reference,) in restricted:
        named = {
            r[0]
            for r in conn.execute(
                "SELECT username FROM survivor_access WHERE survivor_reference = ?", (reference,)
            )
        }
        workers = {
            r[0]
            for r in conn.execute(
                "SELECT allocated_worker FROM cases WHERE survivor_reference = ? "
                "AND allocated_worker IS NOT NULL",
                (reference,),
            )
        }
        assert {ADMIN, *workers} <= named


def test_one_audit_entry_and_an_intact_chain(session: VaultSession) -> None:
    assert session.check().ok
    entries = [e for e in session.ctx.audit.recent(1000) if e.action == "generate"]
    assert len(entries) == 1
    assert entries[0].entity == "synthetic"
    assert {"cases", "sessions", "survivors"} <= set(entries[0].fields)


def test_demo_staff_were_added_with_roles(session: VaultSession, populated: Populated) -> None:
    assert populated.summary.staff_added == tuple(m.username for m in synthetic.DEMO_STAFF)
    roles = {row.username: row.roles for row in session.accounts.list()}
    assert roles["sam.isva"] == ("isva",)
    assert roles["alex.caseworker"] == ("caseworker",)
    workers = {
        r[0] for r in session.ctx.conn.execute("SELECT DISTINCT allocated_worker FROM cases")
    }
    assert workers - {None} <= {m.username for m in synthetic.DEMO_STAFF}


def test_refuses_a_vault_that_holds_cases(session: VaultSession) -> None:
    with pytest.raises(synthetic.VaultNotEmpty):
        synthetic.populate(session, cases=5, seed=1)


def test_frontline_staff_may_not_generate(populated: Populated) -> None:
    with (
        _access().unlock(populated.folder, "sam.isva", DEMO_PASSPHRASE) as isva,
        pytest.raises(PermissionDenied),
    ):
        synthetic.populate(isva, cases=5, seed=1)


# --- the command line -----------------------------------------------------------------------


def test_demo_command_creates_fills_and_then_refuses(tmp_path: Path) -> None:
    folder = tmp_path / "demo-vault"
    env = dict(
        os.environ,
        SURVIVORAPP_HOME=str(tmp_path / "home"),
        SURVIVORAPP_PASSPHRASE="a demo passphrase for the test",
        PYTHONPATH=str(REPO_ROOT),
        QT_QPA_PLATFORM="offscreen",
    )
    command = [
        sys.executable,
        "-m",
        "survivorapp",
        "demo",
        "--vault",
        str(folder),
        "--cases",
        "40",
        "--seed",
        "3",
        "--kdf-seconds",
        "0",
    ]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert "Generated 40 synthetic cases" in first.stdout
    assert "sam.isva" in first.stdout
    assert "Done in" in first.stdout
    second = run()
    assert second.returncode == 2
    assert "already holds cases" in second.stderr
    shutil.rmtree(folder)


def test_the_summary_counts_referrals_contact_attempts_and_feedback(
    session: VaultSession, populated: Populated
) -> None:
    """The demo's summary line names these too (survivorapp demo prints it)."""
    conn = session.ctx.conn
    summary = populated.summary
    assert summary.referrals == len(Repository(conn, tables.REFERRALS).select()) > 0
    assert summary.contact_attempts == len(Repository(conn, tables.CONTACT_ATTEMPTS).select()) > 0
    stored = Repository(conn, tables.FEEDBACK_ADMINISTRATIONS).select()
    assert summary.feedback == len(stored) > 0
