"""Keys and references between the lines of a records file, and into the vault.

A survivor, case, safe-contact set or link may appear once, in the file or the vault; a record
names a survivor or case that comes earlier in the file or is already stored; justice records
name their matter (and a correction its event) by keys written earlier in the same file
(docs/interchange.md, "Justice records"). These are checked even when a line has other
problems, so that one bad survivor line does not make every case after it look orphaned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from survivorapp.services.interchange.record_types import (
    LINK_REFERENCE,
    LINK_TYPES,
    MATTER_RECORDS,
    ONE_PER_MATTER,
    PARENT_FIELD,
)
from survivorapp.vault.interchange import ExistingKeys

Report = Callable[[int, str, str], None]
"""Where a problem goes: (line, field, message)."""

_CLAIMED_KINDS = ("survivor", "case", "safe_contact", "case_share", "survivor_access")


class ReferenceChecker:
    """Remembers what earlier lines claimed, so later lines can be checked against them."""

    def __init__(self, existing: ExistingKeys, report: Report) -> None:
        self.existing = existing
        self.report = report
        self._claimed: dict[str, dict[Any, int]] = {k: {} for k in _CLAIMED_KINDS}
        self._pending: list[tuple[int, str, str, str]] = []
        self._matters: dict[str, int] = {}
        self._events: dict[str, tuple[int, Any]] = {}
        self._one_per_matter: dict[tuple[str, Any], int] = {}
        self._rights: dict[tuple[Any, Any], int] = {}

    def check(self, number: int, kind: str, record: Mapping[str, Any]) -> None:
        """Duplicates and references of one line; references to later lines wait for
        :meth:`finish`."""
        if kind in ("survivor", "case"):
            self._claim(number, kind, record.get("reference"), "reference")
        if kind == "safe_contact":
            self._claim(number, kind, record.get("survivor_reference"), "survivor_reference")
        if kind in LINK_TYPES:
            reference, username = record.get(LINK_REFERENCE[kind]), record.get("username")
            if isinstance(reference, str) and isinstance(username, str):
                self._claim(number, kind, (reference, username.casefold()), "username")
        if kind == "justice_matter" or kind in MATTER_RECORDS:
            self._check_matter_keys(number, kind, record)
        if kind == "victims_code_right":
            self._check_right(number, record)
        parent = PARENT_FIELD.get(kind)
        if parent is not None:
            parent_kind, field = parent
            reference = record.get(field)
            if isinstance(reference, str) and not self._known(parent_kind, reference):
                self._pending.append((number, f"record.{field}", parent_kind, reference))

    def finish(self) -> None:
        """References to survivors and cases that never came, or came too late."""
        for number, field, kind, reference in self._pending:
            later = self._claimed[kind].get(reference)
            label = "Survivor" if kind == "survivor" else "Case"
            if later is not None:
                self.report(
                    number,
                    field,
                    f"{label} {reference} comes later in the file (line {later}). Put each "
                    f"record after the {kind} it belongs to.",
                )
            else:
                self.report(
                    number, field, f"{label} {reference} is neither in this file nor in the vault."
                )

    # --- justice keys -------------------------------------------------------------------------

    def _check_right(self, number: int, record: Mapping[str, Any]) -> None:
        key = (record.get("case_reference"), record.get("right"))
        earlier = self._rights.setdefault(key, number)
        if earlier != number:
            self.report(
                number,
                "record.right",
                f"This case already has this right on line {earlier}; a case has one "
                "record per right.",
            )

    def _check_matter_keys(self, number: int, kind: str, record: Mapping[str, Any]) -> None:
        key = record.get("matter_key")
        if not isinstance(key, str):
            return
        if kind == "justice_matter":
            earlier = self._matters.setdefault(key, number)
            if earlier != number:
                self.report(
                    number, "record.matter_key", f"This key is already used on line {earlier}."
                )
            return
        if key not in self._matters:
            self.report(
                number,
                "record.matter_key",
                "No justice_matter line before this one has this key. Put each record after "
                "the matter it belongs to.",
            )
        if kind in ONE_PER_MATTER:
            earlier = self._one_per_matter.setdefault((kind, key), number)
            if earlier != number:
                self.report(
                    number,
                    "record.matter_key",
                    f"This matter already has a {kind} on line {earlier}; a matter has one.",
                )
        if kind == "justice_event":
            self._check_event_keys(number, key, record)

    def _check_event_keys(self, number: int, matter_key: str, record: Mapping[str, Any]) -> None:
        event_key = record.get("event_key")
        if isinstance(event_key, str):
            if event_key in self._events:
                line = self._events[event_key][0]
                self.report(number, "record.event_key", f"This key is already used on line {line}.")
            else:
                self._events[event_key] = (number, matter_key)
        corrected = record.get("supersedes_key")
        if not isinstance(corrected, str):
            return
        found = self._events.get(corrected)
        if found is None or corrected == event_key:
            self.report(
                number,
                "record.supersedes_key",
                "No justice_event line before this one has this key. A correction comes "
                "after the event it corrects.",
            )
        elif found[1] != matter_key:
            self.report(
                number,
                "record.supersedes_key",
                "A correction must belong to the same matter as the event it corrects.",
            )

    # --- survivors, cases, safe contacts and links --------------------------------------------

    def _known(self, kind: str, reference: str) -> bool:
        vault = self.existing.survivors if kind == "survivor" else self.existing.cases
        return reference in vault or reference in self._claimed[kind]

    def _claim(self, number: int, kind: str, key: Any, field: str) -> None:
        if not isinstance(key, str | tuple):
            return
        vault: frozenset[Any] = {
            "survivor": self.existing.survivors,
            "case": self.existing.cases,
            "safe_contact": self.existing.safe_contacts,
            "case_share": self.existing.case_shares,
            "survivor_access": self.existing.survivor_access,
        }[kind]
        earlier = self._claimed[kind].get(key)
        if key not in vault and earlier is None:
            self._claimed[kind][key] = number
            return
        where = "in the vault" if key in vault else f"on line {earlier}"
        self.report(number, f"record.{field}", _already(kind, key, where))


def _already(kind: str, key: Any, where: str) -> str:
    return {
        "survivor": f"Survivor {key} is already {where}. To add cases for someone already "
        "in the vault, leave out their survivor line.",
        "case": f"Case {key} is already {where}. Each case needs its own reference.",
        "safe_contact": f"Survivor {key} already has safe-contact preferences {where}; "
        "each survivor has one set.",
        "case_share": f"This case is already shared with that user {where}.",
        "survivor_access": f"That user is already named on this survivor {where}.",
    }[kind]
