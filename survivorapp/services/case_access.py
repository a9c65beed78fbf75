"""The one place a service asks "may this person do this to this case?".

Every service that touches a case's records (cases, sessions, drafts, the justice journey)
goes through these functions, so the rule is written once: the facts come from the vault,
the decision from ``permissions.allowed``, and a restricted case the actor is not named on is
reported exactly as a case that does not exist. Lists of cases (the caseload, the diary,
referrals, feedback due) ask :func:`case_visibility` which cases the actor sees at all.
"""

from __future__ import annotations

from survivorapp.services.context import NotFound, ServiceContext
from survivorapp.services.permissions import Action, CaseAccess, allowed
from survivorapp.vault.cases import CaseQueries, Visibility


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


def visible_case(ctx: ServiceContext, case_reference: str) -> CaseAccess:
    """The case's access facts; NotFound unless the case exists and, if restricted, names the
    actor (whatever they then go on to do with it)."""
    access = case_facts(ctx, case_reference)
    if access.restricted and not access.names(ctx.actor):
        # "Permission denied" would confirm that a restricted case exists.
        raise NotFound("case")
    return access


def require_case(ctx: ServiceContext, action: Action, case_reference: str) -> CaseAccess:
    """Raise unless the actor may ``action`` the case; return its access facts."""
    access = visible_case(ctx, case_reference)
    ctx.require(action, access)
    return access


def case_visibility(ctx: ServiceContext, mine_only: bool = False) -> Visibility:
    """The cases the actor sees in lists: every case for those who may view them all (unless
    ``mine_only``), else their own."""
    actor = ctx.actor
    everyone = allowed(actor, Action.VIEW_ALL_CASES) and not mine_only
    own = allowed(actor, Action.VIEW_CASE, CaseAccess(allocated_worker=actor.username))
    return Visibility(actor.username, all_cases=everyone, own_cases=own)
