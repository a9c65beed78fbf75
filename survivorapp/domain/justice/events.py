"""What each kind of justice event means for the journey: its stage and what it must carry.

The labels live in ``cjs_event_type.json``; this module holds only the rules that code acts
on, keyed by the same codes, so the derivation needs no vocabulary to run. A unit test keeps
the two in step (every code here is in the file, and each stage matches the file's group).
"""

from __future__ import annotations

from typing import Final, Protocol

STAGES: Final = (
    "report",
    "investigation",
    "charging_decision",
    "pre_trial",
    "trial",
    "verdict",
    "sentence",
    "post_sentence",
)
STAGE_INDEX: Final = {stage: index for index, stage in enumerate(STAGES)}

_BY_STAGE: dict[str, list[str]] = {
    "report": [
        "reported_to_police",
        "crime_recorded",
        "not_recorded_as_crime",
        "crime_cancelled",
        "sarc_self_referral",
        "forensic_examination",
        "forensic_examination_declined",
        "abe_interview",
        "written_statement",
    ],
    "investigation": [
        "suspect_arrested",
        "suspect_interviewed",
        "pre_charge_bail",
        "bail_conditions_updated",
        "bail_extended",
        "released_under_investigation",
        "survivor_views_on_bail_sought",
        "digital_download_requested",
        "third_party_material_requested",
        "early_advice_requested",
        "early_advice_given",
        "file_to_cps",
        "cps_action_plan",
        "police_decision",
    ],
    "charging_decision": ["charging_decision"],
    "pre_trial": [
        "first_appearance",
        "remanded_in_custody",
        "court_bail",
        "ptph",
        "special_measures_application",
        "ground_rules_hearing",
        "s28_hearing",
        "trial_listed",
        "trial_relisted",
        "trial_adjourned",
        "trial_vacated",
        "cps_discontinued",
    ],
    "trial": ["trial_started", "retrial_ordered"],
    "verdict": ["verdict"],
    "sentence": ["sentencing_listed", "sentence"],
    "post_sentence": [
        "vcs_referral",
        "vcs_opt_out",
        "vlo_contact",
        "licence_conditions_requested",
        "parole_review",
        "parole_hearing",
        "release_notified",
        "recall_notified",
        "appeal_lodged",
        "uls_referral_requested",
        "appeal_hearing",
        "appeal_dismissed",
        "sentence_varied",
        "conviction_quashed",
        "appeal_retrial_ordered",
    ],
}

EVENT_STAGE: Final[dict[str, str]] = {
    event: stage for stage, events in _BY_STAGE.items() for event in events
}
"""The stage an event moves the journey to. Events not listed here do not move it."""


class StagedEvent(Protocol):
    """What :func:`stage_of` reads of an event (a ``JusticeEvent`` has it). A protocol rather
    than the class: ``justice.records`` reads this catalogue to validate events, so importing
    it back would tie the two modules in a circle."""

    @property
    def event_type(self) -> str: ...
    @property
    def outcome_code(self) -> str | None: ...


def stage_of(event: StagedEvent) -> str | None:
    """The stage an event moves the journey to; a not-guilty plea or hung jury is no verdict."""
    if event.event_type == "verdict":
        if event.outcome_code == "not_guilty_plea":
            return "pre_trial"
        if event.outcome_code == "hung_jury":
            return "trial"
    return EVENT_STAGE.get(event.event_type)


VRR_EVENTS: Final = frozenset(
    [
        "vrr_police_requested",
        "vrr_police_upheld",
        "vrr_police_reinstated",
        "vrr_cps_requested",
        "vrr_cps_local_upheld",
        "vrr_cps_appeal_requested",
        "vrr_cps_upheld",
        "vrr_cps_reinstated",
        "vrr_cps_cannot_restart",
    ]
)
"""Reviews of a decision: shown with the charging decision, but they do not move the stage."""

NEUTRAL_EVENTS: Final = frozenset({"cica_application", "cica_decision", "entered_in_error"})

TIMELINE_GROUP: Final[dict[str, str]] = {
    **EVENT_STAGE,
    **dict.fromkeys(VRR_EVENTS, "charging_decision"),
    "cica_application": "compensation",
    "cica_decision": "compensation",
}
"""Where each event sits on the timeline (the vocabulary group); ``entered_in_error`` has none."""

ALL_EVENT_TYPES: Final = frozenset(EVENT_STAGE) | VRR_EVENTS | NEUTRAL_EVENTS

OUTCOME_VOCABULARY: Final[dict[str, str]] = {
    "police_decision": "police_outcome",
    "charging_decision": "cps_outcome",
    "verdict": "court_outcome",
    "sentence": "sentence_type",
}
"""Event types that carry an outcome code, and the vocabulary it comes from."""

OUTCOME_REQUIRED: Final = frozenset({"police_decision", "charging_decision", "verdict"})

PER_DEFENDANT: Final = frozenset({"verdict", "sentence"})
"""Events that may name a defendant (and, for verdicts, a count)."""

TRIAL_CHANGES: Final = frozenset({"trial_relisted", "trial_adjourned", "trial_vacated"})

HEARINGS: Final = frozenset(
    {
        "first_appearance",
        "ptph",
        "ground_rules_hearing",
        "s28_hearing",
        "trial_listed",
        "sentencing_listed",
        "parole_hearing",
        "appeal_hearing",
    }
)
"""Events that can carry the date of a hearing (which may be in the future)."""

HEARING_DATE_ALLOWED: Final = HEARINGS | TRIAL_CHANGES
HEARING_DATE_REQUIRED: Final = frozenset({"trial_listed", "trial_relisted", "sentencing_listed"})

ENTERED_IN_ERROR: Final = "entered_in_error"
