"""Who may do what: the permission matrix of docs/permissions.md, as one pure function.

Caseworkers and ISVAs work on the cases allocated to them or shared with them; managers see
and allocate every case; admins run users and the vault but read no case content unless they
are also managers. A restricted survivor (say, a staff member's relative) is visible only to
the users named on them, whatever their role. The caseload's SQL filter
(``survivorapp.vault.cases.Visibility``) implements the same rule and is tested
against this function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from survivorapp.domain.errors import EXIT_REFUSED, UserFacingError


class Role(StrEnum):
    CASEWORKER = "caseworker"
    ISVA = "isva"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.CASEWORKER: "Caseworker",
            Role.ISVA: "ISVA",
            Role.MANAGER: "Manager",
            Role.ADMIN: "Administrator",
        }[self]


class Action(StrEnum):
    CREATE_CASE = "create_case"
    VIEW_CASE = "view_case"
    EDIT_CASE = "edit_case"
    ALLOCATE_CASE = "allocate_case"
    SHARE_CASE = "share_case"
    RESTRICT_SURVIVOR = "restrict_survivor"
    VIEW_CASE_HISTORY = "view_case_history"
    VIEW_ALL_CASES = "view_all_cases"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT_LOG = "view_audit_log"
    EXPORT_RECORDS = "export_records"
    IMPORT_RECORDS = "import_records"
    EXPORT_RETURN = "export_return"
    MANAGE_DIRECTORY = "manage_directory"
    RECORD_ANONYMOUS_FEEDBACK = "record_anonymous_feedback"


CASE_ACTIONS = frozenset(
    {
        Action.VIEW_CASE,
        Action.EDIT_CASE,
        Action.ALLOCATE_CASE,
        Action.SHARE_CASE,
        Action.RESTRICT_SURVIVOR,
        Action.VIEW_CASE_HISTORY,
    }
)


@dataclass(frozen=True)
class Actor:
    """The person acting, as the services see them."""

    username: str
    roles: frozenset[Role]
    display_name: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def key(self) -> str:
        return self.username.casefold()


@dataclass(frozen=True)
class CaseAccess:
    """The facts about one case that decide who may touch it."""

    allocated_worker: str | None = None
    shared_with: frozenset[str] = field(default_factory=frozenset)
    restricted: bool = False
    named_users: frozenset[str] = field(default_factory=frozenset)

    def involves(self, actor: Actor) -> bool:
        worker = (self.allocated_worker or "").casefold()
        return worker == actor.key or actor.key in {u.casefold() for u in self.shared_with}

    def names(self, actor: Actor) -> bool:
        return actor.key in {u.casefold() for u in self.named_users}


class PermissionDenied(UserFacingError):
    """Raised by services; its message is safe to show (it names no case content)."""

    exit_code = EXIT_REFUSED

    def __init__(self, action: Action) -> None:
        self.action = action
        self.user_message = _DENIED.get(action, "You don't have permission to do that.")
        super().__init__(self.user_message)


_DENIED = {
    Action.VIEW_CASE: "This case isn't allocated to you or shared with you.",
    Action.EDIT_CASE: "This case isn't allocated to you or shared with you.",
    Action.ALLOCATE_CASE: "Only managers can allocate or reassign cases.",
    Action.MANAGE_USERS: "Only administrators can manage users.",
    Action.MANAGE_SETTINGS: "Only administrators can change the organisation's settings.",
    Action.EXPORT_RECORDS: "Only administrators can export records.",
    Action.IMPORT_RECORDS: "Only administrators can import records.",
    Action.VIEW_CASE_HISTORY: "Only managers and administrators can see a case's history.",
    Action.VIEW_AUDIT_LOG: "Only administrators can see the audit log.",
    Action.RESTRICT_SURVIVOR: "Only managers can restrict who sees a survivor's records.",
    Action.EXPORT_RETURN: "Only managers can export returns.",
    Action.MANAGE_DIRECTORY: "Only managers can change the directory of local organisations.",
    Action.RECORD_ANONYMOUS_FEEDBACK: (
        "Only people who support survivors can record feedback that isn't linked to a case."
    ),
}

_FRONTLINE = frozenset({Role.CASEWORKER, Role.ISVA})


def allowed(actor: Actor, action: Action, case: CaseAccess | None = None) -> bool:
    """The whole permission matrix. Case actions need ``case``; others ignore it."""
    roles = actor.roles
    manager = Role.MANAGER in roles
    admin = Role.ADMIN in roles
    frontline = bool(roles & _FRONTLINE)
    if action in CASE_ACTIONS:
        if case is None:
            return False
        if case.restricted and not case.names(actor):
            return False
        if action is Action.VIEW_CASE_HISTORY:
            return manager or admin
        if manager:
            return True
        if action in (Action.VIEW_CASE, Action.EDIT_CASE):
            return frontline and case.involves(actor)
        if action is Action.SHARE_CASE:
            return frontline and (case.allocated_worker or "").casefold() == actor.key
        return False
    if action in (Action.CREATE_CASE, Action.RECORD_ANONYMOUS_FEEDBACK):
        return manager or frontline
    if action is Action.MANAGE_DIRECTORY:
        return manager
    if action in (Action.VIEW_ALL_CASES, Action.EXPORT_RETURN):
        return manager
    if action in (
        Action.MANAGE_USERS,
        Action.MANAGE_SETTINGS,
        Action.VIEW_AUDIT_LOG,
        Action.EXPORT_RECORDS,
        Action.IMPORT_RECORDS,
    ):
        return admin
    return False


def require(actor: Actor, action: Action, case: CaseAccess | None = None) -> None:
    if not allowed(actor, action, case):
        raise PermissionDenied(action)
