"""The audit log: what each action writes, that values never reach it, failed unlocks, the
hash chain under tampering (through the service and the real `survivorapp check`), and the
per-case history."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.session import Session
from survivorapp.domain.task import Task
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.permissions import PermissionDenied
from survivorapp.vault import failed_logins
from survivorapp.vault.audit import AuditEntry
from survivorapp.vault.errors import CredentialsNotRecognised
from tests.services.conftest import as_user, audit_count, case, passphrase_of, survivor
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

REPO_ROOT = Path(__file__).resolve().parents[2]
MARK = "Qx7Marker"  # never a field name, so finding it in the log means a value leaked


def _entries_since(session: VaultSession, seq: int) -> list[AuditEntry]:
    return sorted((e for e in session.ctx.audit.recent(1000) if e.seq > seq), key=lambda e: e.seq)


def _raw_log(session: VaultSession) -> str:
    rows = session.vault.connection.execute("SELECT * FROM audit_log").fetchall()
    head = session.vault.connection.execute(
        "SELECT value FROM vault_meta WHERE key = 'audit_head'"
    ).fetchall()
    return json.dumps([list(map(str, r)) for r in rows + head])


def _opened(session: VaultSession) -> str:
    return session.cases.open_new_case(
        survivor(name=f"{MARK}name", known_as=f"{MARK}known"), case()
    ).reference


Write = Callable[[VaultSession, str], None]


def _update_survivor(s: VaultSession, ref: str) -> None:
    old = s.cases.get(ref).survivor
    s.cases.update_survivor(ref, dataclasses.replace(old, known_as=f"{MARK}new", sex="female"))


def _update_case(s: VaultSession, ref: str) -> None:
    old = s.cases.get(ref).case
    s.cases.update_case(dataclasses.replace(old, referral_source="self"))


def _update_session(s: VaultSession, ref: str) -> None:
    logged = s.cases.log_session(
        Session(ref, date(2025, 2, 1), 50, "phone", "emotional_support", note="first")
    )
    s.cases.update_session(dataclasses.replace(logged, note=f"{MARK} later", duration_minutes=60))


def _safe_contact(s: VaultSession, ref: str) -> None:
    surv = s.cases.get(ref).survivor.reference
    s.cases.set_safe_contact(
        ref,
        SafeContact(
            surv,
            channels=(ChannelPreference("phone", "safe", f"{MARK} after 6pm"),),
            code_word=f"{MARK}word",
        ),
    )


def _change_safe_contact(s: VaultSession, ref: str) -> None:
    _safe_contact(s, ref)
    old = s.cases.get(ref).safe_contact
    assert old is not None
    s.cases.set_safe_contact(ref, dataclasses.replace(old, code_word=f"{MARK}other"))


WRITES: dict[str, tuple[Write, str, str, tuple[str, ...]]] = {
    # name: (the write, action, entity, fields named)
    "update survivor": (_update_survivor, "change", "survivor", ("known_as", "sex")),
    "update case": (_update_case, "change", "case", ("referral_source",)),
    "allocate": (
        lambda s, r: s.cases.allocate(r, "cw"),
        "allocate",
        "case",
        ("allocated_worker", "allocation_date", "status"),
    ),
    "share": (lambda s, r: s.cases.share(r, "cw"), "share", "case", ("shared_with",)),
    "unshare": (lambda s, r: s.cases.unshare(r, "cw"), "unshare", "case", ("shared_with",)),
    "restrict": (lambda s, r: s.cases.restrict(r, ["cw"]), "restrict", "survivor", ("restricted",)),
    "new safe contact": (_safe_contact, "change", "safe_contact", ("safe_contact",)),
    "change safe contact": (_change_safe_contact, "change", "safe_contact", ("code_word",)),
    "incident": (
        lambda s, r: s.cases.add_incident(Incident(r, is_presenting=True, types=("rape",))),
        "create",
        "incident",
        (),
    ),
    "session": (
        lambda s, r: s.cases.log_session(
            Session(r, date(2025, 2, 1), 50, "phone", "advocacy", note=f"{MARK} said")
        ),
        "create",
        "session",
        (),
    ),
    "update session": (_update_session, "change", "session", ("duration_minutes", "note")),
    "consent": (
        lambda s, r: s.cases.record_consent(
            ConsentRecord(
                r, "referral_named_agencies", "given", date(2025, 2, 1), "verbal", scope=MARK
            )
        ),
        "create",
        "consent",
        (),
    ),
    "task": (
        lambda s, r: s.cases.add_task(Task(date(2025, 3, 1), f"Call {MARK}", case_reference=r)),
        "create",
        "task",
        (),
    ),
    "open": (lambda s, r: s.cases.get(r) and None, "open", "case", ()),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_case_write_is_audited_by_field_never_by_value(
    admin_session: VaultSession, name: str
) -> None:
    write, action, entity, fields = WRITES[name]
    ref = _opened(admin_session)
    before = audit_count(admin_session)
    write(admin_session, ref)
    new = _entries_since(admin_session, before)
    last = new[-1]
    assert (last.actor, last.action, last.entity, last.case_ref) == (ADMIN, action, entity, ref)
    assert last.fields == fields
    assert MARK not in _raw_log(admin_session)
    assert admin_session.audit.verify().ok


def test_opening_a_case_is_audited(admin_session: VaultSession) -> None:
    ref = _opened(admin_session)
    created = _entries_since(admin_session, 0)[-2:]
    assert [(e.action, e.entity) for e in created] == [("create", "survivor"), ("create", "case")]
    assert created[1].entity_ref == ref
    cw = as_user(admin_session, "cw")
    admin_session.cases.allocate(ref, "cw")
    before = audit_count(admin_session)
    cw.cases.get(ref)
    [entry] = _entries_since(admin_session, before)
    assert (entry.actor, entry.action, entry.case_ref, entry.entity_ref) == ("cw", "open", ref, ref)
    assert MARK not in _raw_log(admin_session)


def test_a_refused_or_invalid_write_leaves_no_entry(admin_session: VaultSession) -> None:
    ref = _opened(admin_session)
    before = audit_count(admin_session)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw").cases.get(ref)
    with pytest.raises(Exception, match="Duration"):
        admin_session.cases.log_session(Session(ref, date(2025, 2, 1), 0, "phone", "advocacy"))
    assert audit_count(admin_session) == before


USER_WRITES: dict[str, tuple[Write, str, tuple[str, ...]]] = {
    "add": (
        lambda s, _: s.accounts.add("newbie", f"{MARK} Name", ("isva",), f"{MARK} pass phrase"),
        "create",
        ("roles",),
    ),
    "set roles": (
        lambda s, _: s.accounts.set_roles("cw", ("isva", "manager")),
        "change",
        ("roles",),
    ),
    "deactivate": (lambda s, _: s.accounts.deactivate("cw"), "deactivate", ("active",)),
    "reset": (
        lambda s, _: s.accounts.reset_passphrase("cw", f"{MARK} new phrase"),
        "reset_passphrase",
        ("passphrase",),
    ),
}


@pytest.mark.parametrize("name", list(USER_WRITES))
def test_each_account_change_is_audited_without_values(
    admin_session: VaultSession, name: str
) -> None:
    write, action, fields = USER_WRITES[name]
    before = audit_count(admin_session)
    write(admin_session, "")
    entries = _entries_since(admin_session, before)
    keys = [e for e in entries if e.action == "register_key"]
    [entry] = [e for e in entries if e.action != "register_key"]
    if name in ("add", "reset"):  # new keys for the user, brought in by the administrator
        [key] = keys
        assert (key.actor, key.entity) == (ADMIN, "signing_key")
        assert (key.entity_ref or "").split("/")[0] == entry.entity_ref
    else:
        assert not keys
    assert (entry.actor, entry.action, entry.entity, entry.fields) == (
        ADMIN,
        action,
        "user",
        fields,
    )
    assert entry.entity_ref in ("cw", "newbie")
    assert MARK not in _raw_log(admin_session)


def test_changing_ones_own_passphrase_is_audited(staffed_dir: Path, access: VaultAccess) -> None:
    with access.unlock(staffed_dir, "cw", passphrase_of("cw")) as cw:
        before = audit_count(cw)
        with pytest.raises(CredentialsNotRecognised):
            cw.change_passphrase("cw", "not the passphrase", f"{MARK} new phrase")
        assert audit_count(cw) == before  # the failed attempt rolled back
        cw.change_passphrase("cw", passphrase_of("cw"), f"{MARK} new phrase")
        entry, key = _entries_since(cw, before)
        assert (entry.actor, entry.action, entry.entity_ref) == ("cw", "change_passphrase", "cw")
        # New keys come with the new passphrase, registered (and signed) with the old ones.
        assert (key.actor, key.action) == ("cw", "register_key")
        assert key.entity_ref == f"cw/{cw.vault.user_keys.public.key_id}"
        assert cw.audit.verify().ok
        assert MARK not in _raw_log(cw)


def test_login_and_lock_are_audited(staffed_dir: Path, access: VaultAccess) -> None:
    session = access.unlock(staffed_dir, "isva", passphrase_of("isva"))
    before = audit_count(session)
    assert _entries_since(session, before - 1)[0].action == "login"
    assert _entries_since(session, before - 1)[0].actor == "isva"
    session.lock()
    with access.unlock(staffed_dir, ADMIN, ADMIN_PASSPHRASE) as again:
        lock, login = _entries_since(again, before)
        assert (lock.actor, lock.action, lock.entity) == ("isva", "lock", "vault")
        assert (login.actor, login.action) == (ADMIN, "login")


def test_failed_unlocks_are_noted_outside_then_logged_at_the_next_unlock(
    staffed_dir: Path, access: VaultAccess
) -> None:
    typed_name = "hunter2-typed-by-mistake"
    wrong = "definitely the wrong passphrase"
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, "CW", wrong)
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, typed_name, wrong)
    noted = staffed_dir / failed_logins.FILE_NAME
    text = noted.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2
    for secret in ("cw", "CW", typed_name, wrong):
        assert secret not in text
    assert noted.stat().st_mode & 0o077 == 0

    with access.unlock(staffed_dir, ADMIN, ADMIN_PASSPHRASE) as session:
        entries = session.ctx.audit.recent(3)
        failed = sorted((e for e in entries if e.action == "failed_login"), key=lambda e: e.seq)
        assert {e.actor for e in failed} == {"unlock screen (unauthenticated)"}
        assert sorted(e.entity_ref or "" for e in failed) == ["an unknown user name", "cw"]
        assert all(e.fields[0] == "count=1" for e in failed)
        assert entries[0].action == "login"
        log = _raw_log(session)
        assert typed_name not in log and wrong not in log
        assert session.audit.verify().ok
    assert not noted.exists()


# --- the chain under tampering ----------------------------------------------------------------


def _busy_log(session: VaultSession) -> int:
    """A few more entries; returns how many the log holds."""
    ref = _opened(session)
    session.cases.get(ref)
    session.cases.allocate(ref, "cw")
    session.cases.get(ref)
    return audit_count(session)


def _swap(session: VaultSession, a: int, b: int) -> None:
    conn = session.vault.connection
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?", (a,))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (a, b))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = -1", (b,))


def _sql(statement: str, *params: object) -> Callable[[VaultSession, int], None]:
    return lambda s, _n: s.vault.connection.execute(statement, params) and None


TAMPERING: dict[str, tuple[Callable[[VaultSession, int], None], Callable[[int], int]]] = {
    # name: (what is done with the raw connection, given the entry count; first broken entry)
    "edit actor": (_sql("UPDATE audit_log SET actor = 'mgr' WHERE seq = 4"), lambda n: 4),
    "edit action": (_sql("UPDATE audit_log SET action = 'open' WHERE seq = 5"), lambda n: 5),
    "edit fields": (_sql("UPDATE audit_log SET fields = '[]' WHERE seq = ?", 7), lambda n: 7),
    "edit time": (_sql("UPDATE audit_log SET at = '2020-01-01' WHERE seq = 3"), lambda n: 3),
    "delete first": (_sql("DELETE FROM audit_log WHERE seq = 1"), lambda n: 1),
    "delete middle": (_sql("DELETE FROM audit_log WHERE seq = 5"), lambda n: 5),
    "reorder": (lambda s, _n: _swap(s, 4, 6), lambda n: 4),
    "delete last": (lambda s, n: _sql("DELETE FROM audit_log WHERE seq = ?", n)(s, n), lambda n: n),
    "delete last three": (
        lambda s, n: _sql("DELETE FROM audit_log WHERE seq > ?", n - 3)(s, n),
        lambda n: n - 2,
    ),
    "delete everything": (_sql("DELETE FROM audit_log"), lambda n: 1),
    "replace a mac with the next one's": (
        _sql("UPDATE audit_log SET mac = (SELECT mac FROM audit_log WHERE seq = 6) WHERE seq = 5"),
        lambda n: 5,
    ),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_tampering_with_the_chain_is_detected(admin_session: VaultSession, name: str) -> None:
    tamper, first_broken = TAMPERING[name]
    count = _busy_log(admin_session)
    assert count >= 9
    assert admin_session.audit.verify().ok
    tamper(admin_session, count)
    report = admin_session.audit.verify()
    assert not report.ok
    assert report.first_broken == first_broken(count)
    assert f"entry {first_broken(count)}" in report.reason or (
        f"after {first_broken(count) - 1}" in report.reason
    )
    check = {item.name: item for item in admin_session.check().items}["audit log"]
    assert not check.ok and check.detail == report.reason


def _run_check(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SURVIVORAPP_PASSPHRASE": ADMIN_PASSPHRASE,
        "SURVIVORAPP_HOME": str(home),
        "PYTHONPATH": str(REPO_ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "survivorapp", "check", "--vault", str(folder), "--user", ADMIN],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("name", "broken"), [("edit actor", "entry 4 was altered"), ("reorder", "entry 4 was altered")]
)
def test_survivorapp_check_names_the_first_broken_entry(
    admin_session: VaultSession, staffed_dir: Path, tmp_path: Path, name: str, broken: str
) -> None:
    tamper, _ = TAMPERING[name]
    tamper(admin_session, _busy_log(admin_session))
    admin_session.lock()
    result = _run_check(staffed_dir, tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
    assert "FAIL  audit log" in result.stdout


def test_survivorapp_check_notices_entries_removed_from_the_end(
    admin_session: VaultSession, staffed_dir: Path, tmp_path: Path
) -> None:
    count = _busy_log(admin_session)
    admin_session.vault.connection.execute("DELETE FROM audit_log WHERE seq > ?", (count - 2,))
    admin_session.lock()  # appends a 'lock' entry after the gap
    result = _run_check(staffed_dir, tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"entry {count - 1} is missing" in result.stdout


def test_survivorapp_check_passes_an_intact_vault(staffed_dir: Path, tmp_path: Path) -> None:
    result = _run_check(staffed_dir, tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chain intact" in result.stdout


# --- per-case history -------------------------------------------------------------------------


def test_case_history_lists_who_opened_and_changed_it(admin_session: VaultSession) -> None:
    ref = _opened(admin_session)
    other = _opened(admin_session)
    admin_session.cases.allocate(ref, "cw")
    cw = as_user(admin_session, "cw")
    cw.cases.get(ref)
    cw.cases.log_session(Session(ref, date(2025, 2, 1), 30, "phone", "advocacy"))
    admin_session.cases.get(other)

    history = as_user(admin_session, "mgr").cases.history(ref)
    assert [(e.actor, e.action, e.entity) for e in history] == [
        ("cw", "create", "session"),
        ("cw", "open", "case"),
        (ADMIN, "allocate", "case"),
        (ADMIN, "create", "case"),
    ]
    assert {e.case_ref for e in history} == {ref}
    assert as_user(admin_session, "adm").cases.history(ref) == history
    for frontline in ("cw", "isva"):
        with pytest.raises(PermissionDenied):
            as_user(admin_session, frontline).cases.history(ref)


def test_only_admins_read_the_whole_log(admin_session: VaultSession) -> None:
    assert as_user(admin_session, "adm").audit.recent(5)
    for user in ("mgr", "cw"):
        with pytest.raises(PermissionDenied):
            as_user(admin_session, user).audit.recent(5)
    assert as_user(admin_session, "cw").audit.verify().ok
