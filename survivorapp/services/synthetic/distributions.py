"""The distributions behind the synthetic case records (see :mod:`synthetic`).

Plausible, not measured from any one service; each table names its basis: REFERENCE.md
sections 1.12, 2.2, 2.5 and 3, ONS Census 2021 for London (ethnicity, religion, borough
populations), and design estimates marked [D] where no public figure exists. Unanswered codes
sit in the same tables as real answers, so the share of "not asked", "prefer not to say" and
"unknown" is part of each distribution. Codes are vocabulary codes; a test checks every one.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Generic, TypeVar

from survivorapp.domain.answers import Unanswered

T = TypeVar("T")
NOT_ASKED, DECLINED, UNKNOWN = Unanswered.NOT_ASKED, Unanswered.DECLINED, Unanswered.UNKNOWN
YEAR = 365.25  # days, for ages and spans


class Weighted(Generic[T]):
    """A fixed discrete distribution; ``pick`` is one uniform draw and a bisect."""

    __slots__ = ("_cum", "_total", "_values")

    def __init__(self, table: Mapping[T, float]) -> None:
        self._values = tuple(table)
        self._cum = list(itertools.accumulate(table.values()))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self._values[bisect.bisect(self._cum, rng.random() * self._total)]

    @property
    def values(self) -> tuple[T, ...]:
        return self._values


# --- who: demographics ----------------------------------------------------------------------

# Age at referral (low, high) per band. Young skew: REFERENCE 3.9 (SARC users 61% under 25;
# women 16-19 about 3x the average rate); fewer under-13s than a SARC because most services
# here work with 13+ [D].
AGE_AT_REFERRAL = Weighted(
    {
        (8, 12): 2.0,
        (13, 15): 5.0,
        (16, 17): 6.0,
        (18, 24): 27.0,
        (25, 34): 25.0,
        (35, 44): 17.0,
        (45, 54): 11.0,
        (55, 64): 5.0,
        (65, 85): 2.0,
    }
)
# ~87% female (RCEW / ISVA services mostly support women and girls, REFERENCE 3.3) [D].
SEX = Weighted(
    {
        "female": 86.5,
        "male": 10.5,
        "intersex": 0.1,
        "described_another_way": 0.6,
        DECLINED: 0.8,
        NOT_ASKED: 1.2,
        UNKNOWN: 0.3,
    }
)
# ONS Census 2021, London (TS021), rounded percentages of residents.
ETHNICITY = Weighted(
    {
        "white_british": 36.8,
        "white_irish": 1.8,
        "white_gypsy_irish_traveller": 0.1,
        "white_roma": 0.4,
        "white_other": 14.7,
        "mixed_white_black_caribbean": 1.5,
        "mixed_white_black_african": 0.8,
        "mixed_white_asian": 1.5,
        "mixed_other": 1.9,
        "asian_indian": 7.5,
        "asian_pakistani": 3.3,
        "asian_bangladeshi": 3.7,
        "asian_chinese": 1.7,
        "asian_other": 4.6,
        "black_caribbean": 3.9,
        "black_african": 7.9,
        "black_other": 1.7,
        "other_arab": 1.6,
        "other_any": 4.7,
    }
)
ETHNICITY_MISSING = Weighted({NOT_ASKED: 5.0, DECLINED: 4.0, UNKNOWN: 2.0})  # 11% in all [D]
# ONS Census 2021, London (TS030); asked less often than ethnicity [D].
RELIGION = Weighted(
    {
        "christian": 40.7,
        "no_religion": 27.1,
        "muslim": 15.0,
        "hindu": 5.1,
        "jewish": 1.7,
        "sikh": 1.6,
        "buddhist": 1.0,
        "other": 1.0,
    }
)
RELIGION_MISSING = Weighted({NOT_ASKED: 20.0, DECLINED: 8.0})  # 28% in all [D]
RELIGION_BY_ETHNICITY: Mapping[str, Weighted[str]] = {
    "asian_bangladeshi": Weighted({"muslim": 90.0, "no_religion": 5.0, DECLINED: 5.0}),
    "asian_pakistani": Weighted({"muslim": 90.0, "no_religion": 5.0, DECLINED: 5.0}),
    "asian_indian": Weighted(
        {"hindu": 45.0, "sikh": 20.0, "muslim": 13.0, "christian": 10.0, "no_religion": 12.0}
    ),
    "other_arab": Weighted({"muslim": 75.0, "christian": 12.0, "no_religion": 13.0}),
}
# Date of birth (72% recorded), year only (14%), neither; "unknown" is rare [D].
BIRTH_MISSING = Weighted({DECLINED: 45.0, NOT_ASKED: 40.0, UNKNOWN: 15.0})
# Gender identity asked separately from sex (REFERENCE 3.3); ~1.5% trans history [D].
GENDER_MISSING = Weighted({NOT_ASKED: 85.0, DECLINED: 15.0})
GENDER_BY_SEX: Mapping[str, Weighted[str]] = {
    "female": Weighted({"woman": 97.5, "non_binary": 2.0, "in_own_words": 0.5}),
    "male": Weighted({"man": 98.0, "non_binary": 1.5, "in_own_words": 0.5}),
}
GENDER_OTHER = Weighted({"non_binary": 50.0, "in_own_words": 30.0, "woman": 10.0, "man": 10.0})
TRANS_GENDER = Weighted({"woman": 45.0, "man": 30.0, "non_binary": 20.0, "in_own_words": 5.0})
TRANS_MISSING = Weighted({NOT_ASKED: 85.0, DECLINED: 15.0})  # asked of 57% [D]
OWN_WORDS = ("genderfluid", "agender", "genderqueer", "trans woman", "trans man")
PRONOUNS_BY_GENDER: Mapping[str, Weighted[str]] = {
    "woman": Weighted({"she_her": 93.0, "she_they": 5.0, "any": 1.0, "name_only": 1.0}),
    "man": Weighted({"he_him": 94.0, "he_they": 5.0, "any": 1.0}),
    "non_binary": Weighted(
        {"they_them": 70.0, "she_they": 10.0, "he_they": 10.0, "name_only": 5.0, "any": 5.0}
    ),
    "in_own_words": Weighted({"they_them": 50.0, "any": 25.0, "name_only": 25.0}),
}
# Survivors of sexual violence include more bisexual women than the population [D].
ORIENTATION = Weighted(
    {
        "straight_heterosexual": 66.0,
        "gay_lesbian": 4.0,
        "bisexual": 8.5,
        "pansexual": 1.0,
        "asexual": 0.5,
        "queer": 1.0,
        "other": 0.5,
        DECLINED: 7.5,
        NOT_ASKED: 11.0,
    }
)
# Census 2021 disability screen; ~25% disabled among those supported [D].
DISABILITY: Weighted[bool | Unanswered] = Weighted(
    {True: 25.0, False: 55.0, DECLINED: 5.0, NOT_ASKED: 12.0, UNKNOWN: 3.0}
)
DISABILITY_TYPE = Weighted(
    {
        "mental_health": 55.0,
        "long_term_illness": 18.0,
        "physical_mobility": 14.0,
        "autism_neurodivergence": 11.0,
        "learning_disability": 7.0,
        "learning_difficulty": 7.0,
        "hearing": 4.0,
        "visual": 3.0,
        "other": 4.0,
    }
)
# Additional needs (REFERENCE 3.11), each an independent chance.
VULNERABILITY_CHANCE: Mapping[str, float] = {
    "mental_health_condition": 0.38,
    "self_harm_suicidal_thoughts": 0.14,
    "substance_use": 0.09,
    "homeless_insecure_housing": 0.07,
    "care_experienced": 0.05,
    "autism_neurodivergence": 0.04,
    "learning_disability": 0.035,
    "physical_disability": 0.04,
    "insecure_immigration_nrpf": 0.035,
    "asylum_seeker_refugee": 0.025,
    "sensory_impairment": 0.015,
    "contact_with_cjs_as_suspect": 0.02,
    "sex_work_exploitation": 0.02,
    "pregnancy": 0.02,
}
# Borough of residence: Census 2021 populations in thousands (E09000001-33, in code order).
BOROUGH_POPULATION = (
    8.6, 219, 389, 246, 339, 330, 210, 391, 367, 330, 289, 259, 183, 264, 261, 262, 306,
    288, 217, 144, 168, 317, 300, 215, 351, 311, 195, 307, 209, 311, 279, 328, 205,
)  # fmt: skip
_LONDON_TOTAL = sum(BOROUGH_POPULATION)
RESIDENCE = Weighted(
    {
        **{
            f"E090000{i:02d}": 89.0 * p / _LONDON_TOTAL
            for i, p in enumerate(BOROUGH_POPULATION, start=1)
        },
        "outside_london": 6.0,
        "no_fixed_abode": 1.5,
        UNKNOWN: 1.5,
        DECLINED: 1.0,
        NOT_ASKED: 1.0,
    }
)
# First language other than English, by ethnicity (Census 2021 main languages in London) [D].
OTHER_LANGUAGE: Mapping[str, tuple[float, Weighted[str]]] = {
    "white_other": (
        0.55,
        Weighted(
            {
                "polish": 20.0,
                "romanian": 18.0,
                "portuguese": 10.0,
                "spanish": 10.0,
                "italian": 9.0,
                "bulgarian": 6.0,
                "lithuanian": 5.0,
                "hungarian": 4.0,
                "greek": 3.0,
                "albanian": 4.0,
                "french": 3.0,
                "german": 2.0,
                "russian": 3.0,
                "ukrainian": 3.0,
            }
        ),
    ),
    "white_roma": (0.7, Weighted({"romanian": 70.0, "other": 30.0})),
    "asian_bangladeshi": (0.3, Weighted({"bengali": 1.0})),
    "asian_pakistani": (0.2, Weighted({"urdu": 70.0, "punjabi": 30.0})),
    "asian_indian": (
        0.2,
        Weighted({"gujarati": 35.0, "punjabi": 25.0, "tamil": 15.0, "hindi": 25.0}),
    ),
    "asian_chinese": (0.4, Weighted({"cantonese": 45.0, "mandarin": 55.0})),
    "asian_other": (
        0.35,
        Weighted({"tamil": 30.0, "vietnamese": 20.0, "dari": 15.0, "pashto": 15.0, "other": 20.0}),
    ),
    "black_african": (
        0.25,
        Weighted(
            {
                "somali": 30.0,
                "yoruba": 15.0,
                "twi": 15.0,
                "tigrinya": 12.0,
                "amharic": 8.0,
                "french": 10.0,
                "portuguese": 10.0,
            }
        ),
    ),
    "other_arab": (0.45, Weighted({"arabic": 1.0})),
    "other_any": (
        0.35,
        Weighted({"farsi": 25.0, "kurdish": 20.0, "turkish": 30.0, "spanish": 10.0, "other": 15.0}),
    ),
}

ANY_OTHER_LANGUAGE = Weighted({"british_sign_language": 10.0, "french": 30.0, "other": 60.0})
LANGUAGE_MISSING = Weighted({NOT_ASKED: 80.0, UNKNOWN: 20.0})  # 10% [D]

FEMALE_NAMES = (
    "Aaliyah", "Abigail", "Adaeze", "Aisha", "Amara", "Amelia", "Ana", "Ayesha", "Bethany",
    "Blessing", "Bronwen", "Chantelle", "Chloe", "Darcy", "Destiny", "Ebony", "Eleni", "Ella",
    "Emily", "Esther", "Fatima", "Freya", "Georgia", "Grace", "Hannah", "Imani", "Isla", "Jade",
    "Jasmine", "Joanna", "Kavya", "Keisha", "Lauren", "Leah", "Lily", "Maria", "Maryam",
    "Megan", "Mia", "Nadia", "Niamh", "Olivia", "Oluwaseun", "Priya", "Rachel", "Rukhsana",
    "Samira", "Shanice", "Sophie", "Tamara", "Tayo", "Zainab", "Zara", "Zofia",
)  # fmt: skip
MALE_NAMES = (
    "Adam", "Ahmed", "Ben", "Callum", "Daniel", "Dev", "Emeka", "Ethan", "Hassan", "Jack",
    "Jamal", "Kofi", "Liam", "Marcus", "Mohammed", "Nathan", "Oliver", "Ravi", "Ryan", "Tomasz",
)  # fmt: skip
NEUTRAL_NAMES = ("Alex", "Ash", "Charlie", "Eden", "Jordan", "Kai", "River", "Robin", "Sasha")
SURNAMES = (
    "Adeyemi", "Ahmed", "Ali", "Andrews", "Baker", "Begum", "Bennett", "Brown", "Campbell",
    "Chen", "Clarke", "Collins", "Costa", "Davies", "Edwards", "Evans", "Francis", "Garcia",
    "Green", "Hall", "Harris", "Hughes", "Hussain", "Iqbal", "Jackson", "James", "Johnson",
    "Jones", "Khan", "King", "Kowalski", "Lee", "Lewis", "Martin", "Mensah", "Miah", "Mohamed",
    "Morris", "Murphy", "Nguyen", "Nowak", "O'Brien", "Okafor", "Osei", "Patel", "Popescu",
    "Rahman", "Reid", "Roberts", "Robinson", "Santos", "Shah", "Singh", "Smith", "Taylor",
    "Thomas", "Thompson", "Walker", "Ward", "White", "Williams", "Wilson", "Wright", "Yilmaz",
)  # fmt: skip
NICKNAMES = {
    "Abigail": "Abi", "Amelia": "Millie", "Bethany": "Beth", "Chantelle": "Chan",
    "Eleni": "Leni", "Emily": "Em", "Georgia": "George", "Hannah": "Han", "Jasmine": "Jas",
    "Joanna": "Jo", "Oluwaseun": "Seun", "Olivia": "Liv", "Rachel": "Rach", "Samira": "Sam",
    "Daniel": "Dan", "Mohammed": "Mo", "Nathan": "Nate", "Oliver": "Ollie",
}  # fmt: skip


# --- what: incidents ------------------------------------------------------------------------

# How long before the referral the presenting incident happened, per service line. REFERENCE
# 3.10 and 2.2: a large share is non-recent (adult survivors of child sexual abuse were about
# half of Rape Crisis service users); ISVA referrals, often via police and SARCs, more recent.
RECENT = "recent"
WITHIN_YEAR = "within_year"
ADULT_NON_RECENT = "adult_non_recent"
CHILDHOOD = "childhood"
LAG: Mapping[str, Weighted[str]] = {
    "isva": Weighted({RECENT: 20.0, WITHIN_YEAR: 40.0, ADULT_NON_RECENT: 22.0, CHILDHOOD: 18.0}),
    "cyp_isva": Weighted({RECENT: 18.0, WITHIN_YEAR: 52.0, CHILDHOOD: 30.0}),
    "counselling": Weighted(
        {RECENT: 4.0, WITHIN_YEAR: 18.0, ADULT_NON_RECENT: 36.0, CHILDHOOD: 42.0}
    ),
    "helpline": Weighted(
        {RECENT: 12.0, WITHIN_YEAR: 28.0, ADULT_NON_RECENT: 30.0, CHILDHOOD: 30.0}
    ),
    "advocacy": Weighted(
        {RECENT: 10.0, WITHIN_YEAR: 35.0, ADULT_NON_RECENT: 30.0, CHILDHOOD: 25.0}
    ),
    "other": Weighted({RECENT: 10.0, WITHIN_YEAR: 30.0, ADULT_NON_RECENT: 30.0, CHILDHOOD: 30.0}),
}
ADULT_TYPES = Weighted(
    {
        "rape": 52.0,
        "sexual_assault": 19.0,
        "assault_by_penetration": 7.0,
        "attempted_rape_or_assault": 5.0,
        "drug_or_alcohol_facilitated": 4.0,
        "image_based_or_tech_facilitated": 3.0,
        "sexual_harassment": 2.0,
        "exposure_or_voyeurism": 0.7,
        "trafficking_or_sexual_exploitation": 1.0,
        "forced_marriage": 0.4,
        "fgm": 0.3,
        "institutional_abuse": 0.3,
        "ritual_or_organised_abuse": 0.2,
        "other": 1.0,
        DECLINED: 2.0,
        NOT_ASKED: 2.0,
    }
)
CHILD_TYPES = Weighted(
    {
        "child_sexual_abuse_in_family": 45.0,
        "child_sexual_abuse_outside_family": 33.0,
        "child_sexual_exploitation": 10.0,
        "rape": 5.0,
        "institutional_abuse": 2.5,
        "ritual_or_organised_abuse": 1.0,
        "image_based_or_tech_facilitated": 1.5,
        DECLINED: 2.0,
    }
)
# REFERENCE 3.7: CSEW 44% partner or ex-partner (rape); London Rape Review 7% stranger.
ADULT_RELATIONSHIP = Weighted(
    {
        "current_partner": 12.0,
        "ex_partner": 24.0,
        "date_or_brief_encounter": 12.0,
        "friend_or_acquaintance": 22.0,
        "family_other": 2.0,
        "family_sibling": 0.5,
        "family_parent": 0.5,
        "colleague_or_employer": 4.0,
        "position_of_trust": 3.0,
        "online_contact_only": 4.0,
        "neighbour": 2.0,
        "stranger": 8.0,
        "multiple_or_group": 2.0,
        UNKNOWN: 2.0,
        DECLINED: 2.0,
    }
)
CHILD_RELATIONSHIP = Weighted(
    {
        "family_parent": 24.0,
        "family_sibling": 10.0,
        "family_other": 24.0,
        "position_of_trust": 14.0,
        "friend_or_acquaintance": 13.0,
        "neighbour": 5.0,
        "online_contact_only": 3.0,
        "stranger": 3.0,
        "multiple_or_group": 2.0,
        UNKNOWN: 1.0,
        DECLINED: 1.0,
    }
)
YOUNG_PERSON_RELATIONSHIP = Weighted(
    {
        "friend_or_acquaintance": 30.0,
        "current_partner": 6.0,
        "ex_partner": 6.0,
        "date_or_brief_encounter": 8.0,
        "family_other": 10.0,
        "family_parent": 6.0,
        "family_sibling": 5.0,
        "online_contact_only": 10.0,
        "position_of_trust": 7.0,
        "stranger": 7.0,
        "multiple_or_group": 3.0,
        UNKNOWN: 2.0,
    }
)
PARTNERS = frozenset({"current_partner", "ex_partner"})
FAMILY = frozenset({"family_parent", "family_sibling", "family_other"})
CONTACT_TYPES = frozenset({"rape", "sexual_assault", "assault_by_penetration"})
# Exact dates are known for most recent incidents, rarely for childhood abuse [D].
DATE_RECORDED: Mapping[str, float] = {
    RECENT: 0.9,
    WITHIN_YEAR: 0.85,
    ADULT_NON_RECENT: 0.5,
    CHILDHOOD: 0.5,
}
DATE_MISSING = Weighted({UNKNOWN: 60.0, DECLINED: 25.0, NOT_ASKED: 15.0})
LOCATION_MISSING = Weighted({UNKNOWN: 60.0, DECLINED: 25.0, NOT_ASKED: 15.0})
AGE_MISSING = Weighted({UNKNOWN: 75.0, NOT_ASKED: 25.0})
PERPETRATOR_SEX = Weighted({"male": 96.5, "female": 2.5, UNKNOWN: 1.0})
KNOWN_TO_POLICE: Weighted[bool | Unanswered] = Weighted(
    {True: 15.0, False: 10.0, UNKNOWN: 50.0, NOT_ASKED: 25.0}
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
