"""What happened: the presenting incident's timing, type, relationship and recording.

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
