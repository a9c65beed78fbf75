"""What a write changed, so each view can decide whether it needs to read again.

A typed set rather than strings: a misspelt kind is an error when the code is read, not a view
that silently never refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Changes:
    """Kinds of record a successful write touched. ``Changes(cases=True) | Changes(...)``."""

    cases: bool = False
    sessions: bool = False
    justice: bool = False
    referrals: bool = False
    directory: bool = False
    waiting_list: bool = False
    feedback: bool = False
    users: bool = False
    settings: bool = False
    returns: bool = False

    def __or__(self, other: Changes) -> Changes:
        return replace(self, **{f.name: True for f in fields(other) if getattr(other, f.name)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches(self, *kinds: str) -> bool:
        """Whether any of ``kinds`` (field names) changed; an unknown kind is a bug."""
        known = {f.name for f in fields(self)}
        unknown = set(kinds) - known
        if unknown:
            raise ValueError(f"unknown kinds of change: {sorted(unknown)}")
        return any(getattr(self, kind) for kind in kinds)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(f.name for f in fields(self) if getattr(self, f.name))
