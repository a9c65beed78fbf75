"""Who the synthetic survivors are: demographics, languages and names.

Part of the synthetic distributions; see :mod:`survivorapp.services.synthetic.distributions`.
"""

from __future__ import annotations

from collections.abc import Mapping

from survivorapp.domain.answers import Unanswered
from survivorapp.services.synthetic.weighted import (
    DECLINED,
    NOT_ASKED,
    UNKNOWN,
    Weighted,
)

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
