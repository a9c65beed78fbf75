"""The settings registry: each preference declared once; parsing and checking say what is wrong."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from survivorapp.domain.settings import (
    DEVICE,
    ORGANISATION,
    SETTINGS,
    Setting,
    defaults,
    from_stored,
    in_scope,
    validate_changes,
)


def test_the_registry_holds_what_the_brief_asks_for() -> None:
    assert {s.key for s in in_scope(ORGANISATION)} == {
        "auto_lock_minutes",
        "terminology",
        "clipboard_clear_seconds",
        "referral_follow_up_days",
        "feedback_review_interval_weeks",
        "backup_keep_daily",
        "backup_keep_weekly",
        "backup_keep_monthly",
    }
    assert {s.key for s in in_scope(DEVICE)} == {"theme", "curtain_key"}
    assert defaults(ORGANISATION) == {
        "auto_lock_minutes": 5,
        "terminology": "survivor",
        "clipboard_clear_seconds": 30,
        "referral_follow_up_days": 14,
        "feedback_review_interval_weeks": 6,
        "backup_keep_daily": 7,
        "backup_keep_weekly": 4,
        "backup_keep_monthly": 12,
    }
    assert defaults(DEVICE) == {"theme": "light", "curtain_key": "F12"}


def test_every_default_is_valid_and_every_setting_is_explained() -> None:
    for setting in SETTINGS.values():
        assert setting.validate(setting.default) == [], setting.key
        assert setting.label and setting.help


def valid_values(setting: Setting) -> st.SearchStrategy[int | str]:
    if setting.choices:
        return st.sampled_from(setting.allowed_values)
    return st.integers(setting.minimum or 0, setting.maximum or 10_000)


@given(
    st.sampled_from(list(SETTINGS.values())).flatmap(
        lambda s: st.tuples(st.just(s), valid_values(s))
    )
)
def test_a_valid_value_survives_storage(pair: tuple[Setting, int | str]) -> None:
    setting, value = pair
    assert setting.validate(value) == []
    assert setting.parse(setting.format(value)) == (value, [])


@given(st.sampled_from(list(SETTINGS.values())), st.text(max_size=12))
def test_any_text_parses_to_a_valid_value_or_to_readable_problems(
    setting: Setting, text: str
) -> None:
    value, problems = setting.parse(text)
    if value is None:
        assert problems and all(p.field == setting.key and p.message for p in problems)
        assert setting.label in problems[0].message
    else:
        assert problems == [] and setting.validate(value) == []


@given(
    st.sampled_from(in_scope(ORGANISATION)),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8)),
)
def test_stored_values_never_stop_anyone_working(setting: Setting, stored: dict[str, str]) -> None:
    values = from_stored(ORGANISATION, stored)
    assert set(values) == {s.key for s in in_scope(ORGANISATION)}
    assert all(SETTINGS[k].validate(v) == [] for k, v in values.items())


def test_out_of_range_and_unknown_values_are_explained() -> None:
    minutes = SETTINGS["auto_lock_minutes"]
    assert minutes.parse("0")[1][0].message.endswith("between 1 and 60.")
    assert minutes.parse("soon")[1][0].message.endswith("needs a whole number.")
    assert minutes.validate(True)  # a bool is not a number of minutes
    terms = SETTINGS["terminology"]
    assert "Survivor, Client, Victim-survivor" in terms.validate("patient")[0].message


def test_changes_are_checked_together_and_scoped() -> None:
    good, problems = validate_changes(
        ORGANISATION, {"auto_lock_minutes": "10", "theme": "dark", "clipboard_clear_seconds": 5}
    )
    assert good == {"auto_lock_minutes": 10}
    assert {p.field for p in problems} == {"theme", "clipboard_clear_seconds"}
