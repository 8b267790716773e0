"""The login cookie's content: an HS256 JWT naming the user and a server-side session.

The cookie is written from JavaScript by the login component (not ``HttpOnly``), so it must be
worth nothing on its own: it carries a random session id whose server-side record every run
checks (see :mod:`mintqo.store.sessions`). Reading never raises: anything that is not a valid,
unexpired token signed with our key and algorithm (``alg: none``, HS512, another key, garbage,
missing or mistyped claims) counts as no login.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import jwt

ALGORITHM = "HS256"
MAX_TOKEN_CHARS = 2048


@dataclass(frozen=True)
class Claims:
    username: str
    session_id: str
    expires_at: dt.datetime  # naive UTC, like the store


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def session_hash(session_id: str) -> str:
    """What the store keeps of a session id (a database copy alone opens no session)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def encode(username: str, session_id: str, expires_at: dt.datetime, key: str) -> str:
    exp = int(expires_at.replace(tzinfo=dt.UTC).timestamp())
    payload = {"sub": username, "sid": session_id, "exp": exp}
    return jwt.encode(payload, key, algorithm=ALGORITHM)


def decode(token: object, key: str, now: dt.datetime) -> Claims | None:
    """The claims of a valid token, or None for anything else (never raises)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "sid", "exp"], "verify_exp": False},
        )
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    username, session_id, exp = payload.get("sub"), payload.get("sid"), payload.get("exp")
    if not (isinstance(username, str) and username and isinstance(session_id, str)):
        return None
    if isinstance(exp, bool) or not isinstance(exp, int | float) or not session_id:
        return None
    try:
        expires_at = dt.datetime.fromtimestamp(exp, dt.UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None
    if expires_at <= now:
        return None
    return Claims(username, session_id, expires_at)
