"""Property-based check of mintqo.access against an independent statement of the rules.

Hypothesis builds small worlds (networks, initiatives, projects, accounts) and actors of every
role; each access function must agree with the rules below, which are written as plain set
membership over the world, not by calling or copying the implementation.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from mintqo import access
from mintqo.access import AccountScope, Actor, InitiativeAccounts, Ownership

ROLES = ("initiative", "coordinator", "admin")


@dataclass(frozen=True)
class World:
    initiative_network: dict[int, int]  # initiative id -> network id
    project_owner: dict[int, int]  # project id -> initiative id
    consent: dict[int, bool]  # initiative id -> shares named results

    @property
    def networks(self) -> set[int]:
        return set(self.initiative_network.values())

    def ownership(self, project_id: int) -> Ownership:
        ini = self.project_owner[project_id]
        return Ownership(ini, self.initiative_network[ini], project_id)


@st.composite
def worlds(draw) -> World:
    n_networks = draw(st.integers(1, 3))
    n_initiatives = draw(st.integers(1, 5))
    initiative_network = {i: draw(st.integers(1, n_networks)) for i in range(1, n_initiatives + 1)}
    n_projects = draw(st.integers(1, 6))
    project_owner = {p: draw(st.integers(1, n_initiatives)) for p in range(100, 100 + n_projects)}
    consent = {i: draw(st.booleans()) for i in initiative_network}
    return World(initiative_network, project_owner, consent)


@st.composite
def actors(draw, world: World) -> Actor:
    role = draw(st.sampled_from(ROLES))
    user_id = draw(st.integers(1, 6))
    if role == "initiative":
        # Usually one of the world's initiatives, sometimes a stranger from elsewhere.
        ini = draw(st.sampled_from([*world.initiative_network, 999]))
        return Actor(user_id, f"u{user_id}", "U", "initiative", initiative_id=ini)
    if role == "coordinator":
        net = draw(st.sampled_from([*sorted(world.networks), 999]))
        return Actor(user_id, f"u{user_id}", "U", "coordinator", network_id=net)
    return Actor(user_id, f"u{user_id}", "U", "admin")


@st.composite
def scenes(draw):
    world = draw(worlds())
    return world, draw(actors(world)), draw(st.sampled_from(sorted(world.project_owner)))


@st.composite
def accounts(draw, world: World) -> AccountScope:
    role = draw(st.sampled_from(ROLES))
    user_id = draw(st.integers(1, 6))
    if role == "initiative":
        ini = draw(st.sampled_from(sorted(world.initiative_network)))
        return AccountScope(user_id, "initiative", ini, world.initiative_network[ini])
    if role == "coordinator":
        return AccountScope(
            user_id, "coordinator", None, draw(st.sampled_from(sorted(world.networks)))
        )
    return AccountScope(user_id, "admin")


# --- the rules, stated independently -----------------------------------------------------------


def projects_readable(world: World, actor: Actor) -> set[int]:
    if actor.role == "initiative":
        return {p for p, ini in world.project_owner.items() if ini == actor.initiative_id}
    return set()  # coordinators and the programme team never read or edit an initiative's data


def networks_viewable(world: World, actor: Actor) -> set[int]:
    if actor.role == "admin":
        return world.networks | {999}
    if actor.role == "coordinator":
        return {actor.network_id}
    return set()


def named_results_visible(world: World, actor: Actor, project_id: int, consented: bool) -> bool:
    ini = world.project_owner[project_id]
    if actor.role == "initiative" and actor.initiative_id == ini:
        return True  # the programme team sees no initiative by name
    return (
        actor.role == "coordinator"
        and consented
        and actor.network_id == world.initiative_network[ini]
    )


COVERED = {
    "can_view_network",
    "can_read_project",
    "can_edit_project",
    "can_see_named_results",
    "may_open_page",
    "can_manage_own_initiative",
    "known_initiatives",
    "can_see_network_mean",
    "can_view_national",
    "can_manage_organisations",
    "can_view_audit_log",
    "can_erase_initiative",
    "can_ask_buddy",
    "can_see_buddy_network",
    "takes_part_in_buddies",
    "can_edit_round_answers",
    "can_see_team_comparison",
    "can_read_sheet_ratings",
    "can_read_sheet_notes",
    "can_manage_users",
    "can_invite_into_initiative",
    "can_see_members",
    "can_leave_initiative",
    "can_issue_invitation",
    "can_see_invitations_of",
    "can_issue_reset_code",
    "can_change_account",
    "visible_roles_for_invitation",
}


def test_every_public_access_function_is_covered():
    public = {
        name
        for name, obj in inspect.getmembers(access, inspect.isfunction)
        if obj.__module__ == access.__name__ and not name.startswith("_")
    }
    assert public == COVERED, "add the new access function to this property test"


@settings(max_examples=300, deadline=None)
@given(scenes())
def test_project_rules(scene):
    world, actor, project_id = scene
    owner = world.ownership(project_id)
    readable = project_id in projects_readable(world, actor)
    assert access.can_read_project(actor, owner) == readable
    assert access.can_edit_project(actor, owner) == readable  # read+edit go together
    if actor.role == "coordinator":
        assert not access.can_read_project(actor, owner)
        assert not access.can_edit_project(actor, owner)


@settings(max_examples=300, deadline=None)
@given(scenes(), st.booleans())
def test_network_and_named_result_rules(scene, consented_flag):
    world, actor, project_id = scene
    for network_id in [*world.networks, 999]:
        assert access.can_view_network(actor, network_id) == (
            network_id in networks_viewable(world, actor)
        )
    owner = world.ownership(project_id)
    consented = world.consent[owner.initiative_id] and consented_flag
    assert access.can_see_named_results(actor, owner, consented) == named_results_visible(
        world, actor, project_id, consented
    )
    own = actor.role == "initiative" and actor.initiative_id == owner.initiative_id
    for team_round in (False, True):
        for lead in (False, True):
            assert access.can_edit_round_answers(actor, owner, team_round, lead) == (
                own and (lead or not team_round)
            )
    for finished in (False, True):
        assert access.can_see_team_comparison(actor, owner, finished) == (own and finished)
        assert access.can_see_team_comparison(actor, owner, finished, round_closed=True) == own
    for mine in (False, True):
        assert access.can_read_sheet_notes(actor, owner, mine) == (own and mine)
        for finished in (False, True):
            for open_ in (False, True):
                assert access.can_read_sheet_ratings(actor, owner, mine, finished, open_) == (
                    own and (mine or (finished and open_))
                )
    assert access.can_see_network_mean(actor, owner) == own
    assert access.can_manage_own_initiative(actor, owner.initiative_id) == own
    assert access.can_erase_initiative(actor, owner.initiative_id) == (own or actor.role == "admin")
    assert access.takes_part_in_buddies(actor) == (
        actor.role == "coordinator" and actor.network_id is not None
    )
    for other in [*world.networks, 999]:
        asks = actor.role == "coordinator" and actor.network_id != other
        assert access.can_ask_buddy(actor, actor.network_id or 0, other) == (
            asks and actor.network_id is not None
        )
        partners = frozenset({other})
        assert access.can_see_buddy_network(actor, other, partners) == (actor.role == "coordinator")
        assert not access.can_see_buddy_network(actor, other, frozenset())
    for rule in (access.can_view_national, access.can_manage_organisations):
        assert rule(actor) == (actor.role == "admin")
    assert access.can_view_audit_log(actor) == (actor.role == "admin")
    named = frozenset(i for i, ok in world.consent.items() if ok and actor.role == "coordinator")
    known = access.known_initiatives(actor, named)
    assert known == named | ({actor.initiative_id} if actor.role == "initiative" else set())


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([*ROLES, None]), st.sampled_from([*access.PAGE_AUDIENCE, "unbekannt"]))
def test_page_rules(role, page):
    actor = None if role is None else Actor(1, "u", "U", role, initiative_id=1, network_id=1)
    expected = {
        None: {"start", "register", "reset_password"},
        "initiative": {"projects", "questionnaire", "profile", "action_plan", "settings"},
        "coordinator": {"network", "workshop", "invitations", "settings"},
        "admin": {"network", "workshop", "invitations", "national", "admin", "settings"},
    }[role] | {"accessibility"}  # the accessibility statement is open to everybody
    assert access.may_open_page(actor, page) == (page in expected)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_account_rules(data):
    world = data.draw(worlds())
    actor = data.draw(actors(world))
    target = data.draw(accounts(world))
    network_id = data.draw(st.sampled_from([*sorted(world.networks), 999]))
    role = data.draw(st.sampled_from([*ROLES, "superuser"]))
    admin = actor.role == "admin"
    own_network = actor.role == "coordinator" and actor.network_id == network_id

    assert access.can_manage_users(actor) == admin
    expected_roles = {
        "admin": {"coordinator", "initiative"},
        "coordinator": {"initiative"},
        "initiative": set(),
    }[actor.role]
    assert set(access.visible_roles_for_invitation(actor)) == expected_roles
    assert access.can_issue_invitation(actor, role, network_id) == (
        role in expected_roles and (admin or own_network)
    )
    assert "admin" not in access.visible_roles_for_invitation(actor)  # nobody invites admins
    assert access.can_see_invitations_of(actor, network_id) == (admin or own_network)
    assert access.can_see_invitations_of(actor, None) == admin
    ini = data.draw(st.sampled_from(sorted(world.initiative_network)))
    members = data.draw(st.integers(0, 3))
    target_ini = InitiativeAccounts(ini, world.initiative_network[ini], members)
    member = actor.role == "initiative" and actor.initiative_id == ini
    its_coordinator = actor.role == "coordinator" and actor.network_id == target_ini.network_id
    # an existing initiative grows through its members; its coordinator only hands it its first
    # account; a coordinator never joins an initiative that already has one
    assert access.can_invite_into_initiative(actor, target_ini) == (
        admin or member or (its_coordinator and members == 0)
    )
    assert access.can_see_invitations_of(actor, None, ini) == (admin or member)
    assert access.can_see_members(actor, ini) == (admin or member)
    assert access.can_leave_initiative(actor, target_ini) == (member and members > 1)

    self_target = target.user_id == actor.user_id
    colleague = (
        actor.role == "initiative"
        and target.role == "initiative"
        and target.initiative_id == actor.initiative_id
    )
    # coordinators never hand out a way into an account
    assert access.can_issue_reset_code(actor, target) == (not self_target and (admin or colleague))
    assert access.can_change_account(actor, target) == (admin and not self_target)
