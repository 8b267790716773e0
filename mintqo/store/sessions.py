"""Server-side login sessions: the login cookie names one, every run checks it is still open.

Only the SHA-256 of the session id is stored (:func:`mintqo.auth.tokens.session_hash`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from mintqo.access import Actor
from mintqo.store.engine import read_connection, write_session
from mintqo.store.models import LoginSession, User


@dataclass(frozen=True)
class SessionState:
    """A session as the gate needs it: whose, and whether it still logs in; with the account
    as an :class:`~mintqo.access.Actor`, so that one query per run answers both."""

    user_id: int
    username: str
    display_name: str
    user_active: bool
    ended: bool
    expires_at: dt.datetime
    actor: Actor


_SESSION_BY_HASH = (
    select(
        LoginSession.user_id,
        LoginSession.ended_at,
        LoginSession.expires_at,
        User.username,
        User.display_name,
        User.active,
        User.role,
        User.initiative_id,
        User.network_id,
    )
    .join(User, User.id == LoginSession.user_id)
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def session_state(engine: Engine, token_hash: str) -> SessionState | None:
    """The session with this hash and its account, or None (unknown, or the account is gone).
    Asked on every page run: a statement built once, on a plain connection."""
    with read_connection(engine) as conn:
        row = conn.execute(_SESSION_BY_HASH, {"token_hash": token_hash}).first()
    if row is None:
        return None
    return SessionState(
        row.user_id,
        row.username,
        row.display_name,
        bool(row.active),
        row.ended_at is not None,
        row.expires_at,
        Actor(
            user_id=row.user_id,
            username=row.username,
            display_name=row.display_name,
            role=row.role,
            initiative_id=row.initiative_id,
            network_id=row.network_id,
        ),
    )


def end_session(engine: Engine, token_hash: str, reason: str, at: dt.datetime) -> None:
    with write_session(engine) as s:
        s.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == token_hash, LoginSession.ended_at.is_(None))
            .values(ended_at=at, end_reason=reason[:32])
        )


def end_sessions_in(
    s: Session, user_id: int, reason: str, at: dt.datetime, keep: str | None = None
) -> int:
    """End every open session of an account (but ``keep``, a token hash); returns how many."""
    query = update(LoginSession).where(
        LoginSession.user_id == user_id, LoginSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(LoginSession.token_hash != keep)
    return s.execute(query.values(ended_at=at, end_reason=reason[:32])).rowcount or 0


def purge_before(engine: Engine, before: dt.datetime) -> int:
    """Delete sessions that ended or expired before ``before``; returns how many went."""
    with write_session(engine) as s:
        result = s.execute(
            delete(LoginSession).where(
                or_(LoginSession.ended_at < before, LoginSession.expires_at < before)
            )
        )
        return result.rowcount or 0
