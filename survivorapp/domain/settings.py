"""Every preference, declared once: key, type, default, label, help, where it lives, what it allows.

Two scopes. *Organisation* settings are stored inside the encrypted vault, so they travel with
it and an administrator sets them for everyone who unlocks it. *Device* settings belong to this
computer (stored with ``QSettings`` by the UI) and never hold case data or secrets.

Stored values are text. Parsing and validation return readable problems rather than raising, so
a form can show them beside the field; a stored value that no longer parses (an older version, a
hand-edited file) falls back to the default instead of stopping anyone from working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from survivorapp.domain.problems import Problem

Scope = Literal["organisation", "device"]
SettingValue = int | str

ORGANISATION: Scope = "organisation"
DEVICE: Scope = "device"


@dataclass(frozen=True)
class Setting:
    key: str
    type: type[int] | type[str]
    default: SettingValue
    label: str
    help: str
    scope: Scope
    #: Allowed values with the words people read, in the order offered; empty for free values.
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def allowed_values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    def validate(self, value: object) -> list[Problem]:
        """Problems with ``value`` (already of the right type or not), worded for a person."""
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                return [Problem(self.key, f"{self.label} needs a whole number.")]
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                return [Problem(self.key, f"{self.label} must be {self.range_text()}.")]
            return []
        if not isinstance(value, str):
            return [Problem(self.key, f"{self.label} needs to be text.")]
        if self.choices and value not in self.allowed_values:
            offered = ", ".join(label for _value, label in self.choices)
            return [Problem(self.key, f"{self.label} must be one of: {offered}.")]
        return []

    def range_text(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"between {self.minimum} and {self.maximum}"
        if self.minimum is not None:
            return f"at least {self.minimum}"
        return f"at most {self.maximum}"

    def parse(self, text: str) -> tuple[SettingValue | None, list[Problem]]:
        """A stored or typed value; ``(value, [])`` when it is good, ``(None, problems)`` if not."""
        value: SettingValue
        if self.type is int:
            try:
                value = int(text.strip())
            except ValueError:
                return None, [Problem(self.key, f"{self.label} needs a whole number.")]
        else:
            value = text
        problems = self.validate(value)
        return (None, problems) if problems else (value, [])

    def coerce(self, value: object) -> tuple[SettingValue | None, list[Problem]]:
        """Text is parsed; anything else is checked as it is."""
        if isinstance(value, str) and self.type is int:
            return self.parse(value)
        problems = self.validate(value)
        if problems:
            return None, problems
        assert isinstance(value, int | str)
        return value, []

    def format(self, value: SettingValue) -> str:
        """The stored text for a valid value (``parse(format(v)) == v``)."""
        return str(value)


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            key="auto_lock_minutes",
            type=int,
            default=5,
            label="Lock after (minutes without use)",
            help=(
                "After this many minutes without a key press or mouse movement the vault locks "
                "and needs a passphrase again. Drafts are kept."
            ),
            scope=ORGANISATION,
            minimum=1,
            maximum=60,
        ),
        Setting(
            key="terminology",
            type=str,
            default="survivor",
            label="Word for the people you support",
            help="Used across the app wherever it names the people your service supports.",
            scope=ORGANISATION,
            choices=(
                ("survivor", "Survivor"),
                ("client", "Client"),
                ("victim-survivor", "Victim-survivor"),
            ),
        ),
        Setting(
            key="clipboard_clear_seconds",
            type=int,
            default=30,
            label="Clear copied details after (seconds)",
            help="Details copied from a case are cleared from the clipboard after this long.",
            scope=ORGANISATION,
            minimum=10,
            maximum=300,
        ),
        Setting(
            key="referral_follow_up_days",
            type=int,
            default=14,
            label="Follow up a referral after (days without a reply)",
            help=(
                "A referral that has had no reply from the service after this many days "
                "becomes a follow-up reminder for the worker who made it."
            ),
            scope=ORGANISATION,
            minimum=1,
            maximum=180,
        ),
        Setting(
            key="feedback_review_interval_weeks",
            type=int,
            default=6,
            label="Review outcome measures every (weeks)",
            help=(
                "After the first outcome questionnaire, a review is due this many weeks after "
                "the last one, for as long as support continues."
            ),
            scope=ORGANISATION,
            minimum=1,
            maximum=52,
        ),
        Setting(
            key="backup_keep_daily",
            type=int,
            default=7,
            label="Backups kept: days",
            help="Automatic backups keep the newest backup of each of this many recent days.",
            scope=ORGANISATION,
            minimum=1,
            maximum=60,
        ),
        Setting(
            key="backup_keep_weekly",
            type=int,
            default=4,
            label="Backups kept: weeks",
            help="…and of this many recent weeks (0: none kept by week).",
            scope=ORGANISATION,
            minimum=0,
            maximum=52,
        ),
        Setting(
            key="backup_keep_monthly",
            type=int,
            default=12,
            label="Backups kept: months",
            help="…and of this many recent months (0: none kept by month).",
            scope=ORGANISATION,
            minimum=0,
            maximum=120,
        ),
        Setting(
            key="theme",
            type=str,
            default="light",
            label="Colours",
            help="How the app looks on this computer. Changes show straight away.",
            scope=DEVICE,
            choices=(("light", "Light"), ("dark", "Dark"), ("high_contrast", "High contrast")),
        ),
        Setting(
            key="curtain_key",
            type=str,
            default="F12",
            label="Privacy curtain key",
            help=(
                "One key that hides the screen at once without locking, for when someone "
                "walks in. The same key shows it again."
            ),
            scope=DEVICE,
            choices=(("F12", "F12"), ("F11", "F11"), ("Pause", "Pause")),
        ),
    )
}


def in_scope(scope: Scope) -> list[Setting]:
    return [s for s in SETTINGS.values() if s.scope == scope]


def defaults(scope: Scope) -> dict[str, SettingValue]:
    return {s.key: s.default for s in in_scope(scope)}


def from_stored(scope: Scope, stored: Mapping[str, str]) -> dict[str, SettingValue]:
    """Every setting of ``scope``: the stored value where it is good, else the default.

    Unknown keys (from a newer version) are ignored, not lost: they stay where they are stored.
    """
    values = defaults(scope)
    for setting in in_scope(scope):
        text = stored.get(setting.key)
        if text is None:
            continue
        value, problems = setting.parse(text)
        if value is not None and not problems:
            values[setting.key] = value
    return values


def validate_changes(
    scope: Scope, changes: Mapping[str, object]
) -> tuple[dict[str, SettingValue], list[Problem]]:
    """Check several changes at once: the good values, and every problem found."""
    good: dict[str, SettingValue] = {}
    problems: list[Problem] = []
    for key, raw in changes.items():
        setting = SETTINGS.get(key)
        if setting is None or setting.scope != scope:
            problems.append(Problem(key, "That isn't a setting that can be changed here."))
            continue
        value, found = setting.coerce(raw)
        if value is None:
            problems.extend(found)
        else:
            good[key] = value
    return good, problems
