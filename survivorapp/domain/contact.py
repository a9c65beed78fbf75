"""Safe-contact preferences, shown at the top of every case and before any contact.

Contacting a survivor through the wrong channel can tell an abuser they have sought help
(REFERENCE.md 6.5, Safety). The summary is one line a worker reads before picking up the phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.answers import Answer, Unanswered
from survivorapp.domain.checks import SURVIVOR_REFERENCE, Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, RecordReader, read_fields, write_fields
from survivorapp.domain.vocabularies import Vocabularies

SAFE = "safe"
NOT_SAFE = "not_safe"
TEXT_LIMIT = 200
THIRD_PARTY_LIMIT = 300


@dataclass(frozen=True)
class ChannelPreference:
    """Whether one channel (phone, text, voicemail, email, post) is safe, and when."""

    channel: str
    safety: Answer[str] = Unanswered.NOT_ASKED
    safe_times: str | None = None

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object, prefix: str = "") -> Self:
        return cls(**read_fields(record, _CHANNEL_SPEC, prefix))


@dataclass(frozen=True)
class SafeContact:
    survivor_reference: str
    id: int | None = None
    channels: tuple[ChannelPreference, ...] = ()
    code_word: str | None = None
    safe_third_party: str | None = None
    never_contact_via: tuple[str, ...] = ()

    def preference(self, channel: str) -> ChannelPreference | None:
        for entry in self.channels:
            if entry.channel == channel:
                return entry
        return None

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        check.reference(
            "survivor_reference",
            "The survivor reference",
            self.survivor_reference,
            SURVIVOR_REFERENCE,
            "S-000123",
        )
        channels = vocabularies["contact_channel"]
        seen: set[str] = set()
        for index, entry in enumerate(self.channels):
            field = f"channels[{index}]"
            check.code(f"{field}.channel", "contact channel", "contact_channel", entry.channel)
            check.code(f"{field}.safety", "whether it is safe", "contact_safety", entry.safety)
            check.not_blank(f"{field}.safe_times", "Safe times", entry.safe_times)
            check.max_length(f"{field}.safe_times", "Safe times", entry.safe_times, TEXT_LIMIT)
            name = (
                channels.label(entry.channel) if channels.contains(entry.channel) else entry.channel
            )
            if entry.channel in seen:
                check.add(f"{field}.channel", f"{name} is listed more than once.")
            seen.add(entry.channel)
            if entry.safety == NOT_SAFE and entry.safe_times:
                check.add(
                    f"{field}.safe_times",
                    f"Safe times are given for {name}, but it is marked not safe.",
                )
            if entry.safety == SAFE and entry.channel in self.never_contact_via:
                check.add(
                    f"{field}.safety",
                    f"{name} is marked safe but is also under 'never contact via'. "
                    "Please check which is right.",
                )
        check.codes(
            "never_contact_via", "never contact via", "contact_channel", self.never_contact_via
        )
        check.not_blank("code_word", "Code word", self.code_word)
        check.max_length("code_word", "Code word", self.code_word, TEXT_LIMIT)
        check.not_blank("safe_third_party", "Safe third-party contact", self.safe_third_party)
        check.max_length(
            "safe_third_party", "Safe third-party contact", self.safe_third_party, THIRD_PARTY_LIMIT
        )
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


_CHANNEL_SPEC: FieldSpec = {
    "channel": "text",
    "safety": "answer_code",
    "safe_times": "optional_text",
}


def _read_channels(reader: RecordReader, name: str) -> Any:
    return reader.nested(name, ChannelPreference.from_record)


_SPEC: FieldSpec = {
    "survivor_reference": "text",
    "id": "optional_int",
    "channels": _read_channels,
    "code_word": "optional_text",
    "safe_third_party": "optional_text",
    "never_contact_via": "codes",
}

# Wording keyed by channel code; a channel added to the vocabulary later falls back to its code.
_SAFE_PHRASE = {
    "phone": "Phone: safe",
    "text": "Texts: safe",
    "voicemail": "voicemail OK",
    "email": "Email: safe",
    "post": "letters OK",
}
_NOT_SAFE_PHRASE = {
    "phone": "Phone: not safe",
    "text": "Texts: not safe",
    "voicemail": "no voicemail",
    "email": "Email: not safe",
    "post": "letters not safe",
}
_NOUN = {
    "phone": "phone",
    "text": "text",
    "voicemail": "voicemail",
    "email": "email",
    "post": "post",
}
_UNKNOWN_NOUN = {
    "phone": "phone",
    "text": "texts",
    "voicemail": "voicemail",
    "email": "email",
    "post": "letters",
}
CHANNEL_ORDER = ("phone", "text", "voicemail", "email", "post")
NOTHING_RECORDED = (
    "No safe-contact preferences recorded yet. Please check with the survivor before any contact."
)


def _join_or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def safe_contact_summary(contact: SafeContact) -> str:
    """One line such as "Phone: safe 9-12 weekdays; no voicemail; letters not safe; never by email".

    Channels nobody has asked about are named at the end ("not known: texts") so a worker never
    mistakes silence for permission.
    """
    order = list(CHANNEL_ORDER) + sorted({p.channel for p in contact.channels} - set(CHANNEL_ORDER))
    parts: list[str] = []
    unknown: list[str] = []
    for channel in order:
        if channel in contact.never_contact_via:
            continue
        entry = contact.preference(channel)
        safety = entry.safety if entry is not None else Unanswered.NOT_ASKED
        readable = channel.replace("_", " ")
        if safety == SAFE:
            phrase = _SAFE_PHRASE.get(channel, f"{readable}: safe")
            assert entry is not None
            parts.append(f"{phrase} {entry.safe_times}" if entry.safe_times else phrase)
        elif safety == NOT_SAFE:
            parts.append(_NOT_SAFE_PHRASE.get(channel, f"{readable}: not safe"))
        else:
            unknown.append(_UNKNOWN_NOUN.get(channel, readable))
    if contact.never_contact_via:
        nouns = [_NOUN.get(c, c.replace("_", " ")) for c in contact.never_contact_via]
        parts.append(f"never by {_join_or(nouns)}")
    if contact.code_word:
        parts.append("code word agreed")
    if contact.safe_third_party:
        parts.append("safe third-party contact recorded")
    if not parts:
        return NOTHING_RECORDED
    if unknown:
        parts.append(f"not known: {', '.join(unknown)}")
    summary = "; ".join(parts)
    return summary[0].upper() + summary[1:]
