"""The permission matrix of docs/permissions.md: every cell against ``allowed()``, the SQL
visibility filter against the same function on real vaults, and enforcement by the services."""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.services.access import VaultAccess, VaultSession
from survivorapp.services.context import NotFound
from survivorapp.services.permissions import (
    CASE_ACTIONS,
    Action,
    Actor,
    CaseAccess,
    PermissionDenied,
    Role,
    allowed,
)
from survivorapp.vault.cases import CaseloadFilter
from survivorapp.vault.errors import CredentialsNotRecognised
from tests.services.conftest import REFERRAL, as_user, case, passphrase_of, survivor

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"

ROLE_SETS = [
    frozenset(combo)
    for n in range(1, len(Role) + 1)
    for combo in itertools.combinations(list(Role), n)
]
RELATIONSHIPS = ("allocated", "shared", "neither")
RESTRICTIONS = ("not restricted", "restricted, named", "restricted, not named")
ME = "Sam"  # the actor; cases name them in another letter case, to check names fold


# --- the matrix, read from the document -------------------------------------------------------


def _table_after(heading: str) -> list[list[str]]:
    """The first Markdown table under ``heading`` in docs/permissions.md, header row first."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r"-+", c) for c in cells):
                rows.append(cells)
        elif rows:
            break
    return rows


def _yes(cell: str) -> bool:
    assert cell in ("yes", "no"), cell
    return cell == "yes"


def _case_matrix() -> dict[Action, dict[str, bool]]:
    header, *rows = _table_after("Case actions")
    assert header[1:] == [
        "Caseworker / ISVA, allocated",
        "Caseworker / ISVA, shared",
        "Caseworker / ISVA, neither",
        "Manager (any relationship)",
        "Admin only (any relationship)",
    ]
    keys = ["allocated", "shared", "neither", "manager", "admin"]
    return {
        Action(row[0].strip("`")): dict(zip(keys, map(_yes, row[1:]), strict=True)) for row in rows
    }


def _global_matrix() -> dict[Action, dict[Role, bool]]:
    header, *rows = _table_after("Actions that are not about one case")
    roles = [Role.CASEWORKER, Role.ISVA, Role.MANAGER, Role.ADMIN]
    assert header[1:] == [r.label if r is not Role.ADMIN else "Admin" for r in roles]
    return {
        Action(row[0].strip("`")): dict(zip(roles, map(_yes, row[1:]), strict=True)) for row in rows
    }


CASE_MATRIX = _case_matrix()
GLOBAL_MATRIX = _global_matrix()


def test_the_document_lists_every_action_once() -> None:
    assert set(CASE_MATRIX) == set(CASE_ACTIONS)
    assert set(GLOBAL_MATRIX) == set(Action) - CASE_ACTIONS
    assert not set(CASE_MATRIX) & set(GLOBAL_MATRIX)


def _access(relationship: str, restriction: str) -> CaseAccess:
    me = ME.upper()
    named = {"someone-else"} | ({me} if restriction == "restricted, named" else set())
    return CaseAccess(
        allocated_worker=me if relationship == "allocated" else "someone-else",
        shared_with=frozenset({me, "another"} if relationship == "shared" else {"another"}),
        restricted=restriction != "not restricted",
        named_users=frozenset(named) if restriction != "not restricted" else frozenset(),
    )


def _expected_case_cell(
    action: Action, roles: frozenset[Role], relationship: str, restriction: str
) -> bool:
    if restriction == "restricted, not named":
        return False
    cells = CASE_MATRIX[action]
    return (
        (bool(roles & {Role.CASEWORKER, Role.ISVA}) and cells[relationship])
        or (Role.MANAGER in roles and cells["manager"])
        or (Role.ADMIN in roles and cells["admin"])
    )


def _label(roles: frozenset[Role]) -> str:
    return "+".join(r.value for r in Role if r in roles)


@pytest.mark.parametrize("restriction", RESTRICTIONS)
@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("roles", ROLE_SETS, ids=_label)
@pytest.mark.parametrize("action", sorted(CASE_ACTIONS))
def test_case_action_cell(
    action: Action, roles: frozenset[Role], relationship: str, restriction: str
) -> None:
    actor = Actor(ME, roles)
    expected = _expected_case_cell(action, roles, relationship, restriction)
    assert allowed(actor, action, _access(relationship, restriction)) is expected


@pytest.mark.parametrize("roles", ROLE_SETS, ids=_label)
@pytest.mark.parametrize("action", sorted(CASE_ACTIONS))
def test_case_action_without_a_case_is_refused(action: Action, roles: frozenset[Role]) -> None:
    assert allowed(Actor(ME, roles), action, None) is False


CASE_VARIANTS = [None, *(_access(rel, res) for rel in RELATIONSHIPS for res in RESTRICTIONS)]


@pytest.mark.parametrize("roles", ROLE_SETS, ids=_label)
@pytest.mark.parametrize("action", sorted(set(Action) - CASE_ACTIONS))
def test_global_action_cell(action: Action, roles: frozenset[Role]) -> None:
    """These cells ignore the case: the same answer with none and with every kind of case."""
    expected = any(GLOBAL_MATRIX[action][role] for role in roles)
    for case_access in CASE_VARIANTS:
        assert allowed(Actor(ME, roles), action, case_access) is expected, case_access


def test_allocated_and_shared_at_once_is_the_same_as_allocated() -> None:
    both = CaseAccess(allocated_worker=ME, shared_with=frozenset({ME}))
    for roles in ROLE_SETS:
        for action in CASE_ACTIONS:
            assert allowed(Actor(ME, roles), action, both) is allowed(
                Actor(ME, roles), action, CaseAccess(allocated_worker=ME)
            )


def test_no_roles_means_no_rights() -> None:
    nobody = Actor(ME, frozenset())
    for action in Action:
        assert allowed(nobody, action, CaseAccess(allocated_worker=ME)) is False


# --- the SQL filter agrees with the function --------------------------------------------------

POOL = ("ann", "bo", "cy", "di")


@dataclass(frozen=True)
class PlannedCase:
    worker: int | None  # index into POOL, or None for unallocated
    shares: frozenset[int]
    restricted: bool
    named: frozenset[int]
    shout: bool  # refer to people in upper case, as someone typing might


role_sets = st.sets(st.sampled_from([r.value for r in Role]), min_size=1).map(
    lambda s: tuple(sorted(s))
)
people = st.sets(st.integers(0, len(POOL) - 1), max_size=3).map(frozenset)
planned_cases = st.builds(
    PlannedCase,
    worker=st.none() | st.integers(0, len(POOL) - 1),
    shares=people,
    restricted=st.booleans(),
    named=people,
    shout=st.booleans(),
)


def _wipe_cases(session: VaultSession) -> None:
    with session.vault.transaction() as conn:
        for table in ("case_shares", "survivor_access", "cases", "survivors"):
            conn.execute(f"DELETE FROM {table}")


def _references(session: VaultSession, ids: list[int]) -> set[str]:
    return {row.reference for row in session.cases.caseload_rows(ids)}


def test_visibility_clause_agrees_with_allowed(staffed_dir: Path, access: VaultAccess) -> None:
    session = access.unlock(staffed_dir, "admin", "correct horse battery staple")
    try:
        for user in POOL:
            session.add_user(user, passphrase_of(user), ("caseworker",))

        @settings(
            max_examples=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(
            roles=st.tuples(*(role_sets for _ in POOL)),
            plans=st.lists(planned_cases, min_size=1, max_size=6),
        )
        def check(roles: tuple[tuple[str, ...], ...], plans: list[PlannedCase]) -> None:
            _wipe_cases(session)
            for user, user_roles in zip(POOL, roles, strict=True):
                session.accounts.set_roles(user, user_roles)
            truth: dict[str, CaseAccess] = {}
            for n, plan in enumerate(plans):

                def name(i: int, plan: PlannedCase = plan) -> str:
                    return POOL[i].upper() if plan.shout else POOL[i]

                opened = session.cases.open_new_case(survivor(known_as=f"Zephyr{n}"), case())
                ref = opened.reference
                if plan.worker is not None:
                    session.cases.allocate(ref, name(plan.worker))
                for i in sorted(plan.shares):
                    session.cases.share(ref, name(i))
                if plan.restricted:
                    session.cases.restrict(ref, [name(i) for i in sorted(plan.named)])
                truth[ref] = CaseAccess(
                    allocated_worker=None if plan.worker is None else name(plan.worker),
                    shared_with=frozenset(name(i) for i in plan.shares),
                    restricted=plan.restricted,
                    named_users=frozenset({"admin", *(name(i) for i in plan.named)})
                    if plan.restricted
                    else frozenset(),
                )
            for user in (*POOL, "admin", "adm", "mgr", "cw"):
                viewer = as_user(session, user)
                actor = viewer.actor
                may_view = {r for r, a in truth.items() if allowed(actor, Action.VIEW_CASE, a)}
                mine = {r for r in may_view if truth[r].involves(actor)}
                assert _references(viewer, viewer.cases.caseload_ids()) == may_view, user
                assert _references(viewer, viewer.cases.caseload_ids(mine_only=True)) == mine
                found = {row.reference for row in viewer.cases.search("zephyr")}
                assert found == may_view, user
                by_filter = viewer.cases.caseload_ids(CaseloadFilter(search="zeph"))
                assert _references(viewer, by_filter) == may_view, user
                for ref, facts in truth.items():
                    assert viewer.cases.can(Action.VIEW_CASE, ref) is (ref in may_view)
                    assert allowed(actor, Action.EDIT_CASE, facts) is (ref in may_view)

        check()
    finally:
        session.lock()


# --- enforcement through real service calls ---------------------------------------------------


def _open(session: VaultSession, **case_fields: object) -> str:
    return session.cases.open_new_case(survivor(known_as="Robin"), case(**case_fields)).reference


def test_a_caseworker_cannot_open_change_or_allocate_an_unallocated_case(
    admin_session: VaultSession,
) -> None:
    ref = _open(admin_session)
    cw = as_user(admin_session, "cw")
    with pytest.raises(PermissionDenied):
        cw.cases.get(ref)
    with pytest.raises(PermissionDenied):
        cw.cases.session_list(ref)
    with pytest.raises(PermissionDenied):
        cw.cases.allocate(ref, "cw")
    with pytest.raises(PermissionDenied):
        cw.cases.share(ref, "cw")
    with pytest.raises(PermissionDenied):
        cw.cases.history(ref)
    assert cw.cases.caseload_ids() == []
    assert cw.cases.search("robin") == []


def test_a_caseworker_works_on_their_own_case_but_cannot_allocate_it_or_see_its_history(
    admin_session: VaultSession,
) -> None:
    ref = _open(admin_session, allocated_worker="cw", status="active", allocation_date=REFERRAL)
    cw = as_user(admin_session, "cw")
    assert cw.cases.get(ref).case.allocated_worker == "cw"
    with pytest.raises(PermissionDenied):
        cw.cases.allocate(ref, "cw2")
    with pytest.raises(PermissionDenied):
        cw.cases.history(ref)
    with pytest.raises(PermissionDenied):
        cw.cases.restrict(ref, ["cw"])
    detail = cw.cases.get(ref)
    with pytest.raises(PermissionDenied):
        cw.cases.update_case(dataclasses.replace(detail.case, allocated_worker="cw2"))


def test_an_admin_who_is_not_a_manager_reads_no_case(admin_session: VaultSession) -> None:
    ref = _open(admin_session)
    admin_session.cases.allocate(ref, "adm")
    admin_session.cases.share(ref, "adm")
    adm = as_user(admin_session, "adm")
    with pytest.raises(PermissionDenied):
        adm.cases.get(ref)
    with pytest.raises(PermissionDenied):
        adm.cases.open_new_case(survivor(), case())
    assert adm.cases.caseload_ids() == []
    assert adm.cases.caseload_ids(mine_only=True) == []
    assert adm.cases.search("robin") == []
    assert adm.cases.caseload_rows([1]) == []
    assert [e.action for e in adm.cases.history(ref)][-1] == "create"  # oversight, no content


def test_a_restricted_survivor_is_invisible_to_a_manager_not_named(
    admin_session: VaultSession,
) -> None:
    hidden = _open(admin_session)
    other = _open(admin_session)
    admin_session.cases.restrict(hidden, ["cw"])
    mgr = as_user(admin_session, "mgr")
    visible = {r.reference for r in mgr.cases.caseload_rows(mgr.cases.caseload_ids())}
    assert visible == {other}
    assert {r.reference for r in mgr.cases.search("robin")} == {other}
    # Indistinguishable from a case that does not exist: no hint that something is hidden.
    with pytest.raises(NotFound) as hidden_error:
        mgr.cases.get(hidden)
    with pytest.raises(NotFound) as missing_error:
        mgr.cases.get("C-999999")
    assert hidden_error.value.user_message == missing_error.value.user_message
    with pytest.raises(NotFound):
        mgr.cases.history(hidden)
    with pytest.raises(NotFound):
        mgr.cases.restrict(hidden, ["mgr"])
    assert admin_session.cases.get(hidden).survivor.restricted  # the restricting manager


def test_restricting_through_the_survivor_form_names_the_manager(
    admin_session: VaultSession,
) -> None:
    ref = _open(admin_session)
    detail = admin_session.cases.get(ref)
    restricted = dataclasses.replace(detail.survivor, restricted=True)
    mgr = as_user(admin_session, "mgr")
    mgr.cases.update_survivor(ref, restricted)
    assert mgr.cases.get(ref).survivor.restricted
    with pytest.raises(NotFound):  # the admin is not named, so the case is hidden from them
        admin_session.cases.get(ref)


def test_sharing_gives_access_and_unsharing_takes_it_away(
    admin_session: VaultSession,
) -> None:
    ref = _open(admin_session, allocated_worker="cw", status="active", allocation_date=REFERRAL)
    isva = as_user(admin_session, "isva")
    with pytest.raises(PermissionDenied):
        isva.cases.get(ref)
    as_user(admin_session, "cw").cases.share(ref, "ISVA")
    assert isva.cases.get(ref).case.reference == ref
    assert [r.reference for r in isva.cases.caseload_rows(isva.cases.caseload_ids())] == [ref]
    with pytest.raises(PermissionDenied):
        isva.cases.share(ref, "cw2")  # a share is not passed on
    admin_session.cases.unshare(ref, "isva")
    with pytest.raises(PermissionDenied):
        isva.cases.get(ref)


def test_deactivating_a_user_removes_their_key_slot(
    admin_session: VaultSession, access: VaultAccess, staffed_dir: Path
) -> None:
    with pytest.raises(PermissionDenied):
        as_user(admin_session, "mgr").accounts.deactivate("cw")
    assert "cw" in admin_session.users()
    admin_session.accounts.deactivate("cw")
    assert "cw" not in admin_session.users()
    row = next(u for u in admin_session.accounts.list() if u.username == "cw")
    assert not row.active
    admin_session.lock()
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, "cw", passphrase_of("cw"))
    access.unlock(staffed_dir, "isva", passphrase_of("isva")).lock()


def test_a_deactivated_user_whose_slot_survived_still_cannot_unlock(
    admin_session: VaultSession, access: VaultAccess, staffed_dir: Path
) -> None:
    """Belt and braces: the users table is checked at unlock as well as the key slot."""
    with admin_session.ctx.write() as conn:
        conn.execute("UPDATE users SET active = 0 WHERE username = 'isva'")
    admin_session.lock()
    with pytest.raises(CredentialsNotRecognised):
        access.unlock(staffed_dir, "isva", passphrase_of("isva"))


def test_a_services_context_uses_the_acting_users_roles(admin_session: VaultSession) -> None:
    """Roles changed by an admin apply to that user's next session, not to an open one."""
    admin_session.accounts.set_roles("cw", ("manager",))
    ref = _open(admin_session)
    as_logged_in = VaultSession(admin_session.vault, Actor("cw", frozenset({Role.CASEWORKER})))
    with pytest.raises(PermissionDenied):
        as_logged_in.cases.get(ref)
    assert as_user(admin_session, "cw").cases.get(ref).case.reference == ref
