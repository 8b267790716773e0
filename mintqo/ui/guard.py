"""The check every page runs first: who is logged in, and may they be here."""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.store.users import actor_for
from mintqo.ui.engine import get_engine

NOT_ALLOWED = "Diese Seite steht Ihrer Rolle nicht zur Verfügung."


def current_actor() -> Actor | None:
    """The logged-in, active user, loaded from the database on every run (never trusted from state)."""
    if st.session_state.get("authentication_status") is not True:
        return None
    username = st.session_state.get("username")
    if not isinstance(username, str) or not username:
        return None
    return actor_for(get_engine(), username)


def require_actor(*roles: str) -> Actor:
    """Stop the page with a German message unless a user of one of ``roles`` is logged in."""
    actor = current_actor()
    if actor is None:
        st.warning("Bitte melden Sie sich an.")
        st.stop()
    if roles and actor.role not in roles:
        st.error(NOT_ALLOWED)
        st.stop()
    return actor
