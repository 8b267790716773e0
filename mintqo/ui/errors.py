"""Unexpected errors: a German message with a reference id for the user, details to the log.

``app.py`` runs every page inside :func:`friendly_errors`, and fragments wrap their body in it.
Streamlit's own control-flow exceptions (``st.stop``, ``st.rerun``, ``st.switch_page``) pass
through untouched. A locked SQLite database gets its own message
that tells the user their input is kept and to try again.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from mintqo.errors import UserError
from mintqo.faults import database_error_message
from mintqo.ui.st_private import ScriptControlException

log = logging.getLogger("mintqo.errors")


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
    except UserError as exc:  # a refusal that reached the top: its German message says it all
        st.error(str(exc), icon=":material/block:")
    except Exception as exc:  # the last line of defence: log it, tell the user in German
        report(exc)
