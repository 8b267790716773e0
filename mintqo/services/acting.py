"""Who is acting: the logged-in user as the database knows them right now.

Reads take the :class:`~mintqo.access.Actor` resolved in the current script run (or, in
callbacks and fragments, resolved again at call time). Writes go one step further and re-read
the acting user inside their own transaction with :func:`fresh_actor`: whatever a page captured
when it was drawn, the rules are applied to the account as it is when the write happens.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mintqo.access import Actor
from mintqo.services.errors import AccountGone
from mintqo.store import users


def resolve(engine: Engine, username: str) -> Actor | None:
    """The active account with this user name, or None (unknown or disabled)."""
    return users.actor_for(engine, username)


def fresh_actor(session: Session, actor: Actor) -> Actor:
    """``actor`` as stored now, inside the caller's write transaction (row re-read).

    Raises :class:`AccountGone` if the account was disabled or deleted since ``actor`` was
    resolved; role and scope are taken from the database, not from ``actor``.
    """
    current = users.actor_in_session(session, actor.user_id)
    if current is None or current.username != actor.username:
        raise AccountGone()
    return current
