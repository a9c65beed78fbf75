"""A small vault built by hand through the services, and what its return must say.

The period is 2025-Q2 (1 July to 30 September 2025). Every expected number in the table tests
is worked out from the records below by hand, not by running the code under test:

| case | survivor | referred   | closed              | in the return? |
|------|----------|------------|---------------------|----------------|
| A    | SA       | 2025-07-10 | -                   | yes, new       |
| K    | SA       | 2025-09-01 | -                   | yes, new (SA's second case) |
| B    | SB       | 2025-08-01 | -                   | yes, new (waiting, nothing answered) |
| C    | SC       | 2025-03-01 | 2025-08-15          | yes, continuing; closed in the period |
| H    | SH       | 2025-09-30 | -                   | yes, new (last day of the period) |
| I    | SI       | 2024-01-10 | -                   | yes, continuing (no session in the period) |
| J    | SJ       | 2025-06-30 | 2025-07-01          | yes, continuing; closed on the first day |
| D    | SD       | 2025-05-01 | 2025-06-20          | no: closed before the period |
| E    | SE       | 2025-10-01 | -                   | no: referred after the period |
| F1   | SF       | 2024-02-01 | 2024-05-01          | no: closed long before (holds SF's refusal) |
| F2   | SF       | 2025-07-20 | -                   | excluded for consent (refused on F1) |
| G    | SG       | 2025-06-01 | -                   | excluded for consent (withdrawn 2025-09-01) |
| L    | SL       | 2025-07-15 | -                   | yes: withdrew, then gave consent again |

L is a fourth "new" case; its survivor answered nothing beyond sex (female).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from survivorapp.domain.answers import Unanswered
from survivorapp.domain.case import Case
from survivorapp.domain.consent import ConsentRecord
from survivorapp.domain.incident import Incident, Perpetrator
from survivorapp.domain.justice.records import JusticeEvent, JusticeMatter
from survivorapp.domain.justice.support import SpecialMeasure, VictimPersonalStatement
from survivorapp.domain.questionnaires.administrations import Administration
from survivorapp.domain.referrals.records import Referral
from survivorapp.domain.session import Session
from survivorapp.domain.survivor import Survivor
from survivorapp.services.access import VaultSession

PERIOD = "2025-Q2"
D = date.fromisoformat
NOT_ASKED, DECLINED, UNKNOWN = Unanswered.NOT_ASKED, Unanswered.DECLINED, Unanswered.UNKNOWN
STATISTICS = "anonymised_statistics"


@dataclass
class HandVault:
    refs: dict[str, str]  # letter -> case reference


def _case(referred: str, line: str = "isva", **fields: Any) -> Case:
    base: dict[str, Any] = {
        "reference": "",
        "survivor_reference": "",
        "referral_date": D(referred),
        "service_line": line,
        "status": "waiting",
    }
    return Case(**{**base, **fields})


def _closed(referred: str, closed: str, reason: str, line: str = "isva", **fields: Any) -> Case:
    return _case(
        referred,
        line,
        status="closed",
        closure_date=D(closed),
        closure_reason=reason,
        **fields,
    )


def _consent(reference: str, state: str, on: str) -> ConsentRecord:
    return ConsentRecord(reference, STATISTICS, state, D(on), "verbal")


def _session(reference: str, on: str, minutes: int, mode: str, kind: str) -> Session:
    return Session(reference, D(on), minutes, mode, kind, worker="admin")


def build(session: VaultSession) -> HandVault:
    """Fill an empty staffed vault (acting as admin, who is also a manager)."""
    cases = session.cases
    refs: dict[str, str] = {}

    def open_new(letter: str, survivor: Survivor, case: Case) -> str:
        created = cases.open_new_case(survivor, case)
        refs[letter] = created.reference
        return created.survivor_reference

    sa = open_new(
        "A",
        Survivor(
            reference="",
            sex="female",
            gender_identity="woman",
            ethnicity="white_british",
            date_of_birth=D("1990-05-01"),
            birth_year=1990,
            disability=True,
            sexual_orientation="straight_heterosexual",
            vulnerabilities=("mental_health_condition", "substance_use"),
            residence_borough="E09000007",  # Camden: Inner London
            interpreter_needed=False,
        ),
        _case(
            "2025-07-10",
            "isva",
            referral_source="self",
            status="active",
            first_contact_date=D("2025-07-12"),
            allocation_date=D("2025-07-20"),
            allocated_worker="cw",
        ),
    )
    refs["K"] = cases.open_case_for(
        sa,
        _case(
            "2025-09-01",
            "counselling",
            referral_source="self",
            status="active",
            allocation_date=D("2025-09-05"),
            allocated_worker="cw",
        ),
    ).reference
    open_new(
        "B",
        Survivor(
            reference="",
            sex="female",
            ethnicity=DECLINED,
            birth_year=2008,
            disability=DECLINED,
            sexual_orientation=DECLINED,
            residence_borough="E09000002",  # Barking and Dagenham: Outer London
            interpreter_needed=UNKNOWN,
        ),
        _case("2025-08-01", "counselling", referral_source="police"),
    )
    open_new(
        "C",
        Survivor(
            reference="",
            sex="male",
            gender_identity="man",
            ethnicity="black_african",
            date_of_birth=DECLINED,
            birth_year=DECLINED,
            disability=False,
            sexual_orientation="gay_lesbian",
            vulnerabilities=(),
            residence_borough="outside_london",
            interpreter_needed=True,
        ),
        _closed(
            "2025-03-01",
            "2025-08-15",
            "support_complete",
            referral_source="sarc",
            first_contact_date=D("2025-03-03"),
            allocation_date=D("2025-03-10"),
            allocated_worker="isva",
        ),
    )
    open_new(
        "H",
        Survivor(
            reference="",
            sex=DECLINED,
            gender_identity="non_binary",
            ethnicity="mixed_white_asian",
            disability=UNKNOWN,
            sexual_orientation="bisexual",
            vulnerabilities=("learning_disability",),
            residence_borough="no_fixed_abode",
            interpreter_needed=False,
        ),
        _case("2025-09-30", "isva", referral_source="gateway", first_contact_date=D("2025-09-30")),
    )
    open_new(
        "I",
        Survivor(
            reference="",
            sex="female",
            gender_identity="woman",
            ethnicity="asian_indian",
            date_of_birth=D("1960-02-02"),
            birth_year=1960,
            disability=False,
            sexual_orientation="straight_heterosexual",
            vulnerabilities=("older_person",),
            residence_borough="E09000033",  # Westminster: Inner London
        ),
        _case(
            "2024-01-10",
            "isva",
            referral_source="health_gp",
            status="active",
            first_contact_date=D("2024-01-12"),
            allocation_date=D("2024-01-20"),
            allocated_worker="isva",
        ),
    )
    open_new(
        "J",
        Survivor(
            reference="",
            sex="female",
            gender_identity="in_own_words",
            gender_identity_text="In their own words",
            ethnicity="other_arab",
            birth_year=2012,
            disability=False,
            vulnerabilities=("child_young_person",),
            residence_borough=DECLINED,
            interpreter_needed=False,
        ),
        _closed(
            "2025-06-30",
            "2025-07-01",
            "chose_to_end",
            "cyp_isva",
            referral_source="education",
            first_contact_date=D("2025-07-01"),
        ),
    )
    open_new(
        "D",
        Survivor(reference="", sex="female"),
        _closed("2025-05-01", "2025-06-20", "moved_away", referral_source="self"),
    )
    open_new("E", Survivor(reference="", sex="male"), _case("2025-10-01", referral_source="self"))
    sf = open_new(
        "F1",
        Survivor(reference="", sex="female", ethnicity="white_irish"),
        _closed("2024-02-01", "2024-05-01", "support_complete", referral_source="self"),
    )
    refs["F2"] = cases.open_case_for(sf, _case("2025-07-20", referral_source="self")).reference
    open_new(
        "G",
        Survivor(reference="", sex="female"),
        _case(
            "2025-06-01",
            referral_source="police",
            status="active",
            allocation_date=D("2025-06-02"),
            allocated_worker="cw",
        ),
    )
    open_new("L", Survivor(reference="", sex="female"), _case("2025-07-15", "helpline"))

    for letter, state, on in (
        ("A", "given", "2025-07-12"),
        ("F1", "refused", "2024-02-05"),
        ("G", "given", "2025-06-02"),
        ("G", "withdrawn", "2025-09-01"),
        ("L", "withdrawn", "2025-07-16"),
        ("L", "given", "2025-08-01"),
        ("C", "given", "2025-03-03"),
    ):
        cases.record_consent(_consent(refs[letter], state, on))

    for letter, on, minutes, mode, kind in (
        ("A", "2025-07-12", 60, "in_person", "needs_assessment"),
        ("A", "2025-08-01", 30, "phone", "emotional_support"),
        ("A", "2025-10-05", 60, "in_person", "emotional_support"),  # after the period
        ("C", "2025-07-15", 45, "video", "advocacy"),
        ("J", "2025-07-01", 20, "phone", "other"),
        ("G", "2025-07-20", 50, "in_person", "advocacy"),  # excluded for consent
        ("I", "2024-02-01", 60, "in_person", "needs_assessment"),  # before the period
        ("D", "2025-06-01", 30, "phone", "advocacy"),  # case closed before the period
    ):
        cases.log_session(_session(refs[letter], on, minutes, mode, kind))

    _incidents(session, refs)
    _justice(session, refs)
    _referrals(session, refs)
    _feedback(session, refs)
    return HandVault(refs)


def _incidents(session: VaultSession, refs: dict[str, str]) -> None:
    add = session.cases.add_incident
    add(
        Incident(
            refs["A"],
            is_presenting=True,
            types=("rape",),
            incident_date=D("2025-07-05"),
            domestic_abuse_related=False,
            perpetrator_count=1,
            perpetrators=(Perpetrator(relationship="stranger"),),
        )
    )
    add(Incident(refs["A"], types=("sexual_harassment",)))  # not the presenting incident
    add(
        Incident(
            refs["B"],
            is_presenting=True,
            types=DECLINED,
            age_band_at_incident="age_13_15",
            recent_band="over_12_months",
            domestic_abuse_related=UNKNOWN,
            perpetrator_count=DECLINED,
        )
    )
    add(
        Incident(
            refs["C"],
            is_presenting=True,
            types=("sexual_assault", "drug_or_alcohol_facilitated"),
            incident_date=D("2024-12-01"),
            domestic_abuse_related=True,
            perpetrator_count=1,
            perpetrators=(Perpetrator(relationship="ex_partner"),),
        )
    )
    add(
        Incident(
            refs["H"],
            is_presenting=True,
            types=("rape", "image_based_or_tech_facilitated"),
            incident_date=D("2020-01-01"),
            age_band_at_incident="age_18_24",
            domestic_abuse_related=False,
            perpetrator_count=3,
            perpetrators=(Perpetrator(relationship="stranger"),),
        )
    )
    add(
        Incident(
            refs["I"],
            is_presenting=True,
            types=("rape",),
            incident_date=D("1975-06-01"),
            perpetrator_count=1,
            perpetrators=(Perpetrator(relationship="family_parent"),),
        )
    )
    add(
        Incident(
            refs["J"],
            is_presenting=True,
            types=("child_sexual_abuse_in_family",),
            incident_date=DECLINED,
            recent_band=UNKNOWN,
            domestic_abuse_related=False,
            perpetrators=(Perpetrator(relationship=UNKNOWN),),
        )
    )
    add(Incident(refs["G"], is_presenting=True, types=("rape",)))  # excluded for consent


def _justice(session: VaultSession, refs: dict[str, str]) -> None:
    justice = session.justice

    def matter(letter: str, reported: str | None) -> int:
        made = justice.add_matter(
            JusticeMatter(refs[letter], date_reported=D(reported) if reported else None)
        )
        assert made.id is not None
        return made.id

    def event(matter_id: int, kind: str, on: str, **fields: Any) -> None:
        justice.record_event(JusticeEvent(matter_id, kind, D(on), "police", **fields))

    c = matter("C", "2025-03-05")
    event(c, "reported_to_police", "2025-03-05")
    event(c, "charging_decision", "2025-06-01", outcome_code="charged_rape")
    event(c, "trial_listed", "2025-07-10", hearing_date=D("2025-11-03"))
    event(c, "trial_relisted", "2025-08-01", hearing_date=D("2026-01-12"), reason="overlisting")
    event(c, "trial_started", "2026-01-12")  # after the period: not counted
    event(c, "verdict", "2026-01-20", outcome_code="convicted_after_trial")
    justice.set_special_measures(
        [
            SpecialMeasure(c, "screens", "requested", D("2025-07-20")),
            SpecialMeasure(c, "screens", "granted", D("2025-08-20")),
            SpecialMeasure(c, "live_link", "requested", D("2025-08-01")),
            SpecialMeasure(c, "intermediary", "granted", D("2025-10-10")),  # after the period
        ]
    )
    justice.save_vps(
        VictimPersonalStatement(c, offered_on=D("2025-07-20"), made_on=D("2025-08-10"))
    )

    a = matter("A", None)
    event(a, "reported_to_police", "2025-07-06")
    event(a, "police_decision", "2025-09-01", outcome_code="outcome_16")

    i = matter("I", "2023-12-01")
    event(i, "reported_to_police", "2023-12-01")
    event(i, "police_decision", "2024-03-01", outcome_code="outcome_18")

    j = matter("J", None)
    event(j, "sarc_self_referral", "2025-06-30")

    g = matter("G", "2025-06-05")  # excluded for consent
    event(g, "reported_to_police", "2025-06-05")


def _referrals(session: VaultSession, refs: dict[str, str]) -> None:
    """A: talking therapies (made in July, accepted after 10 days, seen after 36), housing
    (offered in September), specialist counselling (made in September, turned down only in
    October) and a GP referral made in June and accepted on 3 July (32 days). G's is left out."""
    referrals = session.referrals
    for letter in ("A", "G"):
        session.cases.record_consent(
            ConsentRecord(
                refs[letter],
                "referral_named_agencies",
                "given",
                D("2025-05-01"),
                "verbal",
                scope="GP, talking therapies, counselling, housing",
            )
        )

    def make(letter: str, kind: str, on: str, offer: bool = False) -> int:
        referral = Referral(refs[letter], kind, D(on))
        made = referrals.offer(referral) if offer else referrals.make(referral)
        assert made.referral.id is not None
        return made.referral.id

    therapies = make("A", "talking_therapies", "2025-07-15")
    referrals.change_status(therapies, "accepted", D("2025-07-25"))
    referrals.change_status(therapies, "first_appointment", D("2025-08-20"))
    make("A", "housing", "2025-09-10", offer=True)
    counselling = make("A", "specialist_counselling", "2025-09-20")
    referrals.change_status(counselling, "rejected", D("2025-10-02"), reason="service_full")
    gp = make("A", "gp", "2025-06-01")
    referrals.change_status(gp, "accepted", D("2025-07-03"))
    make("G", "gp", "2025-07-21")


def _feedback(session: VaultSession, refs: dict[str, str]) -> None:
    """Exit feedback from C and one anonymous, in the period (G's is left out); PHQ-9 for A
    (18 at intake, 9 in September: 9 points better) and I (latest before the period); GAD-7
    for C (14 at intake, 21 at exit: 7 points worse)."""
    record = session.feedback.record_administration

    def answered(
        instrument: str, point: str, on: str, case: str | None, answers: dict[str, Any]
    ) -> None:
        record(
            Administration(
                instrument,
                1,
                point,
                "self_completed",
                D(on),
                answers,
                case_reference=refs[case] if case else None,
                review_number=1 if point == "review" else None,
            )
        )

    exit_form = "service_feedback_exit"
    answered(
        exit_form,
        "exit",
        "2025-08-15",
        "C",
        {"believed": 5, "listened_to": 4, "choices": "declined", "comments": "Thank you."},
    )
    answered(exit_form, "exit", "2025-09-01", None, {"believed": 5, "listened_to": 5})
    answered(exit_form, "exit", "2025-08-01", "G", {"believed": 1})
    phq = [f"phq9_{n}" for n in range(1, 10)]
    gad = [f"gad7_{n}" for n in range(1, 8)]
    answered("phq9", "intake", "2025-07-12", "A", dict.fromkeys(phq, 2))
    answered("phq9", "review", "2025-09-15", "A", dict.fromkeys(phq, 1))
    answered("phq9", "intake", "2024-02-01", "I", dict.fromkeys(phq, 3))
    answered("phq9", "review", "2025-06-01", "I", dict.fromkeys(phq, 0))
    answered("gad7", "intake", "2025-03-03", "C", dict.fromkeys(gad, 2))
    answered("gad7", "exit", "2025-08-15", "C", dict.fromkeys(gad, 3))


def column(ret: Any, table_id: str) -> dict[str, int]:
    """A one-column table's counts by row code (only the rows that are not 0)."""
    table = ret.table(table_id)
    return {code: row[0] for code, row in zip(table.rows, table.counts, strict=True) if row[0]}
