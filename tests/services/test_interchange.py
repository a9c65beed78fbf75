"""Import and export of records as JSON Lines, against real vault files."""

from __future__ import annotations

import dataclasses
import itertools
import json
import stat
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.contact import SafeContact
from survivorapp.domain.incident import Incident
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter, SurvivorPosition
from survivorapp.domain.justice.support import (
    CourtSupport,
    FamilyOrder,
    FamilyProceeding,
    SpecialMeasure,
    VictimPersonalStatement,
    VictimsCodeRight,
)
from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral, ReferralStatusChange
from survivorapp.domain.referrals.waits import ReferralRecord
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.task import Task
from survivorapp.domain.waiting_list import ContactAttempt, WaitingEntry
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.interchange.lines import MAX_LINE_BYTES
from survivorapp.services.interchange.schema_messages import schema
from survivorapp.services.interchange.service import ImportRejected, InterchangeService
from survivorapp.services.permissions import PermissionDenied
from survivorapp.vault import interchange as store
from survivorapp.vault import tables as table_specs
from survivorapp.vault.errors import CredentialsNotRecognised
from survivorapp.vault.feedback import FeedbackQueries
from survivorapp.vault.interchange import InterchangeStore, Link
from survivorapp.vault.records import Repository
from survivorapp.vault.referrals import insert_generated
from survivorapp.vault.release_register import (
    NewRelease,
    ReleaseRegister,
    release_register_head,
)
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.conftest import TemplateVault
from tests.services import interchange_strategies as support
from tests.services.conftest import as_user, audit_count
from tests.strategies import ENTITY_STRATEGIES
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

ENTITIES: dict[str, type[Any]] = {
    "survivor": Survivor,
    "safe_contact": SafeContact,
    "case": Case,
    "incident": Incident,
    "session": Session,
    "consent": ConsentRecord,
    "task": Task,
    "waiting_list_entry": WaitingEntry,
    "contact_attempt": ContactAttempt,
}
SUPPORT_TYPES = (
    "waiting_list_entry",
    "contact_attempt",
    "directory_organisation",
    "referral",
    "feedback",
)
"""How the round trip holds the support records (referral histories inside their referrals,
both kinds of feedback together)."""

# --- a small, valid file to start from ---------------------------------------------------------

SURVIVOR = {"reference": "S-000001", "name": "Alex", "sex": "female", "ethnicity": "declined"}
CASE = {
    "reference": "C-000001",
    "survivor_reference": "S-000001",
    "referral_date": "2025-03-01",
    "service_line": "isva",
    "status": "waiting",
}
SESSION = {
    "case_reference": "C-000001",
    "session_date": "2025-03-05",
    "duration_minutes": 50,
    "mode": "phone",
    "kind": "emotional_support",
}


def line(kind: str, record: dict[str, Any]) -> str:
    return json.dumps({"type": kind, "record": record})


def good_lines() -> list[str]:
    return [line("survivor", SURVIVOR), line("case", CASE), line("session", SESSION)]


def write(path: Path, lines: list[str | bytes]) -> Path:
    data = b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines)
    path.write_bytes(data)
    return path


def lines_of(path: Path) -> list[str]:
    """JSON Lines split only at newlines (str.splitlines would also split at U+0085 or U+2028)."""
    return path.read_bytes().decode("utf-8").removesuffix("\n").split("\n")


def service(session: VaultSession) -> InterchangeService:
    return InterchangeService(session.ctx)


def case_count(session: VaultSession) -> int:
    return InterchangeStore(session.vault.connection).count(store.CASES)


@pytest.fixture(scope="module")
def untouched(
    template_vault: TemplateVault, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VaultSession]:
    """One empty vault, unlocked once, for the many tests that must leave it unchanged."""
    folder = copy_vault(template_vault.folder, tmp_path_factory.mktemp("untouched") / "vault")
    access = VaultAccess(KeyringSecretStore(MemoryKeyring()))
    session = access.unlock(folder, ADMIN, ADMIN_PASSPHRASE)
    yield session
    session.lock()


@pytest.fixture
def admin(vault_dir: Path, access: VaultAccess) -> Iterator[VaultSession]:
    session = access.unlock(vault_dir, ADMIN, ADMIN_PASSPHRASE)
    yield session
    session.lock()


# --- round trip ------------------------------------------------------------------------------

usernames = st.sampled_from(["admin", "cw", "Isva.1", "mgr", "ZoË"])


@st.composite
def record_sets(draw: st.DrawFn) -> dict[str, list[Any]]:
    """A coherent vault's worth of records: every reference points at a record in the set."""
    survivors = draw(
        st.lists(ENTITY_STRATEGIES["survivor"], min_size=1, max_size=4, unique_by=_ref)
    )
    people = [s.reference for s in survivors]
    cases = [
        dataclasses.replace(c, survivor_reference=draw(st.sampled_from(people)))
        for c in draw(st.lists(ENTITY_STRATEGIES["case"], max_size=4, unique_by=_ref))
    ]
    owners = draw(st.permutations(people))
    contacts = [
        dataclasses.replace(c, survivor_reference=owner)
        for c, owner in zip(
            draw(st.lists(ENTITY_STRATEGIES["safe_contact"], max_size=len(people))),
            owners,
            strict=False,
        )
    ]
    result: dict[str, list[Any]] = {
        "survivor": survivors,
        "safe_contact": contacts,
        "case": cases,
        "survivor_access": draw(_links(people)),
        "case_share": [],
        "incident": [],
        "session": [],
        "consent": [],
        "task": [],
        **{kind: [] for kind in JUSTICE_TYPES},  # their round trip: test_justice_records_...
        "directory_organisation": draw(support.directory_entries),
        **{kind: [] for kind in SUPPORT_TYPES if kind != "directory_organisation"},
    }
    if cases:
        result["waiting_list_entry"] = draw(support.waiting_entries(cases))
        result["contact_attempt"] = draw(support.contact_attempts(cases))
        result["referral"] = draw(support.referrals(cases, result["directory_organisation"]))
    result["feedback"] = draw(support.administrations(cases))
    result["release_register_entry"] = draw(support.releases())
    refs = [c.reference for c in cases]
    if refs:
        result["case_share"] = draw(_links(refs))
        for kind in ("incident", "session", "consent"):
            result[kind] = [
                dataclasses.replace(e, case_reference=draw(st.sampled_from(refs)))
                for e in draw(st.lists(ENTITY_STRATEGIES[kind], max_size=4))
            ]
    result["task"] = [
        (
            dataclasses.replace(t, case_reference=draw(st.none() | st.sampled_from(refs)))
            if refs
            else dataclasses.replace(t, case_reference=None),
            draw(st.none() | usernames),
        )
        for t in draw(st.lists(ENTITY_STRATEGIES["task"], max_size=3))
    ]
    return result


def _ref(entity: Any) -> str:
    return str(entity.reference)


def _links(refs: list[str]) -> st.SearchStrategy[list[Link]]:
    return st.lists(
        st.builds(Link, st.sampled_from(refs), usernames),
        max_size=3,
        unique_by=lambda x: (x.reference, x.username.casefold()),
    )


def fill(session: VaultSession, records: dict[str, list[Any]]) -> None:
    """Store the records straight through the vault layer, in the order they were drawn."""
    tables = {
        "survivor": store.SURVIVORS,
        "safe_contact": store.SAFE_CONTACTS,
        "case": store.CASES,
        "incident": store.INCIDENTS,
        "session": store.SESSIONS,
        "consent": store.CONSENTS,
    }
    with session.vault.transaction() as conn:
        target = InterchangeStore(conn)
        for kind, table in tables.items():
            target.insert(table, [(e, {}) for e in records[kind]])
        target.insert(store.TASKS, [(t, {"owner": owner}) for t, owner in records["task"]])
        target.insert_links(store.SURVIVOR_ACCESS, records["survivor_access"])
        target.insert_links(store.CASE_SHARES, records["case_share"])
        target.insert(store.WAITING_LIST, [(e, {}) for e in records["waiting_list_entry"]])
        target.insert(store.CONTACT_ATTEMPTS, [(e, {}) for e in records["contact_attempt"]])
        directory = Repository(conn, table_specs.DIRECTORY_ORGANISATIONS)
        ids = [directory.insert(o) for o in records["directory_organisation"]]
        insert_generated(
            conn,
            [ReferralRecord(support.linked(r, ids), r.history) for r in records["referral"]],
        )
        feedback = FeedbackQueries(conn)
        for administration in records["feedback"]:
            feedback.insert(administration, support.kind_of(administration))
        register = ReleaseRegister(conn)
        for release in records["release_register_entry"]:
            register.add(release)


def expected_counts(records: dict[str, list[Any]]) -> dict[str, int]:
    """Records per line type, as an export's header counts them."""
    counts = {k: len(v) for k, v in records.items() if k != "feedback"}
    counts["referral_status_change"] = sum(len(r.history) for r in records["referral"])
    anonymous = sum(1 for a in records["feedback"] if a.case_reference is None)
    counts["anonymous_feedback"] = anonymous
    counts["feedback_administration"] = len(records["feedback"]) - anonymous
    return counts


def parsed(path: Path) -> dict[str, Counter[Any]]:
    """What an export file holds, as entities without ids (and links), per type; keys between
    lines are followed, so a referral comes with its organisation and its history."""
    found: dict[str, Counter[Any]] = {}
    organisations: dict[str, DirectoryOrganisation] = {}
    referrals: dict[str, tuple[Referral, DirectoryOrganisation | None, list[Any]]] = {}
    for text in lines_of(path)[1:]:
        value = json.loads(text)
        kind, record = value["type"], dict(value["record"])
        if kind in ("case_share", "survivor_access"):
            item: Any = Link(*record.values())
        elif kind == "task":
            owner = record.pop("owner")
            item = (Task.from_record(record), owner)
        elif kind == "directory_organisation":
            key = record.pop("organisation_key")
            item = organisations[key] = DirectoryOrganisation.from_record(record)
        elif kind == "referral":
            named = record.pop("organisation_key")
            referral = Referral.from_record(
                {k: v for k, v in record.items() if k != "referral_key"}
            )
            referrals[record["referral_key"]] = (referral, organisations.get(named), [])
            continue
        elif kind == "referral_status_change":
            key = record.pop("referral_key")
            referrals[key][2].append(ReferralStatusChange.from_record(record))
            continue
        elif kind == "release_register_entry":
            for field in ("previous_hash", "entry_hash"):
                record.pop(field)
            item = _release(record)
        elif kind in ("feedback_administration", "anonymous_feedback"):
            kind, item = "feedback", _canonical(Administration.from_record(record))
        else:
            item = ENTITIES[kind].from_record(record)
        found.setdefault(kind, Counter())[item] += 1
    for referral, organisation, history in referrals.values():
        found.setdefault("referral", Counter())[(referral, organisation, tuple(history))] += 1
    return found


def _release(record: dict[str, Any]) -> NewRelease:
    dates = {k: date.fromisoformat(record[k]) for k in ("period_start", "period_end")}
    moment = datetime.fromisoformat(record["released_at"])
    return NewRelease(**{**record, **dates, "released_at": moment})


def without_ids(records: dict[str, list[Any]]) -> dict[str, Counter[Any]]:
    def strip(item: Any) -> Any:
        if isinstance(item, tuple):
            return (dataclasses.replace(item[0], id=None), item[1])
        return dataclasses.replace(item, id=None) if hasattr(item, "id") else item

    directory = records["directory_organisation"]
    flat = {k: v for k, v in records.items() if k not in ("referral", "feedback")}
    found = {kind: Counter(map(strip, items)) for kind, items in flat.items() if items}
    if records["referral"]:
        found["referral"] = Counter(
            (
                r.referral,
                None if r.organisation is None else directory[r.organisation],
                r.history,
            )
            for r in records["referral"]
        )
    if records["feedback"]:
        found["feedback"] = Counter(map(_canonical, records["feedback"]))
    return found


def _canonical(administration: Administration) -> str:
    """An administration as comparable text (its answers and scores are mappings, so it has no
    hash); 15 and 15.0 are one score, as the vault's NUMERIC column stores them."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    record = plain(dataclasses.replace(administration, id=None).to_record())
    return json.dumps(record, sort_keys=True)


CASE_TABLES = (
    "release_register",
    "feedback_administrations",
    "referral_status_changes",
    "referrals",
    "directory_organisations",
    "contact_attempts",
    "waiting_list",
    "tasks",
    "consents",
    "sessions",
    "incidents",
    "case_shares",
    "cases",
    "safe_contacts",
    "survivor_access",
    "survivors",
)


def empty(session: VaultSession) -> None:
    """Remove every case record, so one unlocked vault serves many examples (the KDF is slow)."""
    with session.vault.transaction() as conn:
        for table in CASE_TABLES:
            conn.execute(f"DELETE FROM {table}")


@pytest.fixture
def vault_pair(
    template_vault: TemplateVault, access: VaultAccess, tmp_path: Path
) -> Iterator[tuple[VaultSession, VaultSession]]:
    a = access.unlock(copy_vault(template_vault.folder, tmp_path / "a"), ADMIN, ADMIN_PASSPHRASE)
    b = access.unlock(copy_vault(template_vault.folder, tmp_path / "b"), ADMIN, ADMIN_PASSPHRASE)
    yield a, b
    a.lock()
    b.lock()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=record_sets())
def test_export_import_export_round_trips(
    records: dict[str, list[Any]],
    vault_pair: tuple[VaultSession, VaultSession],
    tmp_path: Path,
) -> None:
    a, b = vault_pair
    empty(a)
    empty(b)
    run = next(_runs)
    first, second = tmp_path / f"a{run}.jsonl", tmp_path / f"b{run}.jsonl"
    fill(a, records)
    service(a).export_records(first, ADMIN_PASSPHRASE)
    assert [str(p) for p in service(b).validate_file(first)] == []
    counts = service(b).import_file(first)
    service(b).export_records(second, ADMIN_PASSPHRASE)

    assert counts == expected_counts(records)
    assert lines_of(first)[1:] == lines_of(second)[1:]
    assert parsed(first) == without_ids(records)
    assert release_register_head(b.vault.connection) == release_register_head(a.vault.connection)
    whole = jsonschema.Draft202012Validator(schema())
    for text in lines_of(first):
        whole.validate(json.loads(text))


_runs = itertools.count()

JUSTICE_TYPES = (
    "justice_matter",
    "justice_event",
    "survivor_position",
    "special_measure",
    "victim_personal_statement",
    "court_support",
    "victims_code_right",
    "family_proceeding",
)


def test_justice_records_round_trip_with_their_keys(
    vault_pair: tuple[VaultSession, VaultSession], tmp_path: Path
) -> None:
    """Matters and events refer to each other by id; the file carries keys and import remaps
    them, so a subject-access export holds the whole journey and imports elsewhere intact."""
    a, b = vault_pair
    for vault in (b, a):  # b already holds a matter, so ids differ between the vaults
        made = vault.cases.open_new_case(Survivor(reference="", name="Kit"), _justice_case())
        first = vault.justice.add_matter(JusticeMatter(made.reference, label="First"))
    second = a.justice.add_matter(JusticeMatter(made.reference, crime_reference="01/1/25"))
    day = date(2025, 4, 1)
    wrong = a.justice.record_event(JusticeEvent(second.id, "reported_to_police", day, "police"))
    a.justice.record_event(JusticeEvent(first.id, "reported_to_police", day, "survivor"))
    assert wrong.id is not None
    a.justice.correct_event(wrong.id, JusticeEvent(None, "reported_to_police", day, "survivor"))
    a.justice.record_event(
        JusticeEvent(
            second.id, "trial_listed", day, "court", hearing_date=date(2026, 1, 5), court="Harrow"
        )
    )
    a.justice.record_position(SurvivorPosition(second.id, "undecided", day, "note"))
    a.justice.set_special_measure(SpecialMeasure(second.id, "screens", "requested", day))
    a.justice.save_vps(VictimPersonalStatement(second.id, offered_on=day))
    a.justice.save_court_support(CourtSupport(first.id, witness_service_referred_on=day))
    a.justice.set_victims_code_right(
        VictimsCodeRight(made.reference, "crime_recorded", "delivered", day)
    )
    a.justice.add_family_proceeding(
        FamilyProceeding(
            made.reference,
            "child_arrangements",
            "Central Family Court",
            (date(2026, 2, 1),),
            (FamilyOrder("Interim order", date(2026, 8, 1)),),
        )
    )
    out, again = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    counts = service(a).export_records(out, ADMIN_PASSPHRASE)
    empty(b)
    assert service(b).import_file(out) == counts
    service(b).export_records(again, ADMIN_PASSPHRASE)

    assert lines_of(out)[1:] == lines_of(again)[1:]
    assert {kind: counts[kind] for kind in JUSTICE_TYPES} == dict.fromkeys(JUSTICE_TYPES, 1) | {
        "justice_matter": 2,
        "justice_event": 4,
    }
    records = [json.loads(x) for x in lines_of(out)]
    events = [r["record"] for r in records if r["type"] == "justice_event"]
    assert [e["event_key"] for e in events] == ["E-1", "E-2", "E-3", "E-4"]
    assert [e["matter_key"] for e in events] == ["M-1", "M-2", "M-2", "M-2"]
    assert events[2]["supersedes_key"] == "E-2" and "id" not in events[2]
    whole = jsonschema.Draft202012Validator(schema())
    for value in records:
        whole.validate(value)
    assert a.justice.journey(made.reference) == b.justice.journey(made.reference) or (
        _without_ids(a.justice.journey(made.reference))
        == _without_ids(b.justice.journey(made.reference))
    )


def _justice_case() -> Case:
    return Case(
        reference="",
        survivor_reference="",
        referral_date=date(2025, 3, 1),
        service_line="isva",
        status="waiting",
    )


def _without_ids(journey: Any) -> Any:
    """A journey's records with ids (and the ids they refer to) shown as positions."""
    matters = {m.matter.id: n for n, m in enumerate(journey.matters)}
    events = {e.id: n for m in journey.matters for n, e in enumerate(m.events)}
    return [
        (
            dataclasses.replace(m.matter, id=None),
            [
                dataclasses.replace(
                    e, id=None, matter_id=matters[e.matter_id], supersedes=events.get(e.supersedes)
                )
                for e in m.events
            ],
            [dataclasses.replace(p, id=None, matter_id=None) for p in m.positions],
        )
        for m in journey.matters
    ]


def test_justice_lines_name_a_matter_earlier_in_the_file(
    untouched: VaultSession, tmp_path: Path
) -> None:
    matter = {"case_reference": "C-000001", "matter_key": "M-1"}
    event = {
        "matter_key": "M-2",
        "event_key": "E-1",
        "event_type": "reported_to_police",
        "event_date": "2025-03-02",
        "informed_by": "police",
        "supersedes_key": "E-9",
    }
    path = write(
        tmp_path / "keys.jsonl",
        [*good_lines(), line("justice_matter", matter), line("justice_event", event)],
    )
    problems = service(untouched).validate_file(path)
    assert {(p.line, p.field) for p in problems} == {
        (5, "record.matter_key"),
        (5, "record.supersedes_key"),
    }


def test_export_file_is_private_ordered_and_audited(admin: VaultSession, tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", good_lines())
    assert service(admin).import_file(source)["case"] == 1
    out = tmp_path / "export.jsonl"
    counts = service(admin).export_records(out, ADMIN_PASSPHRASE)

    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = [json.loads(x) for x in lines_of(out)]
    assert lines[0]["type"] == "header" and lines[0]["counts"] == counts
    assert [x["type"] for x in lines[1:]] == ["survivor", "case", "session"]
    assert "id" not in lines[1]["record"]
    assert not list(tmp_path.glob(".export.jsonl.*")), "no temporary file is left behind"
    recent = admin.audit.recent(2)
    assert [(e.action, e.entity) for e in recent] == [("export", "records"), ("import", "records")]
    assert "case=1" in recent[0].fields and "session=1" in recent[0].fields


def test_export_with_a_header_imports_again(admin: VaultSession, tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", good_lines())
    service(admin).import_file(source)
    out = tmp_path / "export.jsonl"
    service(admin).export_records(out, ADMIN_PASSPHRASE)
    problems = service(admin).validate_file(out)
    assert {(p.line, p.field) for p in problems} == {
        (2, "record.reference"),
        (3, "record.reference"),
    }, "the same records are already in this vault"


# --- malformed files: the right line and field, and nothing written --------------------------

HEADER = json.dumps(
    {"type": "header", "format": "survivorapp-records", "version": 1, "counts": {"case": 1}}
)


def replaced(kind: str, base: dict[str, Any], **changes: Any) -> str:
    return line(kind, {**base, **changes})


MALFORMED: dict[str, tuple[list[str | bytes], set[tuple[int, str]]]] = {
    "bad JSON": (
        [*good_lines()[:2], '{"type": "session", "record": {'],
        {(3, "line")},
    ),
    "not an object": ([*good_lines(), "[1, 2]"], {(4, "line")}),
    "unknown type": ([*good_lines(), line("letter", {})], {(4, "type")}),
    "type that is not text": ([*good_lines(), '{"type": ["case"], "record": {}}'], {(4, "type")}),
    "wrong type": (
        [*good_lines()[:2], replaced("session", SESSION, duration_minutes="sixty")],
        {(3, "record.duration_minutes")},
    ),
    "float for a whole number": (
        [*good_lines()[:2], replaced("session", SESSION, duration_minutes=50.0)],
        {(3, "record.duration_minutes")},
    ),
    "missing field": (
        [good_lines()[0], line("case", {k: v for k, v in CASE.items() if k != "status"})],
        {(2, "record.status")},
    ),
    "unknown vocabulary code": (
        [replaced("survivor", SURVIVOR, sex="robot"), *good_lines()[1:]],
        {(1, "record.sex")},
    ),
    "impossible date": (
        [*good_lines()[:2], replaced("session", SESSION, session_date="2025-02-30")],
        {(3, "record.session_date")},
    ),
    "invalid in the domain": (
        [good_lines()[0], replaced("case", CASE, status="closed")],
        {(2, "record.closure_date"), (2, "record.closure_reason")},
    ),
    "id given": (
        [replaced("survivor", SURVIVOR, id=7), *good_lines()[1:]],
        {(1, "record.id")},
    ),
    "duplicate reference in the file": (
        [*good_lines(), line("survivor", SURVIVOR)],
        {(4, "record.reference")},
    ),
    "duplicate share": (
        [
            *good_lines(),
            line("case_share", {"case_reference": "C-000001", "username": "cw"}),
            line("case_share", {"case_reference": "C-000001", "username": "CW"}),
        ],
        {(5, "record.username")},
    ),
    "dangling reference": (
        [*good_lines(), replaced("session", SESSION, case_reference="C-000999")],
        {(4, "record.case_reference")},
    ),
    "record before its case": (
        [good_lines()[0], good_lines()[2], good_lines()[1]],
        {(2, "record.case_reference")},
    ),
    "huge line": (
        [good_lines()[0], "x" * (MAX_LINE_BYTES + 10), *good_lines()[1:]],
        {(2, "line")},
    ),
    "invalid UTF-8": (
        [*good_lines()[:2], b'{"type": "session", "record": {"note": "caf\xe9"}}'],
        {(3, "line")},
    ),
    "duplicate key": (
        [*good_lines()[:2], good_lines()[2][:-2] + ', "mode": "video"}}'],
        {(3, "line")},
    ),
    "header not first": ([good_lines()[0], HEADER, *good_lines()[1:]], {(2, "type")}),
    "header counts disagree": (
        [HEADER, *good_lines(), line("case", {**CASE})],
        {(1, "counts.case"), (5, "record.reference")},
    ),
    "empty file": ([], {(0, "file")}),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_file_names_line_and_field_and_writes_nothing(
    name: str, untouched: VaultSession, tmp_path: Path
) -> None:
    admin = untouched
    lines, expected = MALFORMED[name]
    path = write(tmp_path / "bad.jsonl", lines)
    before = (case_count(admin), audit_count(admin))

    assert {(p.line, p.field) for p in service(admin).validate_file(path)} == expected
    with pytest.raises(ImportRejected) as rejected:
        service(admin).import_file(path)

    assert {(p.line, p.field) for p in rejected.value.problems} == expected
    assert (case_count(admin), audit_count(admin)) == before


def test_problems_never_repeat_free_text(untouched: VaultSession, tmp_path: Path) -> None:
    admin = untouched
    secret = "Private Name 12345"
    path = write(
        tmp_path / "bad.jsonl",
        [
            replaced("survivor", SURVIVOR, name=secret, sex=secret, birth_year=secret),
            json.dumps({"type": secret, "record": {}}),
            '{"type": "case", "record": "' + secret + '"',
        ],
    )
    problems = service(admin).validate_file(path)
    assert len(problems) >= 3
    assert not [p for p in problems if secret in str(p) and p.field != "record.sex"]


def test_every_bad_line_is_reported_and_good_lines_are_not_written(
    admin: VaultSession, tmp_path: Path
) -> None:
    many = [line("survivor", {"reference": f"S-{n:06d}"}) for n in range(1, 200)]
    bad = [*many, replaced("survivor", SURVIVOR, reference="S-1"), "nonsense", line("task", {})]
    path = write(tmp_path / "bad.jsonl", bad)
    with pytest.raises(ImportRejected) as rejected:
        service(admin).import_file(path)
    assert {p.line for p in rejected.value.problems} == {200, 201, 202}
    assert InterchangeStore(admin.vault.connection).count(store.SURVIVORS) == 0


def test_references_into_the_vault_are_accepted_and_duplicates_refused(
    admin: VaultSession, tmp_path: Path
) -> None:
    service(admin).import_file(write(tmp_path / "one.jsonl", good_lines()))
    more = [
        replaced("case", CASE, reference="C-000002"),
        replaced("session", SESSION, case_reference="C-000002"),
        line("survivor_access", {"survivor_reference": "S-000001", "username": "mgr"}),
    ]
    counts = service(admin).import_file(write(tmp_path / "two.jsonl", more))
    assert (counts["case"], counts["session"], counts["survivor_access"]) == (1, 1, 1)

    again = write(tmp_path / "three.jsonl", [line("survivor", SURVIVOR), more[2]])
    problems = service(admin).validate_file(again)
    assert {(p.line, p.field) for p in problems} == {
        (1, "record.reference"),
        (2, "record.username"),
    }
    assert all("in the vault" in p.message for p in problems)


# --- who may, and the passphrase asked again ---------------------------------------------------


def test_a_caseworker_can_neither_import_nor_export(admin: VaultSession, tmp_path: Path) -> None:
    admin.add_user("casey", "casey keeps a long passphrase", ("caseworker",))
    path = write(tmp_path / "in.jsonl", good_lines())
    casey = service(as_user(admin, "casey"))
    before = (case_count(admin), audit_count(admin))
    with pytest.raises(PermissionDenied):
        casey.import_file(path)
    with pytest.raises(PermissionDenied):
        casey.validate_file(path)
    with pytest.raises(PermissionDenied):
        casey.export_records(tmp_path / "out.jsonl", "casey keeps a long passphrase")
    assert not (tmp_path / "out.jsonl").exists()
    assert (case_count(admin), audit_count(admin)) == before


def test_export_refuses_a_wrong_passphrase(admin: VaultSession, tmp_path: Path) -> None:
    before = audit_count(admin)
    with pytest.raises(CredentialsNotRecognised):
        service(admin).export_records(tmp_path / "out.jsonl", "not the passphrase at all")
    assert not list(tmp_path.glob("*out.jsonl*"))
    assert audit_count(admin) == before


def test_the_recovery_key_cannot_export(
    vault_dir: Path, access: VaultAccess, template_vault: TemplateVault, tmp_path: Path
) -> None:
    with (
        access.unlock_with_recovery(vault_dir, template_vault.recovery_key) as session,
        pytest.raises(CredentialsNotRecognised),
    ):
        service(session).export_records(tmp_path / "out.jsonl", ADMIN_PASSPHRASE)
    assert not (tmp_path / "out.jsonl").exists()
