"""The access rules as a full matrix: 3 roles × own/other initiative or network × read/edit."""

from __future__ import annotations

import pytest

from mintqo import access
from mintqo.access import AccountScope, Actor, InitiativeAccounts, Ownership

INITIATIVE = Actor(1, "ini", "Ini", "initiative", initiative_id=10)
COORDINATOR = Actor(2, "koord", "Koord", "coordinator", network_id=100)
ADMIN = Actor(3, "admin", "Admin", "admin")

OWN = Ownership(initiative_id=10, network_id=100, project_id=1000)
SAME_NETWORK_OTHER_INITIATIVE = Ownership(initiative_id=11, network_id=100, project_id=1001)
OTHER_NETWORK = Ownership(initiative_id=20, network_id=200, project_id=2000)

# (actor, ownership) -> (read, edit)
PROJECT_MATRIX = [
    (INITIATIVE, OWN, True, True),
    (INITIATIVE, SAME_NETWORK_OTHER_INITIATIVE, False, False),
    (INITIATIVE, OTHER_NETWORK, False, False),
    # coordinators see their initiatives only aggregated / named with consent, never raw
    (COORDINATOR, OWN, False, False),
    (COORDINATOR, SAME_NETWORK_OTHER_INITIATIVE, False, False),
    (COORDINATOR, OTHER_NETWORK, False, False),
    # the programme team sees national aggregates, never an initiative's own data
    (ADMIN, OWN, False, False),
    (ADMIN, OTHER_NETWORK, False, False),
]


@pytest.mark.parametrize(("actor", "owner", "read", "edit"), PROJECT_MATRIX)
def test_project_read_edit_matrix(actor: Actor, owner: Ownership, read: bool, edit: bool) -> None:
    assert access.can_read_project(actor, owner) is read
    assert access.can_edit_project(actor, owner) is edit


@pytest.mark.parametrize(
    ("actor", "network_id", "expected"),
    [
        (INITIATIVE, 100, False),
        (INITIATIVE, 200, False),
        (COORDINATOR, 100, True),
        (COORDINATOR, 200, False),
        (ADMIN, 100, True),
        (ADMIN, 200, True),
    ],
)
def test_view_network(actor: Actor, network_id: int, expected: bool) -> None:
    assert access.can_view_network(actor, network_id) is expected


@pytest.mark.parametrize(
    ("actor", "owner", "consented", "expected"),
    [
        (INITIATIVE, OWN, False, True),
        (INITIATIVE, SAME_NETWORK_OTHER_INITIATIVE, True, False),
        (COORDINATOR, OWN, False, False),
        (COORDINATOR, OWN, True, True),
        (COORDINATOR, OTHER_NETWORK, True, False),
        (ADMIN, OTHER_NETWORK, False, False),
        (ADMIN, OTHER_NETWORK, True, False),  # consent is given to the coordination only
    ],
)
def test_named_results(actor: Actor, owner: Ownership, consented: bool, expected: bool) -> None:
    assert access.can_see_named_results(actor, owner, consented) is expected


def test_a_coordinator_without_network_sees_nothing() -> None:
    odd = Actor(9, "x", "x", "coordinator", network_id=None)
    assert not access.can_view_network(odd, 100)
    assert access.visible_roles_for_invitation(odd) == ()


# --- accounts -----------------------------------------------------------------------------------

INI_ACCOUNT_OWN_NETWORK = AccountScope(50, "initiative", initiative_id=11, network_id=100)
INI_ACCOUNT_OTHER_NETWORK = AccountScope(51, "initiative", initiative_id=20, network_id=200)
COORD_ACCOUNT_OWN_NETWORK = AccountScope(52, "coordinator", network_id=100)
ADMIN_ACCOUNT = AccountScope(53, "admin")


def test_only_admins_manage_users() -> None:
    assert access.can_manage_users(ADMIN)
    assert not access.can_manage_users(COORDINATOR)
    assert not access.can_manage_users(INITIATIVE)


def test_account_changes_by_admin_but_not_on_own_account() -> None:
    assert access.can_change_account(ADMIN, INI_ACCOUNT_OWN_NETWORK)
    assert not access.can_change_account(ADMIN, AccountScope(ADMIN.user_id, "admin"))
    assert not access.can_change_account(COORDINATOR, INI_ACCOUNT_OWN_NETWORK)


@pytest.mark.parametrize(
    ("actor", "role", "network_id", "expected"),
    [
        (COORDINATOR, "initiative", 100, True),
        (COORDINATOR, "initiative", 200, False),
        (COORDINATOR, "coordinator", 100, False),
        (COORDINATOR, "admin", 100, False),
        (ADMIN, "coordinator", 200, True),
        (ADMIN, "initiative", 200, True),
        (ADMIN, "admin", 200, False),
        (INITIATIVE, "initiative", 100, False),
    ],
)
def test_invitations(actor: Actor, role: str, network_id: int, expected: bool) -> None:
    assert access.can_issue_invitation(actor, role, network_id) is expected


def test_invitation_roles_offered() -> None:
    assert access.visible_roles_for_invitation(INITIATIVE) == ()
    assert access.visible_roles_for_invitation(COORDINATOR) == ("initiative",)
    assert access.visible_roles_for_invitation(ADMIN) == ("coordinator", "initiative")
    assert access.can_see_invitations_of(COORDINATOR, 100)
    assert not access.can_see_invitations_of(COORDINATOR, 200)
    assert not access.can_see_invitations_of(COORDINATOR, None)
    assert access.can_see_invitations_of(ADMIN, None)
    assert not access.can_see_invitations_of(INITIATIVE, 100)
    assert access.can_see_invitations_of(INITIATIVE, 100, 10)  # codes into its own initiative
    assert not access.can_see_invitations_of(INITIATIVE, 100, 11)


OWN_INITIATIVE_WITH_ACCOUNTS = InitiativeAccounts(10, 100, active_members=2)
EMPTY_INITIATIVE = InitiativeAccounts(11, 100, active_members=0)
OTHER_NETWORK_EMPTY = InitiativeAccounts(20, 200, active_members=0)


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        (INITIATIVE, OWN_INITIATIVE_WITH_ACCOUNTS, True),  # members invite colleagues
        (INITIATIVE, EMPTY_INITIATIVE, False),
        (COORDINATOR, InitiativeAccounts(10, 100, active_members=1), False),  # leak 1
        (COORDINATOR, EMPTY_INITIATIVE, True),  # its first account
        (COORDINATOR, OTHER_NETWORK_EMPTY, False),
        (ADMIN, OWN_INITIATIVE_WITH_ACCOUNTS, True),
    ],
)
def test_who_may_invite_into_an_existing_initiative(actor, target, expected) -> None:
    assert access.can_invite_into_initiative(actor, target) is expected


def test_members_see_their_team_and_the_last_one_cannot_leave() -> None:
    assert access.can_see_members(INITIATIVE, 10) and not access.can_see_members(INITIATIVE, 11)
    assert not access.can_see_members(COORDINATOR, 10)
    assert access.can_leave_initiative(INITIATIVE, OWN_INITIATIVE_WITH_ACCOUNTS)
    assert not access.can_leave_initiative(INITIATIVE, InitiativeAccounts(10, 100, 1))
    assert not access.can_leave_initiative(COORDINATOR, OWN_INITIATIVE_WITH_ACCOUNTS)


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        (COORDINATOR, INI_ACCOUNT_OWN_NETWORK, False),  # leak 2: no way into an account
        (COORDINATOR, INI_ACCOUNT_OTHER_NETWORK, False),
        (COORDINATOR, COORD_ACCOUNT_OWN_NETWORK, False),
        (COORDINATOR, ADMIN_ACCOUNT, False),
        (ADMIN, INI_ACCOUNT_OTHER_NETWORK, True),
        (ADMIN, COORD_ACCOUNT_OWN_NETWORK, True),
        (ADMIN, AccountScope(ADMIN.user_id, "admin"), False),
        (INITIATIVE, INI_ACCOUNT_OWN_NETWORK, False),  # another initiative's account
        (INITIATIVE, AccountScope(54, "initiative", initiative_id=10, network_id=100), True),
        (INITIATIVE, AccountScope(1, "initiative", initiative_id=10, network_id=100), False),
    ],
)
def test_reset_codes(actor: Actor, target: AccountScope, expected: bool) -> None:
    assert access.can_issue_reset_code(actor, target) is expected
