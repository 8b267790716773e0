"""A login's one write transaction: the account's login time, its new server-side session and,
for logins without a password check (demo links), the login event.

Every way in (password, demo link, registration) ends here. When a room opens a workshop link
at once, each of these transactions waits its turn for SQLite's one writer and runs in the one
server process, so its statements are built once at import and run on a plain connection
(``benchmarks/README.md``, target 3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, insert, select, update

from mintqo.access import Actor
from mintqo.auth.throttle import LOGIN
from mintqo.store.models import LoginEvent, LoginSession, User
from mintqo.store.users import actor_of

_ACCOUNT = select(
    User.id,
    User.username,
    User.display_name,
    User.role,
    User.initiative_id,
    User.network_id,
    User.active,
    User.reset_notice_pending,
    User.password_reset_at,
    User.password_reset_by,
).where(User.username == bindparam("name"))
_users = User.__table__.c
_MARK = (
    update(User.__table__)
    .where(_users.id == bindparam("user_key"))
    .values(last_login_at=bindparam("login_at"), reset_notice_pending=bindparam("notice_left"))
)
_OPEN_SESSION = insert(LoginSession.__table__)
_RECORD_EVENT = insert(LoginEvent.__table__)


@dataclass(frozen=True)
class Login:
    """An account just logged in: who, and a pending reset notice (when, by whom), which
    the same transaction marked as shown."""

    actor: Actor
    reset: tuple[dt.datetime, str] | None


def log_in(
    conn: Connection,
    username: str,
    token_hash: str,
    now: dt.datetime,
    expires_at: dt.datetime,
    client: str,
    *,
    record_event: bool,
) -> Login | None:
    """Inside the caller's write transaction: open a session for an active account (None:
    unknown or disabled, and nothing is written)."""
    row = conn.execute(_ACCOUNT, {"name": username.strip().lower()}).first()
    if row is None or not row.active:
        return None
    reset = None
    if row.reset_notice_pending and row.password_reset_at is not None:
        reset = (row.password_reset_at, row.password_reset_by or "")
    notice_left = bool(row.reset_notice_pending) and reset is None
    conn.execute(_MARK, {"user_key": row.id, "login_at": now, "notice_left": notice_left})
    conn.execute(
        _OPEN_SESSION,
        {
            "token_hash": token_hash,
            "user_id": row.id,
            "created_at": now,
            "expires_at": expires_at,
            "client": client[:64],
        },
    )
    if record_event:
        conn.execute(
            _RECORD_EVENT,
            {
                "username": row.username[:64],
                "success": True,
                "at": now,
                "kind": LOGIN,
                "client": client[:64],
            },
        )
    return Login(actor_of(row), reset)
