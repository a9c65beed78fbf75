"""The distributions behind synthetic justice journeys (see :mod:`.justice` for the sources).

Kept apart from the journey maker so the figures can be read, and checked against REFERENCE.md
section 1.12, in one place.
"""

from __future__ import annotations

from typing import Final

from survivorapp.services.synthetic.distributions import Weighted

# Share of cases reported to police, by service line. ISVAs mostly support people who have
# reported; overall about half of the generated cases report (ISVA lines are about half of
# all cases).
REPORTED: Final = {
    "isva": 0.85,
    "cyp_isva": 0.75,
    "advocacy": 0.35,
    "counselling": 0.2,
    "other": 0.2,
    "helpline": 0.1,
}
SECOND_MATTER: Final = 0.03
"""A second suspect or a second offence reported separately."""

# How a matter ends, in percent of reported rapes (London Rape Review 2016 cohort, see above).
ENDINGS: Final = Weighted(
    {
        "not_recorded": 16.0,  # 84% recorded as crime
        "withdrew": 58.0,  # 58% victim withdrew
        "police_nfa": 14.0,
        "cps_nfa": 4.0,
        "discontinued": 1.5,  # charged, then CPS discontinued before trial
        "guilty_plea": 0.5,  # convicted without a trial: 0.5 + 2.5 = 3% convicted
        "convicted_at_trial": 2.5,  # trials: 2.5 + 3.5 = 6% reached trial
        "acquitted": 3.5,
    }
)
POLICE_NFA_CODES: Final = Weighted(
    {
        "outcome_15": 60.0,
        "outcome_18": 25.0,
        "outcome_20": 5.0,
        "outcome_10": 5.0,
        "outcome_21": 5.0,
    }
)
RELISTINGS: Final = Weighted({0: 40.0, 1: 30.0, 2: 15.0, 3: 8.0, 4: 4.0, 5: 3.0})
RELIST_REASONS: Final = Weighted(
    {
        "no_court_or_judge": 22.0,
        "overlisting": 14.0,
        "prosecution_not_ready": 10.0,
        "disclosure": 10.0,
        "defence_not_ready": 8.0,
        "no_defence_barrister": 8.0,
        "earlier_trial_overran": 10.0,
        "witness_unavailable": 5.0,
        "defendant_ill": 4.0,
        "survivor_unavailable": 3.0,
        "interpreter": 2.0,
        "other": 4.0,
    }
)
MEASURES: Final = (
    ("video_recorded_evidence_in_chief", 0.6),
    ("screens", 0.5),
    ("live_link", 0.35),
    ("evidence_in_private", 0.1),
    ("removal_of_wigs_and_gowns", 0.1),
    ("s28_pre_recorded_cross_examination", 0.1),
    ("intermediary", 0.05),
    ("communication_aids", 0.03),
)
SENTENCES: Final = Weighted(
    {"immediate_custody": 85.0, "suspended_sentence": 10.0, "community_order": 5.0}
)
READING: Final = Weighted(
    {
        "read_by_prosecutor": 40.0,
        "read_by_survivor": 20.0,
        "not_read_aloud": 20.0,
        "played": 5.0,
        "not_decided": 15.0,
    }
)
FORCES: Final = Weighted(
    {
        "Metropolitan Police Service": 95.0,
        "British Transport Police": 3.0,
        "City of London Police": 2.0,
    }
)
CROWN_COURTS: Final = (
    "Snaresbrook Crown Court",
    "Southwark Crown Court",
    "Inner London Crown Court",
    "Wood Green Crown Court",
    "Isleworth Crown Court",
    "Harrow Crown Court",
    "Kingston-upon-Thames Crown Court",
    "Croydon Crown Court",
    "Woolwich Crown Court",
    "Central Criminal Court",
)
MAGISTRATES: Final = (
    "Westminster Magistrates' Court",
    "Highbury Corner Magistrates' Court",
    "Thames Magistrates' Court",
    "Croydon Magistrates' Court",
    "Willesden Magistrates' Court",
)
BAIL_CONDITIONS: Final = (
    "Not to contact the complainant directly or indirectly.",
    "Not to contact the complainant; not to enter the named borough.",
    "Not to contact the complainant; to live and sleep at the address given.",
)
