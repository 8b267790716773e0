"""Logins: the throttle's verdict for an attempt, recording attempts, server-side sessions, the
one-time reset notice and the retention purge of login events.

Called by the login gate (:mod:`mintqo.ui.login`) before any user is logged in, so these
functions take no :class:`~mintqo.access.Actor`; they decide nothing about access beyond "is
this account active and this session still open".
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from mintqo.access import Actor
from mintqo.auth import clock, throttle, tokens
from mintqo.auth.config import login_event_days
from mintqo.store import login_events, logins, sessions
from mintqo.store.engine import write_connection
from mintqo.store.users import Credential, credential_for

PURGE_EVERY = dt.timedelta(hours=1)
_purged: dict[str, dt.datetime] = {}
_purge_lock = threading.Lock()

RESET_NOTICE = (
    "Ihr Passwort wurde am {at} neu gesetzt – {by}. Wenn Sie das nicht selbst veranlasst "
    "haben, wenden Sie sich bitte umgehend an das Programmteam."
)


@dataclass(frozen=True)
class AttemptCheck:
    """What a password attempt for one user name from one address may do."""

    credential: Credential | None  # the active account to check the password against, if any
    wait_seconds: int  # > 0: refused without looking at the password
    captcha: bool  # a captcha must be solved for this attempt


def _verdict(engine: Engine, username: str, client: str, now: dt.datetime) -> throttle.Verdict:
    since = now - throttle.WINDOW
    return throttle.assess(
        login_events.attempts_of(engine, username, since),
        login_events.attempts_from(engine, client, since),
        username.strip().lower(),
        client,
        now,
    )


def check_attempt(
    engine: Engine, username: str, client: str, now: dt.datetime | None = None
) -> AttemptCheck:
    """The throttle for a password attempt, and the account if it exists and is active.

    Unknown and disabled names get the same verdict as real ones (the caller checks their
    password against a dummy hash, so the answer and its timing reveal nothing).
    """
    now = clock.resolve(now)
    verdict = _verdict(engine, username, client, now)
    credential = credential_for(engine, username)
    if credential is not None and not credential.active:
        credential = None
    return AttemptCheck(credential, verdict.wait_seconds(now), verdict.captcha)


def password_check_wait(
    engine: Engine, username: str, client: str, now: dt.datetime | None = None
) -> int:
    """Seconds to wait before the next check of the current password in the settings."""
    now = clock.resolve(now)
    return _verdict(engine, username, client, now).wait_seconds(now)


def form_needs_captcha(engine: Engine, client: str, now: dt.datetime | None = None) -> bool:
    """Must the login form show a captcha before a name is typed (many failures from here)?"""
    now = clock.resolve(now)
    since = now - throttle.WINDOW
    return throttle.client_needs_captcha(
        login_events.attempts_from(engine, client, since), client, now
    )


def record_attempt(
    engine: Engine,
    username: str,
    success: bool,
    client: str,
    *,
    kind: str = throttle.LOGIN,
    now: dt.datetime | None = None,
) -> None:
    """Log a password attempt (login or settings check); old events are purged now and then."""
    now = clock.resolve(now)
    login_events.record_login(engine, username, success, now, kind=kind, client=client)
    purge_if_due(engine, now)


@dataclass(frozen=True)
class StartedSession:
    session_id: str  # goes into the cookie; the store keeps only its hash
    expires_at: dt.datetime
    actor: Actor  # the account as the login's transaction read it
    reset_notice: str | None = None  # shown once after a password reset by someone else

    @property
    def username(self) -> str:
        return self.actor.username

    def check(self) -> SessionCheck:
        """The verdict on this session within the run that opened it: the login's own
        transaction read the account, so a second read would say the same."""
        return SessionCheck(True, "", self.actor.user_id, self.actor.display_name, self.actor)


def start_session(
    engine: Engine,
    username: str,
    client: str,
    days: float,
    now: dt.datetime | None = None,
    *,
    record_login: bool = False,
) -> StartedSession | None:
    """Open a server-side session for an active account (None if it is not active).

    One write transaction: the session, the login time, the pending reset notice and (with
    ``record_login``, for logins without a password check such as the demo links) the login
    event. When 200 people open a workshop link at once, every extra write transaction waits
    for SQLite's one writer.
    """
    now = clock.resolve(now)
    session_id = tokens.new_session_id()
    expires_at = now + dt.timedelta(days=days)
    with write_connection(engine) as conn:
        started = logins.log_in(
            conn,
            username,
            tokens.session_hash(session_id),
            now,
            expires_at,
            client,
            record_event=record_login,
        )
    if started is None:
        return None
    if record_login:
        purge_if_due(engine, now)
    notice = None
    if started.reset is not None:
        notice = RESET_NOTICE.format(at=clock.berlin_text(started.reset[0]), by=started.reset[1])
    return StartedSession(session_id, expires_at, started.actor, notice)


@dataclass(frozen=True)
class SessionCheck:
    """The verdict on a logged-in browser session, run by the gate on every run."""

    valid: bool
    reason: str = ""  # when not valid: "ended", "expired", "disabled" or "gone"
    user_id: int | None = None
    display_name: str = ""
    actor: Actor | None = None  # the account as it is now, when valid


def check_session(
    engine: Engine, session_id: str | None, username: str, now: dt.datetime | None = None
) -> SessionCheck:
    """Does this session (from the cookie or the browser's memory) still log ``username`` in?"""
    now = clock.resolve(now)
    if not session_id:
        return SessionCheck(False, "ended")
    state = sessions.session_state(engine, tokens.session_hash(session_id))
    if state is None or state.username != username.strip().lower():
        return SessionCheck(False, "gone")
    if not state.user_active:
        return SessionCheck(False, "disabled", state.user_id)
    if state.ended:
        return SessionCheck(False, "ended", state.user_id)
    if state.expires_at <= now:
        return SessionCheck(False, "expired", state.user_id)
    return SessionCheck(True, "", state.user_id, state.display_name, state.actor)


def end_session(
    engine: Engine, session_id: str | None, reason: str = "logout", now: dt.datetime | None = None
) -> None:
    if session_id:
        sessions.end_session(engine, tokens.session_hash(session_id), reason, clock.resolve(now))


def purge_if_due(engine: Engine, now: dt.datetime | None = None) -> int:
    """Delete login events and ended sessions older than the retention period
    (``MINTQO_LOGIN_EVENT_DAYS``, default 90) – at most once an hour per process and store."""
    now = clock.resolve(now)
    key = str(engine.url)
    with _purge_lock:
        last = _purged.get(key)
        if last is not None and now - last < PURGE_EVERY and now >= last:
            return 0
        _purged[key] = now
    before = now - dt.timedelta(days=login_event_days())
    return login_events.purge_before(engine, before) + sessions.purge_before(engine, before)
