"""What each police, CPS and court outcome code means for a matter: its group, and review.

Tables only, keyed by the codes in ``police_outcome``, ``cps_outcome`` and ``court_outcome``;
the walk through a matter's events (``justice.walk``) applies them. A unit test checks every
code here is in its vocabulary. The reasons a matter ended are named here too: the walk
decides them, and the journey's state, the case view and the return read them.
"""

from __future__ import annotations

from typing import Final

# Why a matter ended (JourneyState.ended_reason, LeftProcess.reason).
SURVIVOR_WITHDREW: Final = "survivor_withdrew"
POLICE_DECISION: Final = "police_decision"
CPS_DECISION: Final = "cps_decision"
COURT_OUTCOME: Final = "court_outcome"
SENTENCED: Final = "sentenced"
DOES_NOT_WANT: Final = "does_not_want_to_proceed"
"""The survivor's position that makes a police or CPS decision to stop a withdrawal."""

POLICE_GROUPS: Final[dict[str, str]] = {
    **dict.fromkeys(("outcome_2", "outcome_3", "outcome_6", "outcome_7"), "out_of_court_disposal"),
    **dict.fromkeys(("outcome_8", "outcome_22"), "out_of_court_disposal"),
    **dict.fromkeys(("outcome_14", "outcome_16"), "survivor_withdrew"),
    "outcome_15": "police_nfa_evidential",
    "outcome_18": "police_nfa_no_suspect",
    **dict.fromkeys(("outcome_9", "outcome_10", "outcome_21"), "police_nfa_public_interest"),
    **dict.fromkeys(
        ("outcome_5", "outcome_11", "outcome_12", "outcome_13", "outcome_17"),
        "police_nfa_prevented",
    ),
    **dict.fromkeys(("outcome_4", "outcome_20"), "police_nfa_other"),
}
"""The return's outcome group for each police outcome code other than 1 (charged)."""

POLICE_CHARGED: Final = "outcome_1"
SURVIVOR_WITHDRAWAL_CODES: Final = frozenset({"outcome_14", "outcome_16"})
POLICE_REVIEWABLE: Final = frozenset({"outcome_10", "outcome_15", "outcome_16", "outcome_21"})
"""Police decisions the police VRR scheme covers (suspect identified; not out of court).

The scheme excludes cases the victim withdrew, but outcome 16 stays here: a withdrawal is
sometimes recorded without the victim's view (REFERENCE.md 1.3), and a missed window cannot be
reopened, so the reminder errs on the side of showing.
"""
CPS_REVIEWABLE_POLICE: Final = frozenset({"outcome_9"})

CHARGES: Final = frozenset({"charged_rape", "charged_other_offence"})
CPS_GROUPS: Final[dict[str, str]] = {
    "nfa_evidential": "cps_nfa",
    "nfa_public_interest": "cps_nfa",
    "out_of_court_disposal": "out_of_court_disposal",
    "administratively_finalised": "cps_admin_finalised",
}
CPS_REVIEWABLE: Final = frozenset({"nfa_evidential", "nfa_public_interest"})

CONVICTIONS: Final = frozenset(
    {
        "guilty_plea",
        "guilty_plea_lesser_offence",
        "convicted_after_trial",
        "convicted_lesser_offence",
        "proved_in_absence",
    }
)
NOT_FINAL: Final = frozenset({"not_guilty_plea", "hung_jury", "appeal_retrial_ordered"})
ACQUITTALS: Final = frozenset(
    {"jury_acquittal", "judge_directed_acquittal", "judge_ordered_acquittal", "conviction_quashed"}
)
COURT_REVIEWABLE: Final = frozenset({"judge_ordered_acquittal", "left_on_file"})
"""Offering no evidence and leaving on file qualify for CPS VRR (REFERENCE.md 1.4)."""
