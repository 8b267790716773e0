"""The check every page runs first: who is logged in, and may they open this page.

Who may open which page is stated in :mod:`mintqo.access` and asked through
:mod:`mintqo.services.pages`; nothing here decides it. The user is read from the database on
every run (at most once per run inside ``app.py``), and again in callbacks and fragment reruns,
which run without ``app.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from mintqo.access import Actor
from mintqo.auth.authenticator_adapter import Authenticator
from mintqo.services import acting, login, pages, runtime
from mintqo.ui.engine import get_engine
from mintqo.ui.st_private import script_run_token

NOT_ALLOWED = "Diese Seite steht Ihrer Rolle nicht zur Verfügung."
LOGIN_NOTICE = "_mintqo_login_notice"  # (kind, text) the login gate keeps above its form
PLEASE_LOG_IN = "Bitte melden Sie sich an."

# Users looked up in the database during the current script run (username -> Actor or None).
_RUN_LOOKUPS: ContextVar[dict[str, object] | None] = ContextVar("mintqo_run_lookups", default=None)
# The login check a widget callback hands to the page run after it, with the script run both
# belong to (see :func:`one_lookup_per_run`); each script run has its own thread context, and
# the page run takes it out.
_CALLBACK_CHECK: ContextVar[tuple[object, str, str, login.SessionCheck] | None] = ContextVar(
    "mintqo_callback_check", default=None
)


@contextmanager
def one_lookup_per_run() -> Iterator[None]:
    """Within this block (``app.py`` wraps the whole run) a user and the data versions are read
    from the database once.

    The gate, ``app.py`` and the page all ask who is logged in; one query answers all three.
    The use cases ask for data versions and shared rows (whose project, which projects) several
    times; each is read once (:func:`mintqo.services.runtime.reads_per_run`). The memo lives
    only as long as the
    block: callbacks (which run before ``app.py``) and fragment reruns (which skip it) query the
    database themselves, unless a callback of the same script run handed its login check on
    (``current_actor(hand_on=True)``): then the next callback or the page run takes it over.
    Both belong to one script run, milliseconds apart, like the gate and the page; the check of
    an earlier run is never taken.
    """
    lookups: dict[str, object] = {}
    carried = _take_handed_on()
    if carried is not None:
        _remember_check(lookups, *carried)
    token = _RUN_LOOKUPS.set(lookups)
    try:
        with runtime.reads_per_run():
            yield
    finally:
        _RUN_LOOKUPS.reset(token)


def actor_named(username: str) -> Actor | None:
    """The active user with this name (None: unknown or disabled), from the database."""
    lookups = _RUN_LOOKUPS.get()
    if lookups is None:
        return acting.resolve(get_engine(), username)
    if username not in lookups:
        lookups[username] = acting.resolve(get_engine(), username)
    return lookups[username]


def checked_session(
    session_id: str | None, username: str, *, hand_on: bool = False
) -> login.SessionCheck:
    """Does this browser's login session still log ``username`` in (not logged out, reset,
    disabled or deleted since)? Read once per run, and at every callback; the same row gives
    the account, so the user lookup of this run needs no query of its own. ``hand_on``: a
    callback's check stands for the page run that follows it (see :func:`current_actor`)."""
    lookups = _RUN_LOOKUPS.get()
    key = _session_key(session_id, username)
    if lookups is not None:
        if key not in lookups:
            _remember_check(lookups, key, username, _query(session_id, username))
        return lookups[key]  # type: ignore[return-value]
    carried = _take_handed_on()
    check = carried[2] if carried is not None and carried[0] == key else None
    if check is None:
        check = _query(session_id, username)
    if hand_on:
        _CALLBACK_CHECK.set((script_run_token(), key, username, check))
    return check


def opened_in_this_run(session_id: str, username: str, check: login.SessionCheck) -> None:
    """The login of this run opened ``session_id``: its check is what the login's transaction
    read, so the gate and the page ask no query of their own (outside a run: nothing)."""
    lookups = _RUN_LOOKUPS.get()
    if lookups is not None:
        _remember_check(lookups, _session_key(session_id, username), username, check)


def _session_key(session_id: str | None, username: str) -> str:
    return f"session:{session_id}:{username}"


def _query(session_id: str | None, username: str) -> login.SessionCheck:
    return login.check_session(get_engine(), session_id, username)


def _take_handed_on() -> tuple[str, str, login.SessionCheck] | None:
    """The check a callback of this script run handed on (key, username, check), taken out: a
    callback that does not hand on may write what the check read."""
    carried = _CALLBACK_CHECK.get()
    if carried is None:
        return None
    _CALLBACK_CHECK.set(None)
    run, key, username, check = carried
    if run is None or run is not script_run_token():
        return None
    return key, username, check


def _remember_check(
    lookups: dict[str, object], key: str, username: str, check: login.SessionCheck
) -> None:
    lookups[key] = check
    if check.valid:
        lookups[username] = check.actor


def current_actor(*, hand_on: bool = False) -> Actor | None:
    """The logged-in, active user of an open session, loaded from the database in every run
    (never trusted from state; at most one lookup per run, see :func:`one_lookup_per_run`).
    Callbacks call it when they run, never use an actor captured when the page was drawn.

    ``hand_on=True`` only for callbacks whose writes leave accounts, memberships and login
    sessions alone (answers, notes, the resume point): the page run right after them then
    needs no check of its own. A callback that logs out, changes a password or a membership
    must not hand on: its own write makes the check stale."""
    if st.session_state.get("authentication_status") is not True:
        return None
    username = st.session_state.get("username")
    if not isinstance(username, str) or not username:
        return None
    check = checked_session(Authenticator.session_id(), username, hand_on=hand_on)
    return check.actor if check.valid else None


def require_page(page: str) -> Actor:
    """Stop with a German message unless the logged-in user may open ``page``."""
    actor = current_actor()
    if actor is None:
        notice = st.session_state.get(LOGIN_NOTICE)
        if notice and notice[0] == "success":  # e.g. the account was just deleted
            st.success(notice[1])
        else:
            st.warning(PLEASE_LOG_IN)
        st.stop()
    if not pages.may_open(actor, page):
        st.error(NOT_ALLOWED)
        st.stop()
    return actor
