"""The check every page runs first: who is logged in, and may they be here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from mintqo import access
from mintqo.access import Actor, Ownership
from mintqo.store.organisations import assessment_ownership, project_ownership
from mintqo.store.users import actor_for
from mintqo.ui.engine import get_engine

NOT_ALLOWED = "Diese Seite steht Ihrer Rolle nicht zur Verfügung."
PLEASE_LOG_IN = "Bitte melden Sie sich an."
NO_PROJECT_ACCESS = "Kein Zugriff auf dieses Projekt."
NO_EDIT_ACCESS = "Sie dürfen diese Selbstanalyse nicht (mehr) bearbeiten."


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
        return actor_for(get_engine(), username)
    if username not in lookups:
        lookups[username] = actor_for(get_engine(), username)
    return lookups[username]


def current_actor() -> Actor | None:
    """The logged-in, active user, loaded from the database in every run (never trusted from
    state; at most one query per run, see :func:`one_lookup_per_run`)."""
    if st.session_state.get("authentication_status") is not True:
        return None
    username = st.session_state.get("username")
    if not isinstance(username, str) or not username:
        return None
    return actor_named(username)


def may_edit_assessment(assessment_id: int) -> bool:
    """May the logged-in user change this round? For code that runs without ``app.py``'s gate:
    widget callbacks (they run before the script) and fragment reruns (they skip it)."""
    actor = current_actor()
    owner = assessment_ownership(get_engine(), assessment_id)
    return actor is not None and owner is not None and access.can_edit_project(actor, owner)


def require_actor(*roles: str) -> Actor:
    """Stop the page with a German message unless a user of one of ``roles`` is logged in."""
    actor = current_actor()
    if actor is None:
        st.warning(PLEASE_LOG_IN)
        st.stop()
    if roles and actor.role not in roles:
        st.error(NOT_ALLOWED)
        st.stop()
    return actor


def _as_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        return int(value.strip())
    return None


def require_project_access(actor: Actor, project_id: object, edit: bool = False) -> Ownership:
    """Stop with "Kein Zugriff auf dieses Projekt." unless ``actor`` may read (or edit) it.

    ``project_id`` may come straight from ``st.query_params`` or session state: it is parsed
    here, its ownership is loaded from the store, and :mod:`mintqo.access` decides. Unknown
    and foreign projects get the same answer, so ids cannot be probed.
    """
    pid = _as_id(project_id)
    owner = project_ownership(get_engine(), pid) if pid is not None else None
    allowed = owner is not None and (
        access.can_edit_project(actor, owner) if edit else access.can_read_project(actor, owner)
    )
    if not allowed:
        st.error(NO_PROJECT_ACCESS)
        st.stop()
    return owner  # type: ignore[return-value]
