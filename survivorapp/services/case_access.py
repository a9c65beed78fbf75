"""The one place a service asks "may this person do this to this case?".

Every service that touches a case's records (cases, sessions, drafts, the justice journey)
goes through these two functions, so the rule is written once: the facts come from the vault,
the decision from ``permissions.allowed``, and a restricted case the actor is not named on is
reported exactly as a case that does not exist.
"""

from __future__ import annotations

from survivorapp.services.context import NotFound, ServiceContext
from survivorapp.services.permissions import Action, CaseAccess
from survivorapp.vault.cases import CaseQueries


def case_facts(ctx: ServiceContext, case_reference: str) -> CaseAccess:
    """Who the case belongs to and who may see it; NotFound if there is no such case."""
    facts = CaseQueries(ctx.conn).access_facts(case_reference)
    if facts is None:
        raise NotFound("case")
    return CaseAccess(
        allocated_worker=facts.allocated_worker,
        shared_with=facts.shared_with,
        restricted=facts.restricted,
        named_users=facts.named_users,
    )


def require_case(ctx: ServiceContext, action: Action, case_reference: str) -> CaseAccess:
    """Raise unless the actor may ``action`` the case; return its access facts."""
    access = case_facts(ctx, case_reference)
    if access.restricted and not access.names(ctx.actor):
        # "Permission denied" would confirm that a restricted case exists.
        raise NotFound("case")
    ctx.require(action, access)
    return access
