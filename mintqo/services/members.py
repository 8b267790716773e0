"""An initiative's team: who has access to it, and leaving it.

Every member sees every other account of their initiative (user name, display name, since when,
last login) and every open code that could give someone access, so nobody joins unnoticed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor, InitiativeAccounts
from mintqo.services.account_codes import NOT_ALLOWED, AccountError
from mintqo.services.acting import fresh_actor
from mintqo.services.invitations import list_open_codes
from mintqo.store import audit, members
from mintqo.store.engine import read_session, write_session
from mintqo.store.one_time_codes import OpenCode
from mintqo.store.users import delete_user_in

LAST_MEMBER = (
    "Sie sind das einzige aktive Mitglied dieser Initiative: Wenn Sie gehen, hätte niemand mehr "
    "Zugang zu ihren Daten. Laden Sie zuerst eine weitere Person ein – oder löschen Sie die "
    "Initiative mit allen Daten unter „Ihre Daten“."
)
CONFIRM_MISMATCH = (
    "Zur Bestätigung geben Sie bitte Ihren Benutzernamen genau so ein, wie er oben steht."
)


@dataclass(frozen=True)
class Member:
    username: str
    display_name: str
    active: bool
    since: dt.datetime
    last_login: dt.datetime | None
    is_me: bool


@dataclass(frozen=True)
class Team:
    initiative_name: str
    members: list[Member]
    open_codes: list[OpenCode]
    may_leave: bool  # False: the actor is the last active member


def my_team(engine: Engine, actor: Actor, now: dt.datetime | None = None) -> Team | None:
    """The actor's initiative team (None for accounts that belong to no initiative)."""
    if actor.initiative_id is None or not access.can_see_members(actor, actor.initiative_id):
        return None
    with read_session(engine) as s:
        initiative = members.initiative_in(s, actor.initiative_id)
    if initiative is None:
        return None
    rows = members.members_of(engine, actor.initiative_id)
    accounts = InitiativeAccounts(
        initiative.initiative_id, initiative.network_id, initiative.active_members
    )
    return Team(
        initiative.name,
        [
            Member(
                r.username,
                r.display_name,
                r.active,
                r.created_at,
                r.last_login_at,
                r.user_id == actor.user_id,
            )
            for r in rows
        ],
        list_open_codes(engine, actor, now),
        access.can_leave_initiative(actor, accounts),
    )


def leave_initiative(engine: Engine, actor: Actor, typed_username: str) -> None:
    """Delete one's own account in an initiative (its sessions and codes go with it).

    The last active member cannot leave: the initiative would be left without access.
    """
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        if me.initiative_id is None:
            raise AccountError(NOT_ALLOWED)
        initiative = members.initiative_in(s, me.initiative_id)
        if initiative is None:
            raise AccountError(NOT_ALLOWED)
        accounts = InitiativeAccounts(
            initiative.initiative_id, initiative.network_id, initiative.active_members
        )
        if not access.can_leave_initiative(me, accounts):
            raise AccountError(LAST_MEMBER)
        if typed_username.strip().lower() != me.username:
            raise AccountError(CONFIRM_MISMATCH)
        audit.record(s, me, "member.leave", f"initiative:{initiative.initiative_id}")
        delete_user_in(s, me.user_id)
