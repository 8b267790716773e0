"""Login events: password attempts, admin unlocks and resets. The throttle counts them, the admin
reads them, and they are kept only for the retention period (see :func:`purge_before`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from mintqo.auth.throttle import Attempt
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import LoginEvent


@dataclass(frozen=True)
class LoginEventRow:
    at: dt.datetime
    username: str
    success: bool
    kind: str = "login"
    client: str = ""


def _name(username: str) -> str:
    return username.strip().lower()[:64]


def record_in(
    s: Session,
    username: str,
    success: bool,
    at: dt.datetime,
    *,
    kind: str = "login",
    client: str = "",
) -> None:
    s.add(
        LoginEvent(username=_name(username), success=success, at=at, kind=kind, client=client[:64])
    )


def record_login(
    engine: Engine,
    username: str,
    success: bool,
    at: dt.datetime,
    *,
    kind: str = "login",
    client: str = "",
) -> None:
    with write_session(engine) as s:
        record_in(s, username, success, at, kind=kind, client=client)


def _attempts(query) -> list[Attempt]:
    return [Attempt(r.at, r.username, r.client, r.kind, bool(r.success)) for r in query]


def _columns():
    return select(
        LoginEvent.at, LoginEvent.username, LoginEvent.client, LoginEvent.kind, LoginEvent.success
    )


def attempts_of(engine: Engine, username: str, since: dt.datetime) -> list[Attempt]:
    """Events of one user name from ``since`` on (index: username, time)."""
    with read_session(engine) as s:
        return _attempts(
            s.execute(
                _columns().where(LoginEvent.username == _name(username), LoginEvent.at >= since)
            )
        )


def attempts_from(engine: Engine, client: str, since: dt.datetime) -> list[Attempt]:
    """Events from one client address from ``since`` on (index: client, time)."""
    with read_session(engine) as s:
        return _attempts(
            s.execute(_columns().where(LoginEvent.client == client[:64], LoginEvent.at >= since))
        )


def recent_events(
    engine: Engine, limit: int = 200, username: str | None = None
) -> list[LoginEventRow]:
    """The newest login events, newest first (for the admin page)."""
    query = select(
        LoginEvent.at, LoginEvent.username, LoginEvent.success, LoginEvent.kind, LoginEvent.client
    )
    if username:
        query = query.where(LoginEvent.username == _name(username))
    query = query.order_by(LoginEvent.at.desc(), LoginEvent.id.desc()).limit(limit)
    with read_session(engine) as s:
        return [
            LoginEventRow(r.at, r.username, bool(r.success), r.kind, r.client)
            for r in s.execute(query)
        ]


def purge_before(engine: Engine, before: dt.datetime) -> int:
    """Delete events older than ``before`` (data minimisation); returns how many went."""
    with write_session(engine) as s:
        return s.execute(delete(LoginEvent).where(LoginEvent.at < before)).rowcount or 0
