"""Who the synthetic survivors are: demographics, names and safe-contact preferences.

Each answer is drawn from :mod:`.distributions`, with the share of "not asked",
"prefer not to say" and "unknown" that services really see; answers that go together in life
go together here (religion and language with ethnicity, pronouns with gender identity, sexual
orientation not asked under 16 as in the Census).
"""

from __future__ import annotations

import random
from datetime import date
from typing import TypeVar

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.contact import ChannelPreference, SafeContact
from survivorapp.domain.survivor import Survivor
from survivorapp.services.synthetic import distributions as dist

T = TypeVar("T")
NOT_ASKED = Unanswered.NOT_ASKED
RESTRICTED = 0.01  # e.g. a staff member's relative: a few in a demo vault [D]


def make_survivor(rng: random.Random, reference: str, referral: int) -> tuple[Survivor, int, bool]:
    """A new survivor referred on ``referral``; also their true birth date and interpreter need."""
    low, high = dist.AGE_AT_REFERRAL.pick(rng)
    age = rng.randint(low, high)
    birth = referral - int(age * dist.YEAR) - rng.randrange(365)
    born = date.fromordinal(birth)
    sex = dist.SEX.pick(rng)
    trans = rng.random() < 0.015
    gender = gender_for(rng, sex, trans)
    first = rng.choice(first_names(gender, sex))
    ethnicity = dist.ETHNICITY.pick(rng)
    language, interpreter = language_for(rng, ethnicity)
    restricted = rng.random() < RESTRICTED
    disabled, disability_types = disability(rng)
    survivor = Survivor(
        reference=reference,
        name=f"{first} {rng.choice(dist.SURNAMES)}" if rng.random() < 0.93 else None,
        known_as=known_as(rng, first),
        pronouns=pronouns_for(rng, gender),
        date_of_birth=born if (r := rng.random()) < 0.72 else dist.BIRTH_MISSING.pick(rng),
        birth_year=born.year if r < 0.86 else dist.BIRTH_MISSING.pick(rng),
        sex=sex,
        gender_identity=gender,
        gender_identity_text=(rng.choice(dist.OWN_WORDS) if gender == "in_own_words" else None),
        trans_history=answered(rng, trans, 0.57, dist.TRANS_MISSING),
        sexual_orientation=NOT_ASKED if age < 16 else dist.ORIENTATION.pick(rng),
        ethnicity=answered(rng, ethnicity, 0.89, dist.ETHNICITY_MISSING),
        religion=religion_for(rng, ethnicity),
        disability=disabled,
        disability_types=disability_types,
        vulnerabilities=vulnerabilities(rng, age, interpreter),
        first_language=answered(rng, language, 0.9, dist.LANGUAGE_MISSING),
        interpreter_needed=answered(rng, interpreter, 0.9, dist.LANGUAGE_MISSING),
        residence_borough=dist.RESIDENCE.pick(rng),
        restricted=restricted,
    )
    return survivor, birth, interpreter


def answered(
    rng: random.Random, value: T, chance: float, missing: dist.Weighted[Unanswered]
) -> T | Unanswered:
    return value if rng.random() < chance else missing.pick(rng)


def gender_for(rng: random.Random, sex: str, trans: bool) -> str:
    if isinstance(sex, Unanswered) or rng.random() < 0.15:
        return dist.GENDER_MISSING.pick(rng)
    if trans:
        return dist.TRANS_GENDER.pick(rng)
    table = dist.GENDER_BY_SEX.get(sex, dist.GENDER_OTHER)
    return table.pick(rng)


def first_names(gender: str, sex: str) -> tuple[str, ...]:
    if gender == "woman" or (gender not in ("man", "non_binary") and sex == "female"):
        return dist.FEMALE_NAMES
    if gender == "man" or (gender != "non_binary" and sex == "male"):
        return dist.MALE_NAMES
    return dist.NEUTRAL_NAMES


def known_as(rng: random.Random, first: str) -> str | None:
    r = rng.random()
    if r < 0.55:
        return first
    if r < 0.7:
        return dist.NICKNAMES.get(first, first)
    return None


def pronouns_for(rng: random.Random, gender: str) -> str:
    if isinstance(gender, Unanswered) or rng.random() < 0.25:
        return NOT_ASKED
    return dist.PRONOUNS_BY_GENDER[gender].pick(rng)


def language_for(rng: random.Random, ethnicity: str) -> tuple[str, bool]:
    if rng.random() < 0.003:
        return "british_sign_language", True
    chance, table = dist.OTHER_LANGUAGE.get(ethnicity, (0.02, dist.ANY_OTHER_LANGUAGE))
    if rng.random() >= chance:
        return "english", False
    return table.pick(rng), rng.random() < 0.35


def religion_for(rng: random.Random, ethnicity: str) -> str:
    if rng.random() < 0.28:
        return dist.RELIGION_MISSING.pick(rng)
    table = dist.RELIGION_BY_ETHNICITY.get(ethnicity, dist.RELIGION)
    return table.pick(rng)


def disability(rng: random.Random) -> tuple[Answer[bool], Answer[tuple[str, ...]]]:
    """Whether disabled, and the types: none when not, the same non-answer when unanswered."""
    answer = dist.DISABILITY.pick(rng)
    if isinstance(answer, Unanswered):
        return answer, answer
    if not answer:
        return False, ()
    if rng.random() < 0.2:
        return True, NOT_ASKED
    types = {dist.DISABILITY_TYPE.pick(rng) for _ in range(1 + (rng.random() < 0.3))}
    return True, tuple(sorted(types))


def vulnerabilities(rng: random.Random, age: int, interpreter: bool) -> Answer[tuple[str, ...]]:
    if rng.random() < 0.2:
        return NOT_ASKED
    found = [code for code, chance in dist.VULNERABILITY_CHANCE.items() if rng.random() < chance]
    if interpreter:
        found.append("interpreter_needed")
    if age < 18:
        found.append("child_young_person")
    elif age >= 65:
        found.append("older_person")
    return tuple(found)


def safe_contact(rng: random.Random, reference: str) -> SafeContact:
    channels = []
    never = []
    for channel, table in dist.CHANNEL_SAFETY.items():
        safety = table.pick(rng)
        if safety is NOT_ASKED:
            continue
        times = rng.choice(dist.SAFE_TIMES) if safety == "safe" and rng.random() < 0.4 else None
        channels.append(ChannelPreference(channel, safety, times))
        if safety == "not_safe" and rng.random() < 0.5:
            never.append(channel)
    return SafeContact(
        survivor_reference=reference,
        channels=tuple(channels),
        code_word=rng.choice(dist.CODE_WORDS) if rng.random() < 0.15 else None,
        safe_third_party=(
            f"{rng.choice(dist.THIRD_PARTIES)}: ask for {rng.choice(dist.FEMALE_NAMES)}"
            if rng.random() < 0.05
            else None
        ),
        never_contact_via=tuple(never),
    )
