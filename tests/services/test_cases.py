"""Case services end to end on real vaults: opening, validation, changes, the records of a
case, the caseload's last contact, full-text search, drafts and staff accounts."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.session import Session
from survivorapp.domain.task import Task
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.context import NotFound, ValidationFailed
from survivorapp.services.permissions import PermissionDenied
from survivorapp.vault.errors import CredentialsNotRecognised
from tests.services.conftest import (
    REFERRAL,
    as_user,
    audit_count,
    case,
    passphrase_of,
    survivor,
)
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE

REPO_ROOT = Path(__file__).resolve().parents[2]


def _counts(session: VaultSession) -> tuple[int, ...]:
    conn = session.vault.connection
    return tuple(
        int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("survivors", "cases", "sessions", "audit_log", "search_index")
    )


def _last_contact(session: VaultSession, ref: str) -> str | None:
    return session.cases.get(ref).case.__dict__ and next(
        r.last_contact_date
        for r in session.cases.caseload_rows(session.cases.caseload_ids())
        if r.reference == ref
    )


# --- opening cases ----------------------------------------------------------------------------


def test_new_cases_get_the_next_references(admin_session: VaultSession) -> None:
    first = admin_session.cases.open_new_case(survivor(name="Alex"), case())
    second = admin_session.cases.open_new_case(survivor(), case(service_line="counselling"))
    again = admin_session.cases.open_case_for(first.survivor_reference, case())
    assert (first.reference, first.survivor_reference) == ("C-000001", "S-000001")
    assert (second.reference, second.survivor_reference) == ("C-000002", "S-000002")
    assert (again.reference, again.survivor_reference) == ("C-000003", "S-000001")
    detail = admin_session.cases.get("C-000003")
    assert detail.survivor.name == "Alex"
    assert detail.case.status == "waiting" and detail.case.allocated_worker is None
    assert first.id is not None


def test_invalid_records_raise_readable_problems_and_write_nothing(
    admin_session: VaultSession,
) -> None:
    before = _counts(admin_session)
    with pytest.raises(ValidationFailed) as bad_survivor:
        admin_session.cases.open_new_case(survivor(birth_year=1850, name="  "), case())
    fields = {p.field for p in bad_survivor.value.problems}
    assert fields == {"birth_year", "name"}
    assert "1900" in bad_survivor.value.user_message
    with pytest.raises(ValidationFailed) as bad_case:
        admin_session.cases.open_new_case(survivor(name="Kept?"), case(status="closed"))
    assert {p.field for p in bad_case.value.problems} == {"closure_date", "closure_reason"}
    assert all(p.message.endswith(".") for p in bad_case.value.problems)
    assert _counts(admin_session) == before  # the survivor inserted first was rolled back

    ref = admin_session.cases.open_new_case(survivor(), case()).reference
    before = _counts(admin_session)
    detail = admin_session.cases.get(ref)
    before = _counts(admin_session)
    with pytest.raises(ValidationFailed):
        admin_session.cases.update_case(
            dataclasses.replace(detail.case, referral_date=date(2999, 1, 1))
        )
    with pytest.raises(ValidationFailed):
        admin_session.cases.log_session(Session(ref, REFERRAL, 999, "phone", "advocacy"))
    with pytest.raises(ValidationFailed):
        admin_session.cases.record_consent(
            ConsentRecord(ref, "referral_named_agencies", "given", REFERRAL, "verbal")
        )
    with pytest.raises(ValidationFailed):
        admin_session.cases.add_task(Task(REFERRAL, "   ", case_reference=ref))
    assert _counts(admin_session) == before
    assert admin_session.cases.get(ref).case == detail.case


def test_a_frontline_workers_new_case_is_allocated_to_them(admin_session: VaultSession) -> None:
    isva = as_user(admin_session, "isva")
    opened = isva.cases.open_new_case(survivor(known_as="Jo"), case())
    assert opened.allocated_worker == "isva"
    assert opened.status == "active" and opened.allocation_date == REFERRAL
    assert isva.cases.get(opened.reference).case.allocated_worker == "isva"
    assert admin_session.cases.open_new_case(survivor(), case()).allocated_worker is None


def test_only_a_manager_opens_a_case_for_someone_else(admin_session: VaultSession) -> None:
    cw = as_user(admin_session, "cw")
    before = _counts(admin_session)
    with pytest.raises(PermissionDenied):
        cw.cases.open_new_case(
            survivor(), case(allocated_worker="cw2", status="active", allocation_date=REFERRAL)
        )
    assert _counts(admin_session) == before
    own = cw.cases.open_new_case(
        survivor(), case(allocated_worker="CW", status="active", allocation_date=REFERRAL)
    )
    assert cw.cases.get(own.reference).case.reference == own.reference
    managed = admin_session.cases.open_new_case(
        survivor(), case(allocated_worker="cw2", status="active", allocation_date=REFERRAL)
    )
    assert as_user(admin_session, "cw2").cases.get(managed.reference)
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "adm").cases.open_new_case(survivor(), case())


def test_a_restricted_survivor_cannot_be_reopened_by_someone_not_named(
    admin_session: VaultSession,
) -> None:
    opened = admin_session.cases.open_new_case(survivor(), case())
    admin_session.cases.restrict(opened.reference, [])
    with pytest.raises(NotFound):
        as_user(admin_session, "mgr").cases.open_case_for(opened.survivor_reference, case())
    assert admin_session.cases.open_case_for(opened.survivor_reference, case()).reference


def test_update_survivor_records_the_changed_fields(admin_session: VaultSession) -> None:
    ref = admin_session.cases.open_new_case(survivor(name="Alex"), case()).reference
    old = admin_session.cases.get(ref).survivor
    new = dataclasses.replace(
        old,
        known_as="Al",
        ethnicity=Unanswered.DECLINED,
        vulnerabilities=("homeless_insecure_housing",),
    )
    before = audit_count(admin_session)
    admin_session.cases.update_survivor(ref, new)
    entry = admin_session.ctx.audit.recent(1)[0]
    assert entry.seq == before + 1
    assert entry.fields == ("ethnicity", "known_as", "vulnerabilities")
    assert admin_session.cases.get(ref).survivor == new
    assert [r.reference for r in admin_session.cases.search("al")] == [ref]
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "cw").cases.update_survivor(ref, new)


# --- the records of a case --------------------------------------------------------------------


def test_records_round_trip_through_get(admin_session: VaultSession) -> None:
    opened = admin_session.cases.open_new_case(survivor(), case())
    ref = opened.reference
    cases = admin_session.cases
    incident = cases.add_incident(
        Incident(
            ref,
            is_presenting=True,
            types=("rape", "sexual_assault"),
            incident_date=date(2024, 12, 1),
            recent_band=Unanswered.UNKNOWN,
            domestic_abuse_related=True,
            perpetrator_count=1,
            perpetrators=(Perpetrator(relationship=Unanswered.DECLINED, sex="male"),),
        )
    )
    consent = cases.record_consent(
        ConsentRecord(ref, "support", "given", REFERRAL, "verbal", recorded_by="someone")
    )
    withdrawn = cases.record_consent(
        ConsentRecord(ref, "share_police_cjs", "withdrawn", date(2025, 1, 20), "written")
    )
    early = cases.add_task(Task(date(2025, 2, 1), "Call back", case_reference=ref))
    late = cases.add_task(Task(date(2025, 1, 12), "Send leaflet", case_reference=ref, done=True))
    contact = SafeContact(
        opened.survivor_reference,
        channels=(
            ChannelPreference("phone", "safe", "weekdays after 6pm"),
            ChannelPreference("post", "not_safe"),
        ),
        code_word="bluebird",
        never_contact_via=("post",),
    )
    cases.set_safe_contact(ref, contact)
    logged = cases.log_session(
        Session(ref, REFERRAL, 45, "in_person", "needs_assessment", start_time=time(10, 30))
    )

    detail = cases.get(ref)
    assert detail.incidents == (incident,)
    assert detail.consents == (consent, dataclasses.replace(withdrawn, recorded_by=ADMIN))
    assert consent.recorded_by == "someone"
    assert detail.tasks == (late, early)  # by due date
    assert detail.safe_contact is not None
    assert dataclasses.replace(detail.safe_contact, id=None) == contact
    assert "post" in detail.safe_contact_summary.lower()
    assert detail.session_count == 1
    assert cases.session_list(ref) == [dataclasses.replace(logged, worker=ADMIN)]

    changed = dataclasses.replace(detail.safe_contact, code_word="robin")
    cases.set_safe_contact(ref, changed)
    assert cases.get(ref).safe_contact == changed


def test_sessions_come_newest_first(admin_session: VaultSession) -> None:
    ref = admin_session.cases.open_new_case(survivor(), case()).reference
    log = admin_session.cases.log_session
    a = log(Session(ref, date(2025, 2, 1), 30, "phone", "advocacy", start_time=time(9)))
    b = log(Session(ref, date(2025, 3, 1), 30, "phone", "advocacy"))
    c = log(Session(ref, date(2025, 2, 1), 30, "phone", "advocacy", start_time=time(14)))
    d = log(Session(ref, date(2025, 1, 20), 30, "video", "advocacy"))
    assert [s.id for s in admin_session.cases.session_list(ref)] == [b.id, c.id, a.id, d.id]
    assert [s.id for s in admin_session.cases.session_list(ref, limit=2)] == [b.id, c.id]


def test_last_contact_date_follows_the_sessions(admin_session: VaultSession) -> None:
    ref = admin_session.cases.open_new_case(survivor(), case()).reference
    assert _last_contact(admin_session, ref) is None
    log = admin_session.cases.log_session
    feb = log(Session(ref, date(2025, 2, 1), 30, "phone", "advocacy"))
    march = log(Session(ref, date(2025, 3, 1), 30, "phone", "advocacy"))
    log(Session(ref, date(2025, 1, 15), 30, "phone", "advocacy"))
    assert _last_contact(admin_session, ref) == "2025-03-01"
    admin_session.cases.update_session(dataclasses.replace(march, session_date=date(2025, 1, 20)))
    assert _last_contact(admin_session, ref) == "2025-02-01"
    with admin_session.ctx.write():
        admin_session.cases.sessions.delete(feb.id or 0)
    assert _last_contact(admin_session, ref) == "2025-01-20"
    with admin_session.ctx.write() as conn:
        conn.execute("DELETE FROM sessions WHERE case_reference = ?", (ref,))
    assert _last_contact(admin_session, ref) is None


def test_a_session_cannot_be_moved_to_another_case(admin_session: VaultSession) -> None:
    one = admin_session.cases.open_new_case(survivor(), case()).reference
    two = admin_session.cases.open_new_case(survivor(), case()).reference
    logged = admin_session.cases.log_session(Session(one, REFERRAL, 30, "phone", "advocacy"))
    with pytest.raises(NotFound):
        admin_session.cases.update_session(dataclasses.replace(logged, case_reference=two))


def test_writes_to_someone_elses_case_are_refused(admin_session: VaultSession) -> None:
    ref = admin_session.cases.open_new_case(survivor(), case()).reference
    cw = as_user(admin_session, "cw")
    before = _counts(admin_session)
    for write in (
        lambda: cw.cases.log_session(Session(ref, REFERRAL, 30, "phone", "advocacy")),
        lambda: cw.cases.add_incident(Incident(ref)),
        lambda: cw.cases.record_consent(ConsentRecord(ref, "support", "given", REFERRAL, "verbal")),
        lambda: cw.cases.add_task(Task(REFERRAL, "x", case_reference=ref)),
        lambda: cw.cases.set_safe_contact(ref, SafeContact("S-000001")),
        lambda: cw.drafts.save("note", ref, "typed"),
    ):
        with pytest.raises(PermissionDenied):
            write()
    assert _counts(admin_session) == before


# --- search -----------------------------------------------------------------------------------


@pytest.fixture
def searchable(admin_session: VaultSession) -> dict[str, str]:
    cases = admin_session.cases
    refs = {
        "alice": cases.open_new_case(survivor(name="Alice Smith", known_as="Ally"), case()),
        "bea": cases.open_new_case(survivor(name="Beatriz Núñez"), case()),
        "cw": cases.open_new_case(
            survivor(known_as="Carol"),
            case(allocated_worker="cw", status="active", allocation_date=REFERRAL),
        ),
    }
    out = {k: v.reference for k, v in refs.items()}
    cases.log_session(
        Session(out["bea"], REFERRAL, 30, "phone", "court_support", note="Tribunal on Tuesday")
    )
    return out


def _found(session: VaultSession, text: str) -> set[str]:
    return {row.reference for row in session.cases.search(text)}


def test_search_matches_names_references_and_notes_by_prefix(
    admin_session: VaultSession, searchable: dict[str, str]
) -> None:
    s = admin_session
    assert _found(s, "ali") == {searchable["alice"]}
    assert _found(s, "ALICE sm") == {searchable["alice"]}
    assert _found(s, "ally") == {searchable["alice"]}
    assert _found(s, "nunez") == {searchable["bea"]}  # diacritics folded
    assert _found(s, "trib") == {searchable["bea"]}  # a session note
    assert _found(s, "tuesday tribunal") == {searchable["bea"]}
    assert _found(s, searchable["cw"]) == {searchable["cw"]}
    assert _found(s, "S-00000") == set(searchable.values())
    assert _found(s, "alice carol") == set()  # every word must match
    assert _found(s, "?!") == set()


def test_search_follows_edits(admin_session: VaultSession, searchable: dict[str, str]) -> None:
    ref = searchable["alice"]
    old = admin_session.cases.get(ref).survivor
    admin_session.cases.update_survivor(ref, dataclasses.replace(old, name="Dana", known_as=None))
    assert _found(admin_session, "alice") == set()
    assert _found(admin_session, "dana") == {ref}
    [note] = admin_session.cases.session_list(searchable["bea"])
    admin_session.cases.update_session(dataclasses.replace(note, note="Hearing moved"))
    assert _found(admin_session, "tribunal") == set()
    assert _found(admin_session, "hearing") == {searchable["bea"]}


def test_search_respects_permissions(
    admin_session: VaultSession, searchable: dict[str, str]
) -> None:
    cw = as_user(admin_session, "cw")
    assert _found(cw, "S-0000") == {searchable["cw"]}
    assert _found(cw, "alice") == set()
    assert _found(cw, "tribunal") == set()
    assert _found(as_user(admin_session, "adm"), "carol") == set()
    admin_session.cases.restrict(searchable["bea"], [])
    assert _found(as_user(admin_session, "mgr"), "tribunal") == set()
    assert _found(admin_session, "tribunal") == {searchable["bea"]}


NASTY = [
    '"',
    '""',
    "'",
    "*",
    "**",
    "ali*",
    "NEAR",
    "NEAR(alice carol)",
    "NEAR/2",
    "-",
    "-alice",
    "alice -smith",
    "AND",
    "OR",
    "NOT",
    "alice OR",
    "(",
    ")",
    "^",
    ":",
    "name:alice",
    "{content}: x",
    'a"b',
    "\x00",
    "\\",
    "%_",
    "😀",
    "a" * 5000,
    " ".join(["w"] * 100),
]


def test_search_never_raises_on_special_characters(
    admin_session: VaultSession, searchable: dict[str, str]
) -> None:
    for text in NASTY:
        admin_session.cases.search(text)
    assert _found(admin_session, "ali*") == {searchable["alice"]}
    assert _found(admin_session, '"alice"') == {searchable["alice"]}
    assert _found(admin_session, "NEAR(alice)") == set()  # 'near' is just a word to find

    @settings(max_examples=150, deadline=None)
    @given(st.text(max_size=40))
    def never_raises(text: str) -> None:
        admin_session.cases.search(text)

    never_raises()


# --- drafts -----------------------------------------------------------------------------------


def test_drafts_save_get_list_and_discard(admin_session: VaultSession) -> None:
    ref = admin_session.cases.open_new_case(survivor(), case()).reference
    drafts = admin_session.drafts
    before = audit_count(admin_session)
    drafts.save("session-note:new", ref, "Half a sentence")
    drafts.save("session-note:new", ref, "Half a sentence, then more")
    drafts.save("free", None, "No case")
    got = drafts.get("session-note:new")
    assert got is not None and got.text == "Half a sentence, then more"
    assert [d.draft_key for d in drafts.for_case(ref)] == ["session-note:new"]
    drafts.discard("session-note:new")
    assert drafts.get("session-note:new") is None
    assert drafts.for_case(ref) == []
    assert drafts.get("free") is not None
    assert audit_count(admin_session) == before  # typing is not an audited event
    with pytest.raises(NotFound):
        drafts.save("x", "C-999999", "text")


def test_another_user_cannot_see_my_drafts(admin_session: VaultSession) -> None:
    ref = admin_session.cases.open_new_case(survivor(), case()).reference
    admin_session.cases.share(ref, "cw")
    admin_session.drafts.save("note", ref, "mine")
    cw = as_user(admin_session, "cw")
    assert cw.drafts.get("note") is None
    assert cw.drafts.for_case(ref) == []
    cw.drafts.save("note", ref, "theirs")
    cw.drafts.discard("note")
    draft = admin_session.drafts.get("note")
    assert draft is not None and draft.text == "mine"


def test_a_draft_survives_lock_and_unlock(
    admin_session: VaultSession, access: VaultAccess, staffed_dir: Path
) -> None:
    admin_session.drafts.save("note", None, "kept through a lock")
    admin_session.lock()
    with access.unlock(staffed_dir, ADMIN, ADMIN_PASSPHRASE) as again:
        draft = again.drafts.get("note")
        assert draft is not None and draft.text == "kept through a lock"


KILLED_WRITER = """
import sys, time
from pathlib import Path
from survivorapp.services.access import VaultAccess
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.support.keyring_backend import MemoryKeyring

folder, user, passphrase = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
session = VaultAccess(KeyringSecretStore(MemoryKeyring())).unlock(folder, user, passphrase)
session.drafts.save("session-note:crash", None, "typed just before the power cut")
print("saved", flush=True)
time.sleep(600)
"""


def test_a_draft_survives_a_killed_process(
    staffed_dir: Path, access: VaultAccess, tmp_path: Path
) -> None:
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(staffed_dir), "cw", passphrase_of("cw")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        cwd=REPO_ROOT,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "saved", line + (proc.stderr.read() if proc.stderr else "")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=20)
    with access.unlock(staffed_dir, "cw", passphrase_of("cw")) as session:
        draft = session.drafts.get("session-note:crash")
        assert draft is not None and draft.text == "typed just before the power cut"
        assert session.audit.verify().ok


# --- staff accounts ---------------------------------------------------------------------------


def test_only_admins_manage_accounts(admin_session: VaultSession) -> None:
    for user in ("cw", "isva", "mgr"):
        accounts = as_user(admin_session, user).accounts
        with pytest.raises(PermissionDenied):
            accounts.add("eve", "Eve", ("caseworker",), "eve has a passphrase")
        with pytest.raises(PermissionDenied):
            accounts.set_roles(user, ("admin",))
        with pytest.raises(PermissionDenied):
            accounts.deactivate("cw2")
        with pytest.raises(PermissionDenied):
            accounts.reset_passphrase("cw2", "a new passphrase here")
    assert "eve" not in admin_session.users()
    adm = as_user(admin_session, "adm").accounts
    adm.add("eve", "Eve", ("caseworker",), "eve has a passphrase")
    adm.set_roles("eve", ("isva", "isva"))
    eve = next(u for u in adm.list() if u.username == "eve")
    assert eve.roles == ("isva",) and eve.active
    with pytest.raises(ValidationFailed):
        adm.set_roles("eve", ("superuser",))
    with pytest.raises(ValidationFailed):
        adm.set_roles("eve", ())
    with pytest.raises(NotFound):
        adm.set_roles("nobody", ("isva",))
    with pytest.raises(ValidationFailed):
        adm.add("with space", "X", ("isva",), "a passphrase here")


@pytest.mark.parametrize("taken", ["cw", "CW", " cw "])
def test_a_taken_user_name_is_refused(admin_session: VaultSession, taken: str) -> None:
    slots = admin_session.users()
    with pytest.raises(ValidationFailed) as refused:
        admin_session.accounts.add(taken, "Imposter", ("manager",), "imposter passphrase")
    assert "already taken" in refused.value.user_message
    assert admin_session.users() == slots


def test_names_that_fold_together_are_one_name(
    admin_session: VaultSession, access: VaultAccess, staffed_dir: Path
) -> None:
    """Key slots compare names with casefold, so 'STRASSE' would take over 'straße''s slot."""
    admin_session.accounts.add("straße", "Anna", ("caseworker",), "anna's own passphrase")
    for other in ("STRASSE", "strasse", "Straße"):
        with pytest.raises(ValidationFailed):
            admin_session.accounts.add(other, "Imposter", ("manager",), "imposter passphrase")
    admin_session.lock()
    with access.unlock(staffed_dir, "straße", "anna's own passphrase") as anna:
        assert anna.actor.username == "straße"


def test_reset_passphrase_replaces_the_old_one(
    admin_session: VaultSession, access: VaultAccess, staffed_dir: Path
) -> None:
    admin_session.accounts.reset_passphrase("cw", "a brand new passphrase")
    admin_session.accounts.deactivate("cw2")
    with pytest.raises(ValidationFailed):
        admin_session.accounts.reset_passphrase("cw2", "bring back cw2 please")
    with pytest.raises(NotFound):
        admin_session.accounts.reset_passphrase("nobody", "a brand new passphrase")
    admin_session.lock()
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, "cw", passphrase_of("cw"))
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, "cw2", "bring back cw2 please")
    access.unlock(staffed_dir, "cw", "a brand new passphrase").lock()


def test_reset_passphrase_with_the_recovery_key(
    staffed_dir: Path, access: VaultAccess, template_vault: object
) -> None:
    recovery = template_vault.recovery_key  # type: ignore[attr-defined]
    access.reset_passphrase_with_recovery(staffed_dir, recovery, "isva", "isva's fresh phrase")
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, "isva", passphrase_of("isva"))
    with access.unlock(staffed_dir, "isva", "isva's fresh phrase") as isva:
        entry = next(e for e in isva.ctx.audit.recent(10) if e.action == "reset_passphrase")
        assert (entry.actor, entry.entity_ref) == ("recovery-key", "isva")
