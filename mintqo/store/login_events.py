"""Login attempts: the lockout counts failures here, the admin reads them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select

from mintqo.store.engine import read_session, write_session
from mintqo.store.models import LoginEvent


@dataclass(frozen=True)
class LoginEventRow:
    at: dt.datetime
    username: str
    success: bool


def _name(username: str) -> str:
    return username.strip().lower()[:64]


def record_login(engine: Engine, username: str, success: bool, at: dt.datetime) -> None:
    with write_session(engine) as s:
        s.add(LoginEvent(username=_name(username), success=success, at=at))


def events_since(
    engine: Engine, username: str, since: dt.datetime
) -> list[tuple[dt.datetime, bool]]:
    """(time, success) of one user name from ``since`` on (the index covers username + time)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(LoginEvent.at, LoginEvent.success).where(
                LoginEvent.username == _name(username), LoginEvent.at >= since
            )
        ).all()
    return [(row.at, bool(row.success)) for row in rows]


def recent_events(
    engine: Engine, limit: int = 200, username: str | None = None
) -> list[LoginEventRow]:
    """The newest login events, newest first (for the admin page)."""
    query = select(LoginEvent.at, LoginEvent.username, LoginEvent.success)
    if username:
        query = query.where(LoginEvent.username == _name(username))
    query = query.order_by(LoginEvent.at.desc(), LoginEvent.id.desc()).limit(limit)
    with read_session(engine) as s:
        return [LoginEventRow(r.at, r.username, bool(r.success)) for r in s.execute(query)]


def purge_before(engine: Engine, before: dt.datetime) -> int:
    """Delete events older than ``before`` (data minimisation); returns how many went."""
    with write_session(engine) as s:
        return s.execute(delete(LoginEvent).where(LoginEvent.at < before)).rowcount or 0
