"""User administration for the programme team (and the operator's command line): the user list,
disabling and enabling accounts, role changes, lifting a login throttle, the login events.

Disabling an account ends every open session of it at once (its cookies log in nobody).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor
from mintqo.auth import clock, throttle
from mintqo.services.account_codes import NOT_ALLOWED, AccountError
from mintqo.services.acting import fresh_actor
from mintqo.store import audit, login_events, sessions
from mintqo.store.engine import read_session, write_session
from mintqo.store.login_events import LoginEventRow
from mintqo.store.users import (
    ROLE_LABELS,
    RoleChange,
    UserRow,
    account_scope_in,
    change_role_in,
    credential_for,
    credential_in,
    list_users,
    set_active_in,
)

__all__ = ["ROLE_LABELS", "RoleChange", "UserRow"]


@dataclass(frozen=True)
class ThrottleStatus:
    """An account's recent failures, for the admin deciding whether to unlock it."""

    failures: int  # failed password attempts within the throttle window
    addresses: int  # from how many client addresses
    captcha: bool  # the account currently asks for a captcha


@dataclass(frozen=True)
class DeactivationEffect:
    """What disabling an account would do, for the admin's confirmation."""

    username: str
    display_name: str
    initiative_name: str | None
    last_active_member: bool  # its initiative would be left without an active account


@dataclass(frozen=True)
class ActiveChange:
    """What disabling or enabling did."""

    username: str
    active: bool
    sessions_ended: int


def users_for_admin(engine: Engine, actor: Actor) -> list[UserRow]:
    if not access.can_manage_users(actor):
        raise AccountError(NOT_ALLOWED)
    return list_users(engine)


def login_event_rows(engine: Engine, actor: Actor, limit: int = 200) -> list[LoginEventRow]:
    if not access.can_manage_users(actor):
        raise AccountError(NOT_ALLOWED)
    return login_events.recent_events(engine, limit=limit)


def deactivation_effect(engine: Engine, actor: Actor, user_id: int) -> DeactivationEffect:
    """What disabling this account would do (asked before the admin confirms)."""
    if not access.can_manage_users(actor):
        raise AccountError(NOT_ALLOWED)
    users = list_users(engine)
    target = next((u for u in users if u.user_id == user_id), None)
    if target is None:
        raise AccountError("Dieses Benutzerkonto gibt es nicht mehr.")
    colleagues = [
        u
        for u in users
        if target.initiative_id is not None
        and u.initiative_id == target.initiative_id
        and u.active
        and u.user_id != user_id
    ]
    return DeactivationEffect(
        target.username,
        target.display_name,
        target.initiative_name,
        target.role == "initiative" and target.active and not colleagues,
    )


def _changeable(s, me: Actor, user_id: int) -> None:
    scope = account_scope_in(s, user_id)
    if scope is None or not access.can_change_account(me, scope):
        raise AccountError(NOT_ALLOWED)


def set_active(
    engine: Engine, actor: Actor, user_id: int, active: bool, now: dt.datetime | None = None
) -> ActiveChange:
    """Disable (ending every session of the account) or enable an account; audited."""
    now = clock.resolve(now)
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        _changeable(s, me, user_id)
        name = set_active_in(s, me, user_id, active)
        ended = 0 if active else sessions.end_sessions_in(s, user_id, "disabled", now)
    return ActiveChange(name, active, ended)


def set_active_as_operator(
    engine: Engine, username: str, active: bool, now: dt.datetime | None = None
) -> str:
    """``disable-user`` / ``enable-user`` on the command line; returns the account's name."""
    now = clock.resolve(now)
    credential = credential_for(engine, username)
    if credential is None:
        raise AccountError(f"Es gibt kein Konto „{username.strip().lower()}“.")
    with write_session(engine) as s:
        name = set_active_in(s, "cli", credential.user_id, active)
        if not active:
            sessions.end_sessions_in(s, credential.user_id, "disabled", now)
    return name


def change_role(
    engine: Engine,
    actor: Actor,
    user_id: int,
    role: str,
    initiative_id: int | None = None,
    network_id: int | None = None,
) -> RoleChange:
    """Give an account another role and scope; audited. Says what changed, in words."""
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        _changeable(s, me, user_id)
        return change_role_in(s, me, user_id, role, initiative_id, network_id)


def throttle_status(
    engine: Engine, actor: Actor, user_id: int, now: dt.datetime | None = None
) -> ThrottleStatus:
    if not access.can_manage_users(actor):
        raise AccountError(NOT_ALLOWED)
    now = clock.resolve(now)
    with read_session(engine) as s:
        credential = credential_in(s, user_id)
    if credential is None:
        raise AccountError(NOT_ALLOWED)
    events = login_events.attempts_of(engine, credential.username, now - throttle.WINDOW)
    cleared = max((e.at for e in events if e.kind in throttle.CLEARING), default=None)
    failures = [e for e in events if e.failed_guess and (cleared is None or e.at > cleared)]
    verdict = throttle.assess(events, [], credential.username, "", now)
    return ThrottleStatus(len(failures), len({e.client for e in failures}), verdict.captcha)


def unlock(engine: Engine, actor: Actor, user_id: int, now: dt.datetime | None = None) -> None:
    """Lift the login throttle and captcha of an account (all addresses); audited."""
    now = clock.resolve(now)
    with write_session(engine) as s:
        me = fresh_actor(s, actor)
        _changeable(s, me, user_id)
        credential = credential_in(s, user_id)
        assert credential is not None
        login_events.record_in(s, credential.username, True, now, kind=throttle.UNLOCK)
        audit.record(s, me, "user.unlock", f"user:{credential.username}")
