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
from mintqo.services import acting, pages
from mintqo.ui.engine import get_engine
from mintqo.ui.notices import render_deleted_notice

NOT_ALLOWED = "Diese Seite steht Ihrer Rolle nicht zur Verfügung."
PLEASE_LOG_IN = "Bitte melden Sie sich an."

# Users looked up in the database during the current script run (username -> Actor or None).
_RUN_LOOKUPS: ContextVar[dict[str, Actor | None] | None] = ContextVar(
    "mintqo_run_lookups", default=None
)


@contextmanager
def one_lookup_per_run() -> Iterator[None]:
    """Within this block (``app.py`` wraps the whole run) a user is read from the database once.

    The gate, ``app.py`` and the page all ask who is logged in; one query answers all three.
    The memo lives only as long as the block: callbacks (which run before ``app.py``) and
    fragment reruns (which skip it) always query the database themselves.
    """
    token = _RUN_LOOKUPS.set({})
    try:
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


def current_actor() -> Actor | None:
    """The logged-in, active user, loaded from the database in every run (never trusted from
    state; at most one query per run, see :func:`one_lookup_per_run`). Callbacks call it when
    they run, never use an actor captured when the page was drawn."""
    if st.session_state.get("authentication_status") is not True:
        return None
    username = st.session_state.get("username")
    if not isinstance(username, str) or not username:
        return None
    return actor_named(username)


def require_page(page: str) -> Actor:
    """Stop with a German message unless the logged-in user may open ``page``."""
    actor = current_actor()
    if actor is None:
        if not render_deleted_notice():  # the page of an account deleted a moment ago
            st.warning(PLEASE_LOG_IN)
        st.stop()
    if not pages.may_open(actor, page):
        st.error(NOT_ALLOWED)
        st.stop()
    return actor
