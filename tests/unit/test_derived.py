"""Values worked out from stored facts: ages, bands, recency, the safe-contact line, consent."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from survivorapp.domain.ages import age_at, age_band, band_bounds
from survivorapp.domain.answers import Unanswered
from survivorapp.domain.consent import ConsentRecord, current_consent, has_consent, latest_consent
from survivorapp.domain.contact import (
    NOTHING_RECORDED,
    ChannelPreference,
    SafeContact,
    safe_contact_summary,
)
from survivorapp.domain.recency import one_year_after, recent_band
from survivorapp.domain.survivor import Survivor
from tests.strategies import VOCABULARIES

AGE_BANDS = VOCABULARIES["age_band"]


@pytest.mark.parametrize(
    ("born", "at", "age"),
    [(date(2000, 5, 10), date(2020, 5, 9), 19), (date(2000, 5, 10), date(2020, 5, 10), 20),
     (date(2000, 2, 29), date(2021, 2, 28), 20), (date(2000, 2, 29), date(2021, 3, 1), 21),
     (date(2000, 5, 10), date(2000, 5, 10), 0)],
)  # fmt: skip
def test_age_from_date_of_birth(born: date, at: date, age: int) -> None:
    assert age_at(at, date_of_birth=born) == age


def test_age_from_year_assumes_mid_year_birthday() -> None:
    assert age_at(date(2020, 6, 30), birth_year=2000) == 19
    assert age_at(date(2020, 7, 1), birth_year=2000) == 20
    assert age_at(date(2000, 1, 1), birth_year=2000) == 0


def test_date_of_birth_wins_over_year_and_unknown_is_none() -> None:
    assert age_at(date(2020, 1, 2), date_of_birth=date(2000, 1, 1), birth_year=1990) == 20
    assert age_at(date(2020, 1, 1)) is None


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before"):
        age_at(date(1999, 1, 1), date_of_birth=date(2000, 1, 1))
    with pytest.raises(ValueError, match="before"):
        age_at(date(1999, 1, 1), birth_year=2000)


def test_survivor_age_uses_whatever_is_recorded() -> None:
    assert Survivor("S-000001", date_of_birth=date(2000, 1, 1)).age_at(date(2020, 1, 1)) == 20
    assert Survivor("S-000001", birth_year=2000).age_at(date(2020, 12, 1)) == 20
    assert Survivor("S-000001", date_of_birth=Unanswered.DECLINED).age_at(date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "age_0_12"), (12, "age_0_12"), (13, "age_13_15"), (15, "age_13_15"), (16, "age_16_17"),
     (17, "age_16_17"), (18, "age_18_24"), (24, "age_18_24"), (25, "age_25_34"), (64, "age_55_64"),
     (65, "age_65_plus"), (110, "age_65_plus")],
)  # fmt: skip
def test_age_band_edges(age: int, band: str) -> None:
    assert age_band(age, AGE_BANDS) == band


def test_age_band_rejects_negative_and_bad_codes() -> None:
    with pytest.raises(ValueError):
        age_band(-1, AGE_BANDS)
    with pytest.raises(ValueError):
        band_bounds("adult")
    assert band_bounds("age_65_plus") == (65, None)


def test_age_bands_cover_every_age_without_gaps() -> None:
    bounds = [band_bounds(c.code) for c in AGE_BANDS]
    assert bounds[0][0] == 0 and bounds[-1][1] is None
    for (_, high), (low, _) in itertools.pairwise(bounds):
        assert high is not None and low == high + 1


INCIDENT = date(2024, 3, 10)


@pytest.mark.parametrize(
    ("referral", "band"),
    [(date(2024, 3, 10), "within_7_days"), (date(2024, 3, 17), "within_7_days"),
     (date(2024, 3, 18), "days_8_to_12_months"), (date(2025, 3, 10), "days_8_to_12_months"),
     (date(2025, 3, 11), "over_12_months")],
)  # fmt: skip
def test_recent_band_boundaries(referral: date, band: str) -> None:
    assert recent_band(INCIDENT, referral) == band
    assert VOCABULARIES["recent_band"].contains(band)


def test_childhood_abuse_disclosed_as_adult() -> None:
    band = recent_band(date(2005, 1, 1), date(2024, 1, 1), age_at_incident=10, age_at_referral=29)
    assert band == "childhood_disclosed_as_adult"
    assert recent_band(
        date(2005, 1, 1), date(2024, 1, 1), age_at_incident=18, age_at_referral=37
    ) == ("over_12_months")
    assert recent_band(
        date(2024, 1, 1), date(2024, 3, 1), age_at_incident=17, age_at_referral=18
    ) == ("days_8_to_12_months")


def test_recent_band_rejects_referral_before_incident() -> None:
    with pytest.raises(ValueError):
        recent_band(date(2024, 1, 2), date(2024, 1, 1))


def test_one_year_after_a_leap_day() -> None:
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def contact(*channels: ChannelPreference, **kwargs: object) -> SafeContact:
    return SafeContact("S-000001", channels=channels, **kwargs)  # type: ignore[arg-type]


def test_summary_matches_the_design_example() -> None:
    summary = safe_contact_summary(
        contact(
            ChannelPreference("phone", "safe", "9-12 weekdays"),
            ChannelPreference("text", "not_safe"),
            ChannelPreference("voicemail", "not_safe"),
            ChannelPreference("post", "not_safe"),
            never_contact_via=("email",),
        )
    )
    assert summary == (
        "Phone: safe 9-12 weekdays; Texts: not safe; no voicemail; letters not safe; never by email"
    )


def test_summary_names_channels_nobody_has_checked() -> None:
    summary = safe_contact_summary(
        contact(ChannelPreference("phone", "safe"), ChannelPreference("email", Unanswered.DECLINED))
    )
    assert summary == "Phone: safe; not known: texts, voicemail, email, letters"


def test_summary_safe_wording_and_extras() -> None:
    summary = safe_contact_summary(
        contact(
            ChannelPreference("text", "safe", "after 6pm"),
            ChannelPreference("voicemail", "safe"),
            ChannelPreference("email", "safe"),
            ChannelPreference("post", "safe"),
            never_contact_via=("phone",),
            code_word="bluebell",
            safe_third_party="Sister",
        )
    )
    assert summary == (
        "Texts: safe after 6pm; voicemail OK; Email: safe; letters OK; never by phone; "
        "code word agreed; safe third-party contact recorded"
    )
    assert "bluebell" not in summary


def test_summary_lists_several_never_channels() -> None:
    summary = safe_contact_summary(contact(never_contact_via=("phone", "email", "post")))
    assert summary.startswith("Never by phone, email or post")


def test_summary_when_nothing_is_recorded() -> None:
    assert safe_contact_summary(contact()) == NOTHING_RECORDED


def consent(purpose: str, state: str, day: int) -> ConsentRecord:
    return ConsentRecord("C-000001", purpose, state, date(2025, 1, day), "verbal")


def test_consent_latest_wins_and_withdrawal_counts_as_not_given() -> None:
    ledger = [
        consent("support", "given", 1),
        consent("anonymised_statistics", "given", 1),
        consent("anonymised_statistics", "withdrawn", 20),
        consent("share_police_cjs", "refused", 1),
        consent("share_police_cjs", "given", 5),
    ]
    assert current_consent(ledger) == {
        "support": "given",
        "anonymised_statistics": "withdrawn",
        "share_police_cjs": "given",
    }
    assert has_consent(ledger, "support")
    assert not has_consent(ledger, "anonymised_statistics")
    assert has_consent(ledger, "share_police_cjs")
    assert not has_consent(ledger, "contact_feedback")


def test_consent_order_of_the_ledger_does_not_matter_except_on_the_same_day() -> None:
    earlier, later = consent("support", "withdrawn", 9), consent("support", "given", 3)
    assert not has_consent([earlier, later], "support")
    same_day = [consent("support", "given", 4), consent("support", "withdrawn", 4)]
    assert latest_consent(same_day)["support"].state == "withdrawn"
    assert not has_consent([], "support")
