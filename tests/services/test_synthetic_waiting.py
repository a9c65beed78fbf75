"""Synthetic waiting-list histories agree with the cases they belong to, and are plausible."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from survivorapp.domain.case import Case
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.waiting_list import (
    LEFT_MESSAGE,
    SPOKE,
    ContactAttempt,
    days_to_first_contact,
    voicemail_safe,
)
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.synthetic import populate as synthetic
from survivorapp.services.synthetic import waiting as synthetic_waiting
from survivorapp.vault import tables
from survivorapp.vault.records import Repository
from tests.conftest import TemplateVault
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

CASES = 800
SEED = 5
ANCHOR = date(2026, 9, 30)


@pytest.fixture(scope="module")
def populated(
    template_vault: TemplateVault, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VaultSession]:
    from survivorapp.vault.secret_store import KeyringSecretStore
    from tests.support.keyring_backend import MemoryKeyring

    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    folder = copy_vault(template_vault.folder, tmp_path_factory.mktemp("waiting") / "vault")
    session = access.unlock(folder, ADMIN, ADMIN_PASSPHRASE)
    synthetic.populate(session, cases=CASES, seed=SEED, anchor=ANCHOR)
    yield session
    session.lock()


def _all(session: VaultSession) -> tuple[list[Case], dict[str, list[ContactAttempt]]]:
    conn = session.ctx.conn
    cases = Repository(conn, tables.CASES).select()
    attempts: dict[str, list[ContactAttempt]] = {}
    for a in Repository(conn, tables.CONTACT_ATTEMPTS).select(order_by="attempted_on, id"):
        attempts.setdefault(a.case_reference, []).append(a)
    return cases, attempts


def test_attempts_agree_with_the_cases_process_dates(populated: VaultSession) -> None:
    cases, attempts = _all(populated)
    contacts = {
        c.survivor_reference: c
        for c in Repository(populated.ctx.conn, tables.SAFE_CONTACTS).select()
    }
    for case in cases:
        tried = attempts.get(case.reference, [])
        if case.first_contact_attempt_date is None:
            assert tried == [], case.reference
            continue
        assert tried[0].attempted_on == case.first_contact_attempt_date
        spoken = [a.attempted_on for a in tried if a.outcome == SPOKE]
        assert (spoken[0] if spoken else None) == case.first_contact_date
        assert days_to_first_contact(case, tried) == days_to_first_contact(case)
        assert all(case.referral_date <= a.attempted_on <= ANCHOR for a in tried)
        contact = contacts.get(case.survivor_reference)
        if any(a.outcome == LEFT_MESSAGE for a in tried):
            assert voicemail_safe(contact), case.reference
        problems = [
            p
            for a in tried
            for p in a.validate(
                populated.ctx.vocabularies,
                ANCHOR,
                referral_date=case.referral_date,
                safe_contact=contact or SafeContact(case.survivor_reference),
                check_voicemail=True,
            )
        ]
        assert problems == [], case.reference


def test_every_case_has_a_priority_and_waits_look_plausible(populated: VaultSession) -> None:
    cases, _attempts = _all(populated)
    entries = {
        e.case_reference: e for e in Repository(populated.ctx.conn, tables.WAITING_LIST).select()
    }
    assert set(entries) == {c.reference for c in cases}
    waiting = [c for c in cases if c.status == "waiting"]
    priorities = Counter(entries[c.reference].priority for c in waiting)
    assert set(priorities) <= {"a", "b", "c", "not_triaged"} and len(priorities) >= 3
    waits = [(ANCHOR - c.referral_date).days for c in waiting]
    assert waiting and 3 <= statistics.median(waits) <= 200
    allocated = [c for c in cases if c.allocation_date is not None]
    quick = [c for c in allocated if (c.allocation_date - c.referral_date).days <= 10]  # type: ignore[operator]
    slow = [c for c in allocated if (c.allocation_date - c.referral_date).days > 30]  # type: ignore[operator]

    def share_a(group: list[Case]) -> float:
        return sum(entries[c.reference].priority == "a" for c in group) / max(1, len(group))

    assert share_a(quick) > share_a(slow)  # those seen quickly were more often urgent


def test_the_managers_list_shows_the_synthetic_waiting_list(populated: VaultSession) -> None:
    rows = populated.waiting_list.rows(today=ANCHOR)
    assert rows and rows[0].priority == "a"
    assert sum(r.attempt_count for r in rows) > 0
    audit = [e for e in populated.ctx.audit.recent(1000) if e.action == "generate"]
    assert {"waiting_list", "contact_attempts"} <= set(audit[0].fields)


def test_backfill_gives_an_older_vault_the_same_kind_of_history(
    template_vault: TemplateVault, tmp_path: Path, populated: VaultSession
) -> None:
    from survivorapp.vault.secret_store import KeyringSecretStore
    from tests.support.keyring_backend import MemoryKeyring

    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    with access.unlock(
        copy_vault(template_vault.folder, tmp_path / "v"), ADMIN, ADMIN_PASSPHRASE
    ) as s:
        synthetic.populate(s, cases=150, seed=SEED, anchor=ANCHOR)
        with s.vault.transaction() as conn:  # as a vault made before waiting lists existed
            conn.execute("DELETE FROM contact_attempts")
            conn.execute("DELETE FROM waiting_list")
        made = synthetic_waiting.backfill(s, seed=SEED)
        assert made > 0
        assert synthetic_waiting.backfill(s, seed=SEED) == 0  # never twice
        cases, attempts = _all(s)
        for case in cases:
            tried = attempts.get(case.reference, [])
            assert (tried[0].attempted_on if tried else None) == case.first_contact_attempt_date
