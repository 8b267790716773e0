"""Unexpected errors: a German message with a reference id for the user, details to the log.

Pages wrap their body in :func:`friendly_errors` (or decorate a render function with
:func:`guarded`). Streamlit's own control-flow exceptions (``st.stop``, ``st.rerun``,
``st.switch_page``) pass through untouched. A locked SQLite database gets its own message
that tells the user their input is kept and to try again.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from mintqo.store.answer_import import database_error_message

log = logging.getLogger("mintqo.errors")

P = ParamSpec("P")
R = TypeVar("R")

UNEXPECTED = (
    "Es ist ein unerwarteter Fehler aufgetreten. Bitte laden Sie die Seite neu und versuchen "
    "Sie es noch einmal. Wenn der Fehler bleibt, nennen Sie dem Programmteam die "
    "Referenz {ref}."
)


def new_reference() -> str:
    """A short id that the user can quote and the operator can find in the log."""
    return secrets.token_hex(4).upper()


def user_message(exc: BaseException, ref: str) -> str:
    """The German text the user sees for ``exc`` (pure; tested without Streamlit)."""
    known = database_error_message(exc)
    if known:
        return known
    return UNEXPECTED.format(ref=ref)


def report(exc: BaseException) -> str:
    """Log ``exc`` with a new reference id, show the German message, return the id."""
    ref = new_reference()
    if database_error_message(exc):
        log.warning("database busy [ref %s]: %s", ref, exc)
    else:
        log.error("unexpected error [ref %s]", ref, exc_info=exc)
    st.error(user_message(exc, ref), icon=":material/error:")
    return ref


@contextmanager
def friendly_errors() -> Iterator[None]:
    """``with friendly_errors(): …`` – unexpected exceptions become a German message."""
    try:
        yield
    except ScriptControlException:
        raise
    except Exception as exc:  # the last line of defence: log it, tell the user in German
        report(exc)


def guarded(func: Callable[P, R]) -> Callable[P, R | None]:
    """Decorator form of :func:`friendly_errors` for render functions."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        with friendly_errors():
            return func(*args, **kwargs)
        return None

    return wrapper
