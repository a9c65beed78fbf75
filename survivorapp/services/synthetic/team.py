"""Who synthetic cases are allocated to: the staff, and the service lines each one covers.

A case goes to someone who works its service line; a line nobody covers falls to any frontline
worker, and with no frontline staff at all to the manager, who is also the person named on
every restricted survivor's record so that no one is locked out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from survivorapp.services.permissions import Role


@dataclass(frozen=True)
class StaffMember:
    username: str
    display_name: str
    roles: tuple[str, ...]
    service_lines: tuple[str, ...] = ()


LINES_BY_ROLE = {
    Role.ISVA.value: ("isva", "cyp_isva"),
    Role.CASEWORKER.value: ("counselling", "helpline", "advocacy", "other"),
}


@dataclass(frozen=True)
class Team:
    """Who cases are allocated to, by service line; the manager is named on restrictions."""

    by_line: dict[str, tuple[str, ...]]
    frontline: tuple[str, ...]
    manager: str

    def workers(self, line: str) -> tuple[str, ...]:
        return self.by_line.get(line) or self.frontline or (self.manager,)


def team_from(staff: Sequence[StaffMember], manager: str) -> Team:
    frontline = tuple(s.username for s in staff if set(LINES_BY_ROLE) & set(s.roles))
    by_line: dict[str, list[str]] = {}
    for member in staff:
        for line in member.service_lines:
            by_line.setdefault(line, []).append(member.username)
    return Team({k: tuple(v) for k, v in by_line.items()}, frontline, manager)
