"""Access rules: the only place that decides who may see or change what. Pure functions.

The use-case layer (``mintqo.services``) asks these functions with the acting user as the
database knows them and the ownership of the object loaded from the store; ids from URLs or
session state are never trusted on their own. Pages and UI helpers never ask them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["initiative", "coordinator", "admin"]


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as loaded from the database on this run."""

    user_id: int
    username: str
    display_name: str
    role: Role
    initiative_id: int | None = None
    network_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Ownership:
    """Who an object belongs to (re-exported from the store so access stays import-free)."""

    initiative_id: int
    network_id: int
    project_id: int | None = None


def _owns(actor: Actor, initiative_id: int) -> bool:
    return actor.role == "initiative" and actor.initiative_id == initiative_id


def _coordinates(actor: Actor, network_id: int) -> bool:
    return actor.role == "coordinator" and actor.network_id == network_id


# --- pages: who is offered which screen (each use case checks again) -------------------------

ANONYMOUS = "anonymous"
PAGE_AUDIENCE: dict[str, frozenset[str]] = {
    "start": frozenset({ANONYMOUS}),
    "register": frozenset({ANONYMOUS}),
    "reset_password": frozenset({ANONYMOUS}),
    "projects": frozenset({"initiative"}),
    "questionnaire": frozenset({"initiative"}),
    "profile": frozenset({"initiative"}),
    "action_plan": frozenset({"initiative"}),
    "network": frozenset({"coordinator", "admin"}),
    "workshop": frozenset({"coordinator", "admin"}),
    "invitations": frozenset({"coordinator", "admin"}),
    "national": frozenset({"admin"}),
    "admin": frozenset({"admin"}),
    "settings": frozenset({"initiative", "coordinator", "admin"}),
    # the accessibility statement: everybody, logged in or not (BITV 2.0 § 7)
    "accessibility": frozenset({ANONYMOUS, "initiative", "coordinator", "admin"}),
}
"""Page name (the file name under ``pages/``) → roles that may open it."""


def may_open_page(actor: Actor | None, page: str) -> bool:
    """Navigation offers a page, and the page opens, only for these roles."""
    role = actor.role if actor is not None else ANONYMOUS
    return role in PAGE_AUDIENCE.get(page, frozenset())


# --- an initiative's own data: projects, rounds, answers, notes, profile, plans ----------------


def can_read_project(actor: Actor, owner: Ownership) -> bool:
    """Projects, rounds, answers, notes, profile, action plan: the initiative's members only.

    Coordinators see their initiatives through participation status and aggregates (named
    scores only with consent); the programme team through national aggregates. Nobody else
    reads an initiative's answers or notes.
    """
    return _owns(actor, owner.initiative_id)


def can_edit_project(actor: Actor, owner: Ownership) -> bool:
    """Creating projects, answering, submitting, plans, the staircase: the initiative's members."""
    return _owns(actor, owner.initiative_id)


def can_edit_round_answers(actor: Actor, owner: Ownership, team_round: bool, lead: bool) -> bool:
    """A round's own answers: in a single round every member; in a team round they are the
    agreed result, which only the round's lead composes and submits (members fill their own
    sheets)."""
    return can_edit_project(actor, owner) and (not team_round or lead)


def can_see_team_comparison(
    actor: Actor, owner: Ownership, own_sheet_finished: bool, round_closed: bool = False
) -> bool:
    """How the team's sheets differ: members of the initiative, once their own sheet is
    finished (nobody is anchored by the others' answers while still rating), and every
    member once the round is closed (its agreed result is out; nothing left to anchor)."""
    return _owns(actor, owner.initiative_id) and (own_sheet_finished or round_closed)


def can_read_sheet_ratings(
    actor: Actor, owner: Ownership, own_sheet: bool, sheet_finished: bool, comparison_open: bool
) -> bool:
    """A member's ratings on their own sheet (e.g. in the data export): the member always;
    the others exactly as the comparison shows them – a finished sheet, to a member who may
    see the comparison. An open sheet is nobody else's business."""
    return _owns(actor, owner.initiative_id) and (own_sheet or (sheet_finished and comparison_open))


def can_read_sheet_notes(actor: Actor, owner: Ownership, own_sheet: bool) -> bool:
    """The notes on a sheet are the member's own working notes: the team sees ratings only
    (the agreed result has its own "Begründung" per criterion)."""
    return _owns(actor, owner.initiative_id) and own_sheet


def can_manage_own_initiative(actor: Actor, initiative_id: int) -> bool:
    """Consent, data export, deleting the initiative: its own members."""
    return _owns(actor, initiative_id)


# --- aggregates and named results ----------------------------------------------------------------


def can_view_network(actor: Actor, network_id: int) -> bool:
    """Network dashboards (aggregates, participation status): its coordinator and admins."""
    return actor.is_admin or _coordinates(actor, network_id)


def can_see_named_results(actor: Actor, owner: Ownership, consented: bool) -> bool:
    """An initiative's scores by name: itself, and its network's coordination if it consented.

    The consent is given to the network coordination only: the programme team sees every
    network's picture, but no initiative by name.
    """
    if _owns(actor, owner.initiative_id):
        return True
    return consented and _coordinates(actor, owner.network_id)


def known_initiatives(actor: Actor, named: frozenset[int]) -> frozenset[int]:
    """Initiatives whose values this viewer knows anyway: they protect nobody in aggregates.

    The ones it may see by name, and for an initiative its own values.
    """
    own = {actor.initiative_id} if actor.role == "initiative" and actor.initiative_id else set()
    return frozenset(named) | frozenset(own)


def can_see_network_mean(actor: Actor, owner: Ownership) -> bool:
    """The network mean next to an initiative's own profile: that initiative's members."""
    return _owns(actor, owner.initiative_id)


def can_view_national(actor: Actor) -> bool:
    """The national picture and the plausibility flags: the programme team."""
    return actor.is_admin


def can_manage_organisations(actor: Actor) -> bool:
    """Cohorts, networks, the organisation import: the programme team."""
    return actor.is_admin


def can_view_audit_log(actor: Actor) -> bool:
    return actor.is_admin


def takes_part_in_buddies(actor: Actor) -> bool:
    """The buddy programme is between networks' coordinations."""
    return actor.role == "coordinator" and actor.network_id is not None


def can_ask_buddy(actor: Actor, own_network: int, other_network: int) -> bool:
    """A buddy request (or its end) comes from the coordination of one of the two networks."""
    return own_network != other_network and _coordinates(actor, own_network)


def can_see_buddy_network(actor: Actor, network_id: int, active_partners: frozenset[int]) -> bool:
    """Another network's anonymous picture: its coordination's active buddies only. Nothing
    of it but its aggregates (no participation list, no names), each under the privacy rules
    on its own."""
    return actor.role == "coordinator" and network_id in active_partners


def can_erase_initiative(actor: Actor, initiative_id: int) -> bool:
    """DSGVO erasure: the initiative's own members, and the programme team for any initiative."""
    return actor.is_admin or _owns(actor, initiative_id)


# --- accounts: user administration, invitations, reset codes ----------------------------------


@dataclass(frozen=True)
class AccountScope:
    """Where a user account belongs: its role, and the initiative/network it is bound to.

    ``network_id`` is the network of the account: for initiative accounts the network of
    their initiative (loaded from the store), for coordinators their own network.
    """

    user_id: int
    role: Role
    initiative_id: int | None = None
    network_id: int | None = None


@dataclass(frozen=True)
class InitiativeAccounts:
    """An initiative as the invitation rules see it: where it belongs, and whether anyone
    (an active account) already works in it."""

    initiative_id: int
    network_id: int
    active_members: int


def _member_of(actor: Actor, initiative_id: int | None) -> bool:
    return initiative_id is not None and _owns(actor, initiative_id)


def can_manage_users(actor: Actor) -> bool:
    """The user administration (list, disable/enable, change roles, unlock, login events):
    admins only."""
    return actor.is_admin


def visible_roles_for_invitation(actor: Actor) -> tuple[Role, ...]:
    """Roles of *new* accounts in a network this user may invite: admins coordinators and new
    initiatives, coordinators new initiatives of their network. (Members invite colleagues
    into their own initiative: :func:`can_invite_into_initiative`.)"""
    if actor.is_admin:
        return ("coordinator", "initiative")
    if actor.role == "coordinator" and actor.network_id is not None:
        return ("initiative",)
    return ()


def can_issue_invitation(actor: Actor, role: str, network_id: int) -> bool:
    """May ``actor`` invite a new coordinator, or a *new* initiative, into ``network_id``?

    Coordinators only new initiatives of their own network; admins coordinators and new
    initiatives of any network. Nobody invites admins (those are created on the command line).
    """
    if role not in visible_roles_for_invitation(actor):
        return False
    return actor.is_admin or _coordinates(actor, network_id)


def can_invite_into_initiative(actor: Actor, target: InitiativeAccounts) -> bool:
    """May ``actor`` invite another person into an existing initiative?

    Its own members always (that is how an initiative grows its team) and admins. Its
    coordinator only while the initiative has no active account (to hand it its first one):
    otherwise a coordinator could join an initiative and read what it never shared.
    """
    if actor.is_admin or _member_of(actor, target.initiative_id):
        return True
    return _coordinates(actor, target.network_id) and target.active_members == 0


def can_see_invitations_of(
    actor: Actor, network_id: int | None, initiative_id: int | None = None
) -> bool:
    """Open codes: admins all, coordinators those of their network, members the invitations
    into their own initiative (everyone who may get access to it is visible to its members)."""
    if actor.is_admin:
        return True
    if network_id is not None and _coordinates(actor, network_id):
        return True
    return _member_of(actor, initiative_id)


def can_issue_reset_code(actor: Actor, target: AccountScope) -> bool:
    """Password-reset codes: admins for any account, members for a colleague of their own
    initiative. Coordinators issue none (a reset code is a way into the account).

    Nobody issues a reset code for their own account (they change their password in the
    settings, or use their recovery code).
    """
    if target.user_id == actor.user_id:
        return False
    if actor.is_admin:
        return True
    return target.role == "initiative" and _member_of(actor, target.initiative_id)


def can_see_members(actor: Actor, initiative_id: int) -> bool:
    """Who has access to an initiative: its members and admins."""
    return actor.is_admin or _member_of(actor, initiative_id)


def can_leave_initiative(actor: Actor, target: InitiativeAccounts) -> bool:
    """A member may leave (delete their account) unless they are its last active member: the
    initiative would then have nobody left (deleting the initiative is the way out)."""
    return _member_of(actor, target.initiative_id) and target.active_members > 1


def can_change_account(actor: Actor, target: AccountScope) -> bool:
    """Disable/enable an account, change its role or lift its login throttle: admins, never on
    their own account."""
    return actor.is_admin and target.user_id != actor.user_id
