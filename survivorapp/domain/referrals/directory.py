"""The service's own directory of local organisations that survivors are referred on to.

Managers keep it (by hand or from a CSV file, ``directory_csv``); everyone who takes referrals
picks from it when making one. An entry holds contact details of an organisation, never of a
person supported, so it is not case data. Its ``destination_type`` is the kind of service from
``referral_destination.json``, which lets the referral form offer only the organisations that
fit the kind of referral chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from survivorapp.domain.checks import Checker
from survivorapp.domain.problems import Problem
from survivorapp.domain.records import FieldSpec, read_fields, read_note, write_fields
from survivorapp.domain.vocabularies import Vocabularies

NAME_LIMIT = 120
PHONE_LIMIT = 40
EMAIL_LIMIT = 254
ADDRESS_LIMIT = 300
NOTES_LIMIT = 500

_PHONE = re.compile(r"^[0-9+()\-. ]+$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]+$")


@dataclass(frozen=True)
class DirectoryOrganisation:
    """One organisation: what kind of service it is, where, and how to reach it."""

    name: str
    destination_type: str
    id: int | None = None
    borough: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    notes: str = ""

    def validate(self, vocabularies: Vocabularies, today: date | None = None) -> list[Problem]:
        check = Checker(vocabularies, today)
        if not self.name.strip():
            check.add("name", "Please give the organisation's name.")
        check.max_length("name", "The name", self.name, NAME_LIMIT)
        if not self.destination_type:
            check.add("destination_type", "Please choose what kind of service it is.")
        check.code(
            "destination_type",
            "the kind of service",
            "referral_destination",
            self.destination_type or None,
        )
        check.code("borough", "the borough", "borough", self.borough)
        check.not_blank("phone", "The phone number", self.phone)
        check.max_length("phone", "The phone number", self.phone, PHONE_LIMIT)
        if self.phone and self.phone.strip() and not _PHONE.match(self.phone):
            check.add(
                "phone",
                "The phone number can hold digits, spaces, brackets, dashes and a leading +.",
            )
        check.not_blank("email", "The email address", self.email)
        check.max_length("email", "The email address", self.email, EMAIL_LIMIT)
        if self.email and self.email.strip() and not _EMAIL.match(self.email):
            check.add("email", "The email address should look like name@example.org.")
        check.not_blank("address", "The address", self.address)
        check.max_length("address", "The address", self.address, ADDRESS_LIMIT)
        check.max_length("notes", "The notes", self.notes, NOTES_LIMIT)
        return check.problems

    def to_record(self) -> dict[str, Any]:
        return write_fields(self)

    @classmethod
    def from_record(cls, record: object) -> Self:
        return cls(**read_fields(record, _SPEC))


def same_organisation(a: DirectoryOrganisation, b: DirectoryOrganisation) -> bool:
    """Two entries for one organisation: the same name (ignoring case and spacing) and borough.

    A charity with branches in two boroughs is two entries; the same branch twice is a mistake.
    """
    return name_key(a.name) == name_key(b.name) and a.borough == b.borough


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


_SPEC: FieldSpec = {
    "name": "text",
    "destination_type": "text",
    "id": "optional_int",
    "borough": "optional_text",
    "phone": "optional_text",
    "email": "optional_text",
    "address": "optional_text",
    "notes": read_note,
}
