"""The support records in a records file: the waiting list, the directory and referrals with
their histories, and feedback questionnaires (docs/interchange.md), against real vault files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from survivorapp.domain.case import Case
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.records import Referral
from survivorapp.domain.referrals.waits import dates_of
from survivorapp.domain.survivor import Survivor
from survivorapp.domain.waiting_list import ContactAttempt
from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.interchange.service import ImportRejected, InterchangeService
from survivorapp.services.interchange.support_check import UNKNOWN_INSTRUMENT
from survivorapp.vault import interchange as store
from survivorapp.vault import tables
from survivorapp.vault.feedback import FeedbackQueries
from survivorapp.vault.interchange import InterchangeStore
from survivorapp.vault.records import Repository
from survivorapp.vault.referrals import ReferralQueries
from survivorapp.vault.secret_store import KeyringSecretStore
from tests.conftest import TemplateVault
from tests.services.conftest import audit_count
from tests.support.keyring_backend import MemoryKeyring
from tests.support.vaults import ADMIN, ADMIN_PASSPHRASE, copy_vault

SURVIVOR = {"reference": "S-000001", "sex": "female"}
CASE = {
    "reference": "C-000001",
    "survivor_reference": "S-000001",
    "referral_date": "2025-03-01",
    "service_line": "isva",
    "status": "waiting",
}
WAITING = {"case_reference": "C-000001", "priority": "a", "triaged_on": "2025-03-02"}
ATTEMPT = {
    "case_reference": "C-000001",
    "attempted_on": "2025-03-02",
    "channel": "phone",
    "outcome": "no_answer",
}
ORGANISATION = {
    "organisation_key": "O-1",
    "name": "Harbour Counselling",
    "destination_type": "specialist_counselling",
    "borough": "E09000001",
}
REFERRAL = {
    "referral_key": "R-1",
    "case_reference": "C-000001",
    "destination_type": "specialist_counselling",
    "started_on": "2025-03-03",
    "organisation_key": "O-1",
    "organisation_name": "Harbour Counselling",
}
OFFERED = {"referral_key": "R-1", "status": "offered", "changed_on": "2025-03-03"}
MADE = {"referral_key": "R-1", "status": "made", "changed_on": "2025-03-04"}
ACCEPTED = {"referral_key": "R-1", "status": "accepted", "changed_on": "2025-03-10"}
PHQ9 = {
    "case_reference": "C-000001",
    "instrument_id": "phq9",
    "instrument_version": 1,
    "timepoint": "intake",
    "mode": "self_completed",
    "administered_on": "2025-03-12",
    "responses": {f"phq9_{n}": 1 for n in range(1, 10)},
}
SESSION_FEEDBACK = {
    "instrument_id": "service_feedback_session",
    "instrument_version": 1,
    "timepoint": "session",
    "mode": "self_completed",
    "administered_on": "2025-03-12",
    "responses": {"listened_to": 5, "safe": 4},
}


def line(kind: str, record: dict[str, Any]) -> str:
    return json.dumps({"type": kind, "record": record})


def changed(kind: str, base: dict[str, Any], **changes: Any) -> str:
    return line(kind, {**base, **changes})


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return path


def lines_of(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8").removesuffix("\n").split("\n")


START = [line("survivor", SURVIVOR), line("case", CASE)]
"""Lines 1 and 2 of every file here; the lines under test start at 3."""
REFERRED = [
    *START,
    line("directory_organisation", ORGANISATION),
    line("referral", REFERRAL),
    line("referral_status_change", OFFERED),
]
"""A referral offered (lines 3 to 5)."""
EVERYTHING = [
    *REFERRED,
    line("referral_status_change", MADE),
    line("referral_status_change", ACCEPTED),
    line("waiting_list_entry", WAITING),
    line("contact_attempt", ATTEMPT),
    line("feedback_administration", PHQ9),
    line("anonymous_feedback", SESSION_FEEDBACK),
]


def service(session: VaultSession) -> InterchangeService:
    return InterchangeService(session.ctx)


def count(session: VaultSession, table: Any) -> int:
    return InterchangeStore(session.vault.connection).count(table)


@pytest.fixture(scope="module")
def untouched(
    template_vault: TemplateVault, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VaultSession]:
    """One empty vault, unlocked once, for the tests that must leave it unchanged."""
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


# --- malformed files: the right line and field, and nothing written ------------------------------

MALFORMED: dict[str, tuple[list[str], set[tuple[int, str]]]] = {
    # the waiting list
    "waiting entry for a case that isn't there": (
        [*START, changed("waiting_list_entry", WAITING, case_reference="C-000009")],
        {(3, "record.case_reference")},
    ),
    "unknown priority": (
        [*START, changed("waiting_list_entry", WAITING, priority="urgentest")],
        {(3, "record.priority")},
    ),
    "two waiting entries for one case": (
        [*START, line("waiting_list_entry", WAITING), line("waiting_list_entry", WAITING)],
        {(4, "record.case_reference")},
    ),
    "contact attempt for a case that isn't there": (
        [*START, changed("contact_attempt", ATTEMPT, case_reference="C-000009")],
        {(3, "record.case_reference")},
    ),
    "unknown contact channel": (
        [*START, changed("contact_attempt", ATTEMPT, channel="pigeon")],
        {(3, "record.channel")},
    ),
    "contact attempt before the referral": (
        [*START, changed("contact_attempt", ATTEMPT, attempted_on="2025-02-01")],
        {(3, "record.attempted_on")},
    ),
    # the directory
    "unknown kind of organisation": (
        [*START, changed("directory_organisation", ORGANISATION, destination_type="spa")],
        {(3, "record.destination_type")},
    ),
    "organisation key used twice": (
        [
            *START,
            line("directory_organisation", ORGANISATION),
            changed("directory_organisation", ORGANISATION, name="Another"),
        ],
        {(4, "record.organisation_key")},
    ),
    "one organisation listed twice": (
        [
            *START,
            line("directory_organisation", ORGANISATION),
            changed(
                "directory_organisation",
                ORGANISATION,
                organisation_key="O-2",
                name=" harbour COUNSELLING",
            ),
        ],
        {(4, "record.name")},
    ),
    # referrals
    "referral for a case that isn't there": (
        [*REFERRED[:3], changed("referral", REFERRAL, case_reference="C-000009"), REFERRED[4]],
        {(4, "record.case_reference")},
    ),
    "referral naming an organisation that isn't there": (
        [*REFERRED[:3], changed("referral", REFERRAL, organisation_key="O-9"), REFERRED[4]],
        {(4, "record.organisation_key")},
    ),
    "unknown kind of referral": (
        [*REFERRED[:3], changed("referral", REFERRAL, destination_type="spa"), REFERRED[4]],
        {(4, "record.destination_type")},
    ),
    "referral without a history": (REFERRED[:4], {(4, "record.referral_key")}),
    "status change for a referral that isn't there": (
        [*REFERRED, changed("referral_status_change", MADE, referral_key="R-9")],
        {(6, "record.referral_key")},
    ),
    "status change before its referral": (
        [*REFERRED[:3], REFERRED[4], REFERRED[3]],
        {(4, "record.referral_key"), (5, "record.referral_key")},
    ),
    "unknown referral status": (
        [*REFERRED, changed("referral_status_change", MADE, status="lost")],
        {(6, "record.status")},
    ),
    "a move the state machine refuses": (
        [*REFERRED, changed("referral_status_change", ACCEPTED, status="completed")],
        {(6, "record.status")},
    ),
    "a history that starts in the middle": (
        [*REFERRED[:4], changed("referral_status_change", ACCEPTED, changed_on="2025-03-03")],
        {(5, "record.status")},
    ),
    "a move after the referral ended": (
        [
            *REFERRED,
            changed("referral_status_change", MADE, status="survivor_declined"),
            line("referral_status_change", ACCEPTED),
        ],
        {(7, "record.status")},
    ),
    "dates going backwards": (
        [
            *REFERRED,
            line("referral_status_change", MADE),
            changed("referral_status_change", ACCEPTED, changed_on="2025-03-03"),
        ],
        {(7, "record.changed_on")},
    ),
    "first status not on the referral's date": (
        [*REFERRED[:4], changed("referral_status_change", OFFERED, changed_on="2025-03-05")],
        {(5, "record.changed_on")},
    ),
    "not accepted without a reason": (
        [
            *REFERRED,
            line("referral_status_change", MADE),
            changed("referral_status_change", ACCEPTED, status="rejected"),
        ],
        {(7, "record.reason")},
    ),
    # feedback
    "feedback for a case that isn't there": (
        [*START, changed("feedback_administration", PHQ9, case_reference="C-000009")],
        {(3, "record.case_reference")},
    ),
    "unknown timepoint": (
        [*START, changed("feedback_administration", PHQ9, timepoint="someday")],
        {(3, "record.timepoint")},
    ),
    "unknown questionnaire": (
        [*START, changed("feedback_administration", PHQ9, instrument_id="core10")],
        {(3, "record.instrument_id")},
    ),
    "an answer the question doesn't have": (
        [*START, changed("feedback_administration", PHQ9, responses={"phq9_1": 7})],
        {(3, "record.responses.phq9_1")},
    ),
    "a score the answers don't give": (
        [*START, changed("feedback_administration", PHQ9, score_status="scored", score_total=20)],
        {(3, "record.score_total")},
    ),
    "an outcome measure given anonymously": (
        [
            *START,
            line("anonymous_feedback", {k: v for k, v in PHQ9.items() if k != "case_reference"}),
        ],
        {(3, "record.case_reference")},
    ),
    "anonymous feedback naming a case": (
        [*START, changed("anonymous_feedback", SESSION_FEEDBACK, case_reference="C-000001")],
        {(3, "record.case_reference")},
    ),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_support_records_name_line_and_field_and_write_nothing(
    name: str, untouched: VaultSession, tmp_path: Path
) -> None:
    lines, expected = MALFORMED[name]
    path = write(tmp_path / "bad.jsonl", lines)
    before = (count(untouched, store.CASES), audit_count(untouched))

    assert {(p.line, p.field) for p in service(untouched).validate_file(path)} == expected
    with pytest.raises(ImportRejected) as rejected:
        service(untouched).import_file(path)

    assert {(p.line, p.field) for p in rejected.value.problems} == expected
    assert (count(untouched, store.CASES), audit_count(untouched)) == before


def test_a_refused_move_says_what_is_possible_instead(
    untouched: VaultSession, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "bad.jsonl",
        [*REFERRED, changed("referral_status_change", ACCEPTED, status="completed")],
    )
    [problem] = service(untouched).validate_file(path)
    assert str(problem) == (
        "line 6: record.status: A referral that is offered can't become completed. "
        "From here it can become made, declined by the survivor or closed."
    )


def test_an_unknown_questionnaire_says_to_import_its_file_first(
    untouched: VaultSession, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "bad.jsonl",
        [*START, changed("feedback_administration", PHQ9, instrument_version=7)],
    )
    assert [p.message for p in service(untouched).validate_file(path)] == [UNKNOWN_INSTRUMENT]
    assert "import the same file in Admin first" in UNKNOWN_INSTRUMENT


# --- importing ------------------------------------------------------------------------------------


def test_every_support_record_imports_and_referrals_get_their_status(
    admin: VaultSession, tmp_path: Path
) -> None:
    counts = service(admin).import_file(write(tmp_path / "in.jsonl", EVERYTHING))

    assert {k: v for k, v in counts.items() if v} == {
        "survivor": 1,
        "case": 1,
        "directory_organisation": 1,
        "referral": 1,
        "referral_status_change": 3,
        "waiting_list_entry": 1,
        "contact_attempt": 1,
        "feedback_administration": 1,
        "anonymous_feedback": 1,
    }
    conn = admin.vault.connection
    [record] = ReferralQueries(conn).for_case("C-000001")
    assert [c.status for c in record.history] == ["offered", "made", "accepted"]
    assert ReferralQueries(conn).stored_dates(record.referral.id or 0) == dates_of(record.history)
    [organisation] = Repository(conn, tables.DIRECTORY_ORGANISATIONS).select()
    assert record.referral.organisation_id == organisation.id
    [measure] = FeedbackQueries(conn).for_case("C-000001")
    assert (measure.score_status, measure.score_total) == ("scored", 9)
    assert "referral_status_change=3" in admin.audit.recent(1)[0].fields


def test_a_score_left_out_is_worked_out_and_exported(admin: VaultSession, tmp_path: Path) -> None:
    service(admin).import_file(write(tmp_path / "in.jsonl", EVERYTHING))
    out = tmp_path / "out.jsonl"
    service(admin).export_records(out, ADMIN_PASSPHRASE)

    records = {json.loads(x)["type"]: json.loads(x)["record"] for x in lines_of(out)[1:]}
    assert records["feedback_administration"]["score_total"] == 9
    assert records["feedback_administration"]["score_band"] is not None
    assert records["feedback_administration"]["case_reference"] == "C-000001"
    assert "case_reference" not in records["anonymous_feedback"]
    assert records["referral"]["organisation_key"] == "O-1"


def test_a_directory_entry_already_in_the_vault_is_linked_not_added(
    admin: VaultSession, tmp_path: Path
) -> None:
    conn = admin.vault.connection
    with admin.vault.transaction():
        existing = Repository(conn, tables.DIRECTORY_ORGANISATIONS).insert(
            DirectoryOrganisation(
                "harbour  counselling", "specialist_counselling", borough="E09000001"
            )
        )
    counts = service(admin).import_file(write(tmp_path / "in.jsonl", REFERRED))

    assert counts["directory_organisation"] == 0
    assert count(admin, store.DIRECTORY_ORGANISATIONS) == 1
    [record] = ReferralQueries(conn).for_case("C-000001")
    assert record.referral.organisation_id == existing


def test_records_for_cases_already_in_the_vault(admin: VaultSession, tmp_path: Path) -> None:
    service(admin).import_file(
        write(tmp_path / "one.jsonl", [*START, line("waiting_list_entry", WAITING)])
    )
    again = write(
        tmp_path / "two.jsonl",
        [
            line("waiting_list_entry", WAITING),
            changed("contact_attempt", ATTEMPT, attempted_on="2025-02-28"),
            line("contact_attempt", ATTEMPT),
        ],
    )
    problems = service(admin).validate_file(again)
    assert {(p.line, p.field) for p in problems} == {
        (1, "record.case_reference"),
        (2, "record.attempted_on"),
    }
    assert "in the vault" in problems[0].message


def test_a_message_left_is_imported_whatever_voicemail_safety_says_now(
    admin: VaultSession, tmp_path: Path
) -> None:
    """Safe-contact preferences hold today's answer; an attempt is a record of what happened."""
    never = SafeContact(
        "S-000001", channels=(ChannelPreference("voicemail", "not_safe"),), never_contact_via=()
    )
    lines = [
        *START,
        line("safe_contact", {k: v for k, v in never.to_record().items() if k != "id"}),
        changed("contact_attempt", ATTEMPT, channel="voicemail", outcome="left_message"),
    ]
    assert service(admin).import_file(write(tmp_path / "in.jsonl", lines))["contact_attempt"] == 1


# --- records made through the app go out and come back whole --------------------------------------


def test_records_made_in_the_app_round_trip(
    template_vault: TemplateVault, access: VaultAccess, tmp_path: Path
) -> None:
    a = access.unlock(copy_vault(template_vault.folder, tmp_path / "a"), ADMIN, ADMIN_PASSPHRASE)
    b = access.unlock(copy_vault(template_vault.folder, tmp_path / "b"), ADMIN, ADMIN_PASSPHRASE)
    with a, b:
        made = a.cases.open_new_case(
            Survivor(reference="", name="Kit"),
            Case("", "", date(2025, 3, 1), "isva", "waiting"),
        )
        reference = made.reference
        organisation = a.directory.add(DirectoryOrganisation("Harbour", "specialist_counselling"))
        referral = a.referrals.offer(
            Referral(
                reference,
                "specialist_counselling",
                date(2025, 3, 3),
                organisation_id=organisation.id,
            )
        )
        a.referrals.change_status(referral.referral.id or 0, "closed", date(2025, 3, 9))
        a.waiting_list.set_priority(reference, "b")
        a.waiting_list.log_attempt(ContactAttempt(reference, date(2025, 3, 2), "phone", "spoke"))
        a.feedback.record_administration(
            Administration(
                "gad7", 1, "intake", "read_out", date(2025, 3, 12), {"gad7_1": 2}, reference
            )
        )
        a.feedback.record_administration(
            Administration(
                "service_feedback_session",
                1,
                "session",
                "self_completed",
                date(2025, 3, 12),
                {"safe": 5},
            )
        )
        out, again = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
        counts = service(a).export_records(out, ADMIN_PASSPHRASE)
        assert service(b).import_file(out) == counts
        service(b).export_records(again, ADMIN_PASSPHRASE)

    assert lines_of(out)[1:] == lines_of(again)[1:]
    assert {k: counts[k] for k in ("referral", "referral_status_change", "contact_attempt")} == {
        "referral": 1,
        "referral_status_change": 2,
        "contact_attempt": 1,
    }
    assert (counts["feedback_administration"], counts["anonymous_feedback"]) == (1, 1)


def test_the_example_lines_in_the_documentation_import(
    untouched: VaultSession, tmp_path: Path
) -> None:
    """docs/interchange.md shows one line per kind; together (after the header) they make a
    file that imports without a problem."""
    text = (Path(__file__).parents[2] / "docs" / "interchange.md").read_text(encoding="utf-8")
    examples = [
        x
        for block in text.split("```json\n")[1:]
        for x in block.split("```")[0].splitlines()
        if '"type": "header"' not in x
    ]
    kinds = {json.loads(x)["type"] for x in examples}
    assert {
        "waiting_list_entry",
        "contact_attempt",
        "directory_organisation",
        "referral",
        "referral_status_change",
        "feedback_administration",
        "anonymous_feedback",
        "release_register_entry",
    } <= kinds
    referral = json.loads(next(x for x in examples if '"type": "referral"' in x))["record"]
    offered = {"referral_key": "R-1", "status": "offered", "changed_on": referral["started_on"]}
    ordered = sorted(examples, key=lambda x: _ORDER.index(json.loads(x)["type"]))
    at = next(i for i, x in enumerate(ordered) if '"type": "referral_status_change"' in x)
    ordered.insert(at, line("referral_status_change", offered))
    path = write(tmp_path / "examples.jsonl", ordered)
    assert [str(p) for p in service(untouched).validate_file(path)] == []


_ORDER = [
    "survivor",
    "case",
    "session",
    "waiting_list_entry",
    "contact_attempt",
    "directory_organisation",
    "referral",
    "referral_status_change",
    "feedback_administration",
    "anonymous_feedback",
    "release_register_entry",
]
