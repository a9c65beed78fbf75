"""How the service works a case: line profiles, closures, sessions, tasks and consent.

Part of the synthetic distributions; see :mod:`survivorapp.services.synthetic.distributions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from survivorapp.services.synthetic.weighted import (
    NOT_ASKED,
    UNKNOWN,
    Weighted,
)

# --- how: the service, its process and its sessions -----------------------------------------


@dataclass(frozen=True)
class LineProfile:
    """How cases on one service line move: delays in days, session rhythm and mix.

    Medians are [D] estimates: ISVA support lasts through a criminal justice journey that
    averages 18 months from report to trial outcome (REFERENCE 1.12) though most cases end
    earlier; counselling has a waiting list of months (RCEW waiting lists, REFERENCE 2.2) and
    then about 12-16 weekly sessions.
    """

    attempt_days: int
    wait_median: float
    support_median: float
    interval: float
    sources: Weighted[str]
    kinds: Weighted[str]
    modes: Weighted[str]


# Referral sources: REFERENCE 3.5 (SARC referrals 78% police; self-referral the largest
# route into Rape Crisis counselling) [D shares].
_ISVA_SOURCES = {
    "police": 38.0, "sarc": 20.0, "self": 14.0, "gateway": 7.0, "vcs_sexual_violence": 4.0,
    "vcs_domestic_abuse": 4.0, "health_gp": 2.0, "health_mental": 2.0, "health_acute": 1.0,
    "social_care": 2.0, "cjs_other": 2.0, "family_friend": 1.0, "education": 1.0,
    "immigration": 0.5, "housing": 0.5, "other": 0.5, NOT_ASKED: 0.5,
}  # fmt: skip
_COUNSELLING_SOURCES = {
    "self": 45.0, "health_gp": 12.0, "health_mental": 10.0, "police": 5.0, "sarc": 7.0,
    "gateway": 5.0, "vcs_sexual_violence": 4.0, "vcs_domestic_abuse": 3.0, "education": 2.0,
    "health_sexual": 2.0, "family_friend": 1.5, "employer": 0.5, "housing": 0.5,
    "social_care": 1.0, "immigration": 0.5, "other": 1.0,
}  # fmt: skip
_CYP_SOURCES = {
    "police": 30.0, "sarc": 20.0, "social_care": 20.0, "education": 12.0, "health_mental": 5.0,
    "health_gp": 3.0, "family_friend": 4.0, "self": 4.0, "vcs_sexual_violence": 2.0,
}  # fmt: skip
_SUPPORT_KINDS = Weighted(
    {"emotional_support": 88.0, "safety_planning": 3.0, "advocacy": 2.0, "other": 7.0}
)
_ISVA_KINDS = Weighted(
    {
        "advocacy": 35.0,
        "emotional_support": 28.0,
        "court_support": 8.0,
        "safety_planning": 12.0,
        "other": 17.0,
    }
)
_REMOTE_MODES = Weighted(
    {"phone": 45.0, "in_person": 25.0, "video": 10.0, "text_chat": 12.0, "email": 8.0}
)
PROFILES: Mapping[str, LineProfile] = {
    "isva": LineProfile(3, 6.0, 200.0, 18.0, Weighted(_ISVA_SOURCES), _ISVA_KINDS, _REMOTE_MODES),
    "cyp_isva": LineProfile(
        3, 8.0, 180.0, 16.0, Weighted(_CYP_SOURCES), _ISVA_KINDS, _REMOTE_MODES
    ),
    "counselling": LineProfile(
        7,
        80.0,
        100.0,
        8.0,
        Weighted(_COUNSELLING_SOURCES),
        _SUPPORT_KINDS,
        Weighted({"in_person": 55.0, "video": 30.0, "phone": 15.0}),
    ),
    "helpline": LineProfile(
        0,
        0.0,
        10.0,
        5.0,
        Weighted({**_COUNSELLING_SOURCES, "self": 80.0}),
        Weighted({"emotional_support": 70.0, "safety_planning": 10.0, "other": 20.0}),
        Weighted({"phone": 70.0, "text_chat": 25.0, "email": 5.0}),
    ),
    "advocacy": LineProfile(
        5,
        12.0,
        80.0,
        14.0,
        Weighted(_ISVA_SOURCES),
        Weighted(
            {"advocacy": 60.0, "emotional_support": 20.0, "safety_planning": 10.0, "other": 10.0}
        ),
        _REMOTE_MODES,
    ),
    "other": LineProfile(
        7, 20.0, 60.0, 14.0, Weighted(_COUNSELLING_SOURCES), _SUPPORT_KINDS, _REMOTE_MODES
    ),
}
# Mostly ISVA and counselling (REFERENCE 2.5 service lines) [D].
ADULT_LINES = Weighted(
    {"isva": 45.0, "counselling": 36.0, "helpline": 7.0, "advocacy": 9.0, "other": 3.0}
)
CHILD_LINES = Weighted({"cyp_isva": 78.0, "counselling": 15.0, "helpline": 4.0, "other": 3.0})
# Why support ended, and how much of the planned support happened first (REFERENCE 2.5).
CLOSURE = Weighted(
    {
        "support_complete": 55.0,
        "no_longer_in_contact": 17.0,
        "chose_to_end": 12.0,
        "transferred": 6.0,
        "moved_away": 3.0,
        "not_eligible": 2.0,
        "other": 4.9,
        "died": 0.1,
    }
)
NEVER_REACHED = 0.03
LEFT_WAITING_LIST = 0.06
LEFT_WAITING_REASON = Weighted(
    {"chose_to_end": 50.0, "no_longer_in_contact": 25.0, "transferred": 15.0, "moved_away": 10.0}
)
MAX_SESSIONS = 40
SESSION_MINUTES: Mapping[str, tuple[int, int]] = {
    "in_person": (45, 90),
    "video": (40, 60),
    "phone": (10, 45),
    "text_chat": (10, 40),
    "email": (5, 20),
}
START_TIMES = tuple(time(h, m) for h in range(9, 19) for m in (0, 15, 30, 45))
RISK_FLAGS = Weighted(
    {
        "suicide_self_harm": 30.0,
        "harm_from_perpetrator": 20.0,
        "domestic_abuse": 15.0,
        "housing_unsafe": 10.0,
        "substance_use": 8.0,
        "child_safeguarding": 7.0,
        "adult_safeguarding": 4.0,
        "exploitation_trafficking": 2.0,
        "urgent_medical": 2.0,
        "other": 2.0,
    }
)
# Short, neutral notes about the support itself; nothing about what happened.
NOTES: Mapping[str, tuple[str, ...]] = {
    "needs_assessment": (
        "Needs assessment completed.",
        "Explained the service and how support works.",
        "Initial call; agreed how and when to make contact.",
        "Introduced the counselling service; added to the waiting list.",
    ),
    "emotional_support": (
        "Check-in call; coping well this week.",
        "Session focused on sleep and routine.",
        "Grounding techniques practised.",
        "Reviewed goals for counselling.",
        "Talked about support from friends and family.",
        "Ending planned; two sessions left.",
        "Agreed to pause support for a month.",
    ),
    "advocacy": (
        "Discussed options for reporting.",
        "Called the officer in the case for an update.",
        "Update given on the police investigation.",
        "Helped complete a CICA application.",
        "Letter of support written for housing.",
        "Explained the Victims' Right to Review.",
        "Referred to GP with consent.",
        "Discussed the Victim Personal Statement.",
    ),
    "court_support": (
        "Pre-trial visit arranged.",
        "Pre-trial visit completed.",
        "Discussed special measures.",
        "Talked through what to expect at court.",
        "Liaised with the Witness Service.",
        "Welfare check after the trial date moved.",
    ),
    "safety_planning": (
        "Safety plan reviewed; no changes.",
        "Safety plan updated.",
        "Safe contact arrangements checked.",
    ),
    "other": (
        "Contact attempt, no answer; no voicemail left as agreed.",
        "Signposted to a peer support group.",
        "Agreed next contact by phone.",
        "Paperwork sent by secure email.",
    ),
}
NOTE_CHANCE = 0.6
TASK_TEXTS = (
    "Call back to arrange a pre-trial visit",
    "Chase the officer in the case for an update",
    "Send CICA evidence",
    "Review the safety plan",
    "Book an interpreter for the next session",
    "Check consent before referring to counselling",
    "Follow up the GP referral",
    "Confirm the court date with Witness Care",
    "Write the closing letter",
)
ACTIVE_TASKS = Weighted({0: 35.0, 1: 35.0, 2: 20.0, 3: 10.0})

# Consent per purpose at first contact; "" means nothing recorded for that purpose. About 5%
# refuse anonymised statistics; consent to share with the police is the one most often
# withdrawn (London Rape Review: 58% of complainants withdrew, REFERENCE 1.12) [D].
CONSENT_STATES: Mapping[str, Weighted[str]] = {
    "support": Weighted({"given": 98.0, "refused": 0.5, "": 1.5}),
    "anonymised_statistics": Weighted({"given": 93.0, "refused": 5.0, "": 2.0}),
    "contact_feedback": Weighted({"given": 60.0, "refused": 25.0, "": 15.0}),
    "share_police_cjs": Weighted({"given": 20.0, "refused": 35.0, "": 45.0}),
    "referral_named_agencies": Weighted({"given": 30.0, "refused": 5.0, "": 65.0}),
}
ISVA_POLICE_CONSENT = Weighted({"given": 60.0, "refused": 20.0, "": 20.0})
WITHDRAWAL: Mapping[str, float] = {
    "share_police_cjs": 0.12,
    "anonymised_statistics": 0.01,
    "contact_feedback": 0.03,
    "referral_named_agencies": 0.02,
    "support": 0.01,
}
CONSENT_METHOD = Weighted({"verbal": 55.0, "written": 15.0, "electronic": 22.0, "by_referrer": 8.0})

# Safe-contact answers per channel (REFERENCE 6.5, Safety); not asked means no entry [D].
CHANNEL_SAFETY: Mapping[str, Weighted[str]] = {
    "phone": Weighted({"safe": 78.0, "not_safe": 8.0, UNKNOWN: 6.0, NOT_ASKED: 8.0}),
    "text": Weighted({"safe": 70.0, "not_safe": 10.0, UNKNOWN: 8.0, NOT_ASKED: 12.0}),
    "voicemail": Weighted({"safe": 35.0, "not_safe": 40.0, UNKNOWN: 10.0, NOT_ASKED: 15.0}),
    "email": Weighted({"safe": 45.0, "not_safe": 15.0, UNKNOWN: 15.0, NOT_ASKED: 25.0}),
    "post": Weighted({"safe": 25.0, "not_safe": 45.0, UNKNOWN: 10.0, NOT_ASKED: 20.0}),
}
THIRD_PARTIES = ("Sister", "Friend", "Mum", "Cousin", "Support worker")
SAFE_TIMES = ("weekdays 9-5", "after 6pm", "mornings only", "weekdays before 3pm", "any time")
CODE_WORDS = ("bluebell", "lighthouse", "marmalade", "juniper", "pebble", "willow", "teapot")
AGENCIES = ("GP", "NHS Talking Therapies", "housing options team", "local DA service", "CAMHS")
