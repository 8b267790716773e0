"""Invitation and reset codes: who may invite whom, who may hand out a way into an account.

Rules (stated in :mod:`mintqo.access`, applied here inside each write transaction to the acting
user as stored now):

- coordinators invite *new* initiatives into their network, admins coordinators and new
  initiatives anywhere;
- an *existing* initiative is joined only through its own members (or admins); its coordinator
  may invite into it only while it has no active account;
- reset codes: admins for any account, members for colleagues of their own initiative,
  coordinators never;
- members see (and may withdraw) every open code that concerns their initiative.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor, InitiativeAccounts
from mintqo.auth import clock
from mintqo.services.account_codes import (
    INVITATION_DAYS,
    NOT_ALLOWED,
    RESET_HOURS,
    AccountError,
    IssuedCode,
    issue,
)
from mintqo.services.acting import fresh_actor
from mintqo.store import audit, members, one_time_codes
from mintqo.store.engine import write_session
from mintqo.store.members import InitiativeRow
from mintqo.store.one_time_codes import OpenCode
from mintqo.store.users import (
    UserRow,
    account_scope_in,
    credential_for,
    credential_in,
    list_users,
)
from mintqo.validation import InvalidInput, clean_name


def _accounts(row: InitiativeRow) -> InitiativeAccounts:
    return InitiativeAccounts(row.initiative_id, row.network_id, row.active_members)


def invitation_networks(engine: Engine, actor: Actor) -> list[tuple[int, str]]:
    """Networks in which this user may invite new accounts (coordinators or new initiatives)."""
    if not access.visible_roles_for_invitation(actor):
        return []
    return [
        (nid, name)
        for nid, name in members.all_networks(engine)
        if any(access.can_issue_invitation(actor, r, nid) for r in ("initiative", "coordinator"))
    ]


def may_invite_new_initiatives(actor: Actor, network_id: int) -> bool:
    """May this user invite a new initiative into this (existing) network? (Without listing
    every network, as :func:`invitation_networks` does for the invitation form.)"""
    return access.can_issue_invitation(actor, "initiative", network_id)


def invitable_initiatives(engine: Engine, actor: Actor, network_id: int) -> list[InitiativeRow]:
    """Existing initiatives of a network this user may invite another person into."""
    return [
        row
        for row in members.initiatives_of_network(engine, network_id)
        if access.can_invite_into_initiative(actor, _accounts(row))
    ]


def _label(new_initiative_name: str | None) -> str:
    try:
        return clean_name(new_initiative_name, "Der Name der neuen Initiative")
    except InvalidInput as exc:
        raise AccountError(str(exc)) from exc


def create_invitation(
    engine: Engine,
    actor: Actor,
    *,
    role: str,
    network_id: int,
    initiative_id: int | None = None,
    new_initiative_name: str | None = None,
    days: int = INVITATION_DAYS,
    now: dt.datetime | None = None,
) -> IssuedCode:
    """An invitation for one new account.

    ``role="initiative"``: into the existing ``initiative_id`` of ``network_id``, or, with
    ``new_initiative_name``, for a new initiative that registration creates in that network.
    ``role="coordinator"``: for the coordination of ``network_id``.
    """
    now = clock.resolve(now)
    joining = role == "initiative" and initiative_id is not None
    label = "" if joining or role != "initiative" else _label(new_initiative_name)
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        if joining:
            target = members.initiative_in(s, initiative_id)
            if target is None or target.network_id != network_id:
                raise AccountError("Diese Initiative gehört nicht zu diesem Netzwerk.")
            if not access.can_invite_into_initiative(me, _accounts(target)):
                raise AccountError(NOT_ALLOWED)
            label = target.name
        elif not access.can_issue_invitation(me, role, network_id):
            raise AccountError(NOT_ALLOWED)
        network = members.network_name_in(s, network_id)
        if network is None:
            raise AccountError(f"Es gibt kein Netzwerk mit der Nummer {network_id}.")
        if role == "coordinator":
            label = network
        issued = issue(
            s,
            "invitation",
            now,
            now + dt.timedelta(days=days),
            role=role,
            network_id=network_id,
            initiative_id=initiative_id if joining else None,
            created_by=me.user_id,
            label=label,
        )
        what = "neue Initiative" if role == "initiative" and not joining else role
        audit.record(s, me, "invitation.create", f"network:{network_id}", f"{what}: {label}"[:500])
        return issued


def create_member_invitation(
    engine: Engine, actor: Actor, days: int = INVITATION_DAYS, now: dt.datetime | None = None
) -> IssuedCode:
    """An initiative member invites a colleague into their own initiative."""
    if actor.role != "initiative" or actor.initiative_id is None:
        raise AccountError(NOT_ALLOWED)
    with write_session(engine) as s:
        target = members.initiative_in(s, actor.initiative_id)
    if target is None:
        raise AccountError(NOT_ALLOWED)
    return create_invitation(
        engine,
        actor,
        role="initiative",
        network_id=target.network_id,
        initiative_id=target.initiative_id,
        days=days,
        now=now,
    )


def list_open_codes(engine: Engine, actor: Actor, now: dt.datetime | None = None) -> list[OpenCode]:
    """Unused, unexpired codes this user may see: admins all, coordinators their network's,
    members those concerning their initiative."""
    now = clock.resolve(now)
    if actor.is_admin:
        return one_time_codes.open_codes(engine, now)
    if actor.role == "coordinator" and actor.network_id is not None:
        return one_time_codes.open_codes(engine, now, network_id=actor.network_id)
    if actor.role == "initiative" and actor.initiative_id is not None:
        return one_time_codes.open_codes(engine, now, initiative_id=actor.initiative_id)
    return []


def revoke_code(engine: Engine, actor: Actor, code_id: int, now: dt.datetime | None = None) -> None:
    """Withdraw an open code (it counts as used from now on)."""
    now = clock.resolve(now)
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        row = one_time_codes.code_by_id(s, code_id)
        concerns = row.initiative_id if row is not None else None
        if row is not None and concerns is None and row.user_id is not None:
            target = credential_in(s, row.user_id)
            scope = account_scope_in(s, row.user_id) if target is not None else None
            concerns = scope.initiative_id if scope is not None else None
        if row is None or not access.can_see_invitations_of(me, row.network_id, concerns):
            raise AccountError(NOT_ALLOWED)
        if one_time_codes.use_code(s, row.code_id, now):
            audit.record(s, me, f"{row.kind}.revoke", f"code:{row.code_id}", row.label[:500])


# --- reset codes ---------------------------------------------------------------------------------


def reset_targets(engine: Engine, actor: Actor) -> list[UserRow]:
    """Accounts this user may issue a reset code for (admins: all others; members: colleagues)."""
    if actor.is_admin:
        users = list_users(engine)
    elif actor.role == "initiative" and actor.initiative_id is not None:
        users = list_users(engine, initiative_id=actor.initiative_id)
    else:
        return []
    return [u for u in users if access.can_issue_reset_code(actor, _scope(u))]


def _scope(user: UserRow) -> access.AccountScope:
    return access.AccountScope(user.user_id, user.role, user.initiative_id, user.network_id)  # type: ignore[arg-type]


def issue_reset_code(
    engine: Engine,
    actor: Actor,
    user_id: int,
    hours: int = RESET_HOURS,
    now: dt.datetime | None = None,
) -> IssuedCode:
    """A one-time code with which the account's owner sets a new password (no e-mail needed)."""
    now = clock.resolve(now)
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        scope = account_scope_in(s, user_id)
        target = credential_in(s, user_id)
        if scope is None or target is None or not access.can_issue_reset_code(me, scope):
            raise AccountError(NOT_ALLOWED)
        issued = issue(
            s,
            "reset",
            now,
            now + dt.timedelta(hours=hours),
            network_id=scope.network_id,
            user_id=user_id,
            created_by=me.user_id,
            label=target.username,
        )
        audit.record(s, me, "reset_code.create", f"user:{target.username}")
        return issued


def issue_reset_as_operator(
    engine: Engine, username: str, hours: int = RESET_HOURS, now: dt.datetime | None = None
) -> IssuedCode:
    """``reset-code`` on the command line: the operator (database access) resets any account."""
    now = clock.resolve(now)
    credential = credential_for(engine, username)
    if credential is None:
        raise AccountError(f"Es gibt kein Konto „{username.strip().lower()}“.")
    with write_session(engine) as s:
        issued = issue(
            s,
            "reset",
            now,
            now + dt.timedelta(hours=hours),
            user_id=credential.user_id,
            label=credential.username,
        )
        audit.record(s, "cli", "reset_code.create", f"user:{credential.username}")
        return issued
